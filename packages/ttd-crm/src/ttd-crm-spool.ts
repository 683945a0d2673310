import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

/** The finished upload body: its exact length and a factory that replays it per attempt. */
export interface TtdCrmSpooledBody {
  contentLength: number;
  /** True when the body is streamed from a temporary file. */
  streamed: boolean;
  body: () => Uint8Array | ReadableStream<Uint8Array>;
}

/**
 * Collects newline-terminated lines for one upload. A presigned upload needs a Content-Length,
 * so the body is complete before it is sent: in memory up to `thresholdBytes`, then in a
 * temporary file (owner-only permissions) that `dispose` removes.
 */
export interface TtdCrmSpool {
  writeLine(line: string): Promise<void>;
  finish(): Promise<TtdCrmSpooledBody>;
  /** Removes the temporary file, if any. Safe to call more than once. */
  dispose(): Promise<void>;
  /** The temporary file, once the body went to disk. */
  readonly filePath: string | undefined;
}

const FLUSH_CHARACTERS = 64 * 1024;

export function createTtdCrmSpool(options: { thresholdBytes: number; directory?: string | undefined }): TtdCrmSpool {
  let pending = '';
  let chunks: Buffer[] = [];
  let bytes = 0;
  let directory: string | undefined;
  let filePath: string | undefined;
  let handle: FileHandle | undefined;

  async function toDisk(): Promise<FileHandle> {
    directory = await mkdtemp(join(options.directory ?? tmpdir(), 'ttd-crm-spool-'));
    filePath = join(directory, 'upload.txt');
    const opened = await open(filePath, 'w', 0o600);
    handle = opened;
    for (const chunk of chunks) await writeAll(opened, chunk);
    chunks = [];
    return opened;
  }

  async function flush(): Promise<void> {
    if (pending === '') return;
    const buffer = Buffer.from(pending, 'utf8');
    pending = '';
    bytes += buffer.length;
    if (handle === undefined && bytes <= options.thresholdBytes) {
      chunks.push(buffer);
      return;
    }
    await writeAll(handle ?? (await toDisk()), buffer);
  }

  return {
    get filePath() {
      return filePath;
    },
    async writeLine(line) {
      pending += `${line}\n`;
      if (pending.length >= FLUSH_CHARACTERS) await flush();
    },
    async finish() {
      await flush();
      if (handle !== undefined) {
        await handle.close();
        handle = undefined;
        const path = filePath as string;
        return { contentLength: bytes, streamed: true, body: () => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array> };
      }
      const body = new Uint8Array(Buffer.concat(chunks, bytes));
      chunks = [];
      return { contentLength: bytes, streamed: false, body: () => body };
    },
    async dispose() {
      chunks = [];
      pending = '';
      const open = handle;
      handle = undefined;
      if (open !== undefined) await open.close().catch(() => undefined);
      if (directory !== undefined) await rm(directory, { recursive: true, force: true });
    },
  };
}

async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}
