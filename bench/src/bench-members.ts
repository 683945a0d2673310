import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';

/** The identifier a platform's members carry in the benchmarks. */
export type IdKind = 'email' | 'tdid';

/**
 * Member `i` of a benchmark audience, as a real export has it: about 1% bad rows and 3% repeats
 * of an earlier member; the rest distinct. Emails come with stray spaces and mixed case.
 */
export function memberLine(kind: IdKind, i: number): string {
  if (i % 97 === 0) return kind === 'email' ? `Bad Row ${i}` : `not-a-guid-${i}`;
  const n = i % 31 === 0 ? i - 5 : i;
  return kind === 'email' ? ` User.${n}+Tag@Example${n % 13}.com` : tdid(n);
}

function tdid(n: number): string {
  // Distinct per n (the last group is n itself); the rest is a cheap mix so ids do not look sequential.
  const mix = (Math.imul(n, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
  return `${mix}-${mix.slice(0, 4)}-4${mix.slice(4, 7)}-8${mix.slice(1, 4)}-${n.toString(16).padStart(12, '0')}`;
}

export function memberLines(kind: IdKind, count: number): string[] {
  const lines = new Array<string>(count);
  for (let i = 0; i < count; i++) lines[i] = memberLine(kind, i);
  return lines;
}

/** An async generator yielding one member at a time: nothing but the current member is held. */
export async function* memberStream<M>(kind: IdKind, count: number, toMember: (line: string) => M): AsyncGenerator<M> {
  for (let i = 0; i < count; i++) yield toMember(memberLine(kind, i));
}

/** Writes an audience file, one member per line (what a CRM export looks like). */
export async function writeMemberFile(path: string, kind: IdKind, count: number): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += `${memberLine(kind, i)}\n`;
    if (chunk.length >= 1 << 16) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await finished(out);
}

/** Reads an audience file line by line, as the demo does (examples/demo/src/local-sink-demo.ts). */
export async function* memberFileStream<M>(path: string, toMember: (line: string) => M): AsyncGenerator<M> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) yield toMember(line);
}
