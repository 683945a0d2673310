import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTtdCrmSpool } from './ttd-crm-spool.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ttd-crm-spool-test-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function readBody(body: Uint8Array | ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body as BodyInit).text();
}

describe('createTtdCrmSpool', () => {
  it('keeps a small body in memory, newline-terminated, with its exact byte length', async () => {
    const spool = createTtdCrmSpool({ thresholdBytes: 1024, directory });
    await spool.writeLine('a@example.com');
    await spool.writeLine('é@example.com');
    const body = await spool.finish();
    expect(body.streamed).toBe(false);
    expect(spool.filePath).toBeUndefined();
    expect(await readBody(body.body())).toBe('a@example.com\né@example.com\n');
    expect(body.contentLength).toBe(Buffer.byteLength('a@example.com\né@example.com\n'));
    expect(await readdir(directory)).toEqual([]);
  });

  it('writes a body above the threshold to a temporary file, replayable per attempt, removed on dispose', async () => {
    const spool = createTtdCrmSpool({ thresholdBytes: 100_000, directory });
    const lines = Array.from({ length: 20_000 }, (_, i) => `member${i}@example.com`);
    for (const line of lines) await spool.writeLine(line);
    const body = await spool.finish();
    const expected = `${lines.join('\n')}\n`;
    expect(body.streamed).toBe(true);
    expect(body.contentLength).toBe(Buffer.byteLength(expected));
    expect(await readFile(spool.filePath as string, 'utf8')).toBe(expected);
    expect(await readBody(body.body())).toBe(expected);
    expect(await readBody(body.body())).toBe(expected);
    await spool.dispose();
    expect(await readdir(directory)).toEqual([]);
  });

  it('removes the file when disposed before finishing (a failed sync)', async () => {
    const spool = createTtdCrmSpool({ thresholdBytes: 0, directory });
    for (let i = 0; i < 10_000; i++) await spool.writeLine(`member${i}@example.com`);
    expect(await readdir(directory)).toHaveLength(1);
    await spool.dispose();
    await spool.dispose();
    expect(await readdir(directory)).toEqual([]);
  });
});
