import { DedupeTable } from '@x/core';
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMemberFile } from './bench-members.js';
import { BENCH_PLATFORMS, type PlatformName } from './bench-platforms.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

interface ChildResult {
  maxRssBytes: number;
  seconds: number;
  received: number;
  sent: number;
  accepted: number;
  /** Members the server counted for this run's segment. */
  counted: number;
  /** Bytes of the TTD CRM upload the server received. */
  uploadedBytes: number;
}

export interface RssFigure {
  platform: PlatformName;
  source: 'generator' | 'file';
  small: ChildResult;
  large: ChildResult;
  ratio: number;
}

/**
 * Figure (d): peak RSS of a sync of `small` vs `large` members, each in a fresh child process
 * (`process.resourceUsage().maxRSS`), against the minimal counting server in another child.
 * Sources: an async generator for `platforms`; a file read line by line for `fileSource`.
 * `parallel` pairs run side by side (each process's peak is its own). Goal: ≤ 1.5×.
 */
export async function runRssBenchmark(options: {
  small: number;
  large: number;
  platforms: PlatformName[];
  fileSource: PlatformName[];
  parallel: number;
}): Promise<RssFigure[]> {
  const count = (n: number) => n.toLocaleString('en-US');
  console.log(`(d) peak RSS (maxRSS of a fresh process per sync), ${count(options.small)} vs ${count(options.large)} members`);
  console.log(`    server: minimal node:http responder in a child process (checks auth, counts members, keeps nothing)`);
  const server = await startServerProcess('fast');
  const folder = await mkdtemp(join(tmpdir(), 'x-bench-'));
  let nextSegment = 900_001;
  const run = (platform: PlatformName | 'hash-only', members: number, source: string) => runChild(server, platform, members, source, String(nextSegment++));
  try {
    const idle = await run('criteo', 0, 'generator');
    console.log(`    idle process (tsx + SDK loaded, nothing synced): ${mb(idle.maxRssBytes)}`);
    const floorSmall = await run('hash-only', options.small, 'generator');
    const floorLarge = await run('hash-only', options.large, 'generator');
    const table = dedupeTableBytes(floorLarge.sent);
    console.log(
      `    core pipeline alone (no network)                 ${mb(floorSmall.maxRssBytes).padStart(7)} → ${mb(floorLarge.maxRssBytes).padStart(7)}` +
        `   ratio ${(floorLarge.maxRssBytes / floorSmall.maxRssBytes).toFixed(2)}×   the floor: core's dedupe table holds ${mb(table)} at the end`,
    );

    const files = new Map<string, string>();
    for (const name of options.fileSource) {
      for (const size of [options.small, options.large]) {
        const key = `${BENCH_PLATFORMS[name].kind}-${size}`;
        if (files.has(key)) continue;
        files.set(key, join(folder, `${key}.txt`));
        await writeMemberFile(files.get(key) as string, BENCH_PLATFORMS[name].kind, size);
      }
    }
    const tasks = [
      ...options.platforms.map((platform) => ({ platform, source: 'generator' as const })),
      ...options.fileSource.map((platform) => ({ platform, source: 'file' as const })),
    ];
    const figures: RssFigure[] = new Array(tasks.length);
    // Slowest first, so that the lanes finish together.
    const order = tasks.map((_, i) => i).sort((a, b) => weight(tasks[b]!.platform) - weight(tasks[a]!.platform));
    const lanes = Array.from({ length: Math.max(1, options.parallel) }, async () => {
      for (let i = order.shift(); i !== undefined; i = order.shift()) {
        const task = tasks[i]!;
        const source = (size: number) => (task.source === 'generator' ? 'generator' : (files.get(`${BENCH_PLATFORMS[task.platform].kind}-${size}`) as string));
        const small = await run(task.platform, options.small, source(options.small));
        const large = await run(task.platform, options.large, source(options.large));
        figures[i] = { ...task, small, large, ratio: large.maxRssBytes / small.maxRssBytes };
      }
    });
    await Promise.all(lanes);
    for (const figure of figures) {
      const platform = BENCH_PLATFORMS[figure.platform];
      const { small, large } = figure;
      const source = figure.source === 'generator' ? 'async generator' : 'file, line by line';
      console.log(
        `    ${platform.label.padEnd(22)} ${source.padEnd(18)} ${mb(small.maxRssBytes).padStart(7)} → ${mb(large.maxRssBytes).padStart(7)}` +
          `   ratio ${figure.ratio.toFixed(2)}×   goal ≤ 1.5×   (${count(large.sent)} sent in ${large.seconds.toFixed(0)} s;` +
          ` over the core pipeline alone: ${signedMb(small.maxRssBytes - floorSmall.maxRssBytes)} → ${signedMb(large.maxRssBytes - floorLarge.maxRssBytes)})`,
      );
      if (figure.platform === 'ttd-crm') console.log(`    ${''.padEnd(41)} upload spooled to a temporary file: ${mb(large.uploadedBytes)} (the file grows, memory does not)`);
    }
    return figures;
  } finally {
    await rm(folder, { recursive: true, force: true });
    await server.close();
  }
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

function signedMb(bytes: number): string {
  return `${bytes < 0 ? '−' : '+'}${mb(Math.abs(bytes))}`;
}

function weight(platform: PlatformName): number {
  return { linkedin: 4, 'ttd-data': 3, 'ttd-crm': 2, criteo: 1 }[platform];
}

/** Runs one sync in a fresh process and checks that the server counted what the report says it sent. */
async function runChild(server: ServerProcess, name: PlatformName | 'hash-only', members: number, source: string, segment: string): Promise<ChildResult> {
  const child = fork(new URL('./rss-child.ts', import.meta.url), [name, String(members), source, server.url, segment], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = await new Promise<Omit<ChildResult, 'counted' | 'uploadedBytes'>>((resolve, reject) => {
    let answer: Omit<ChildResult, 'counted' | 'uploadedBytes'> | undefined;
    child.on('message', (message: typeof answer) => {
      answer = message;
    });
    child.once('exit', (code) => (answer === undefined ? reject(new Error(`rss child ${name} ${members} exited with ${code}`)) : resolve(answer)));
  });
  const stats = await server.stats();
  const counted = name === 'hash-only' ? result.sent : (stats[`${BENCH_PLATFORMS[name].statsKey}/${segment}`] ?? 0);
  if (counted !== result.sent || result.accepted !== result.sent) {
    console.log(`    ! ${name}: the report says ${result.sent} sent / ${result.accepted} accepted; the server counted ${counted}`);
  }
  return { ...result, counted, uploadedBytes: stats[`ttd-crm-bytes/${segment}`] ?? 0 };
}

/**
 * Bytes of core's dedupe table once it holds `distinct` keys, measured on a real table. Its
 * segments grow one at a time, so its peak is its final size plus one segment's growth.
 */
export function dedupeTableBytes(distinct: number): number {
  const table = new DedupeTable();
  for (let i = 0; i < distinct; i++) table.add(`member-${i}`);
  return table.byteLength;
}
