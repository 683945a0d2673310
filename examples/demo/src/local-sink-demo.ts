import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { normalizeEmail, runSync, sha256, type SyncReport } from '@x/core';
import type { GeneratedMember } from './generate-audience.js';

/**
 * Writes the audience to a CSV file, then streams it back line by line through core's pipeline
 * into a local sink: the way a real job reads an export too large for memory.
 */
export async function runLocalSinkDemo(audience: Iterable<GeneratedMember>): Promise<SyncReport & { file: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'x-demo-'));
  const file = join(folder, 'audience.csv');
  try {
    const out = createWriteStream(file);
    for (const member of audience) {
      if (!out.write(`${member.email}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    out.end();
    await finished(out);

    const sink = new Set<string>();
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
    const report = await runSync({
      platform: 'core',
      operation: 'add',
      segmentId: 'local-sink',
      members: lines,
      prepare: (line: string) => {
        const hash = sha256(normalizeEmail(line));
        return { value: hash, key: hash };
      },
      batch: { maxItems: 5_000 },
      send: async (batch) => {
        for (const member of batch) sink.add(member.value);
        return {};
      },
    });
    return { ...report, file: 'audience.csv (streamed line by line)' };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
