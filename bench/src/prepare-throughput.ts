import { createHash } from 'node:crypto';
import { normalizeEmail, runSync, sha256 } from '@x/core';

/** Emails as a real export has them: mixed case, stray spaces, a few bad rows and repeats. */
export function benchEmails(count: number): string[] {
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 97 === 0) emails.push(`Bad Row ${i}`);
    else if (i % 31 === 0) emails.push(`user.${i - 5}+tag@example${(i - 5) % 13}.com`);
    else emails.push(` User.${i}+Tag@Example${i % 13}.com`);
  }
  return emails;
}

/** What a typical hand-written job does: trim/lowercase/regex, createHash per member, a Set of strings. */
export async function naivePrepare(members: Iterable<string>, batchSize: number): Promise<number> {
  const seen = new Set<string>();
  let batch: string[] = [];
  let sent = 0;
  for (const raw of members) {
    const email = raw.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) continue;
    const hash = createHash('sha256').update(email).digest('hex');
    if (seen.has(hash)) continue;
    seen.add(hash);
    batch.push(hash);
    if (batch.length === batchSize) {
      sent += await send(batch);
      batch = [];
    }
  }
  if (batch.length > 0) sent += await send(batch);
  return sent;
}

/** The SDK's pipeline with a no-op send: normalizeEmail + sha256 + compact dedupe + batches + accounting. */
export async function corePrepare(members: Iterable<string>, batchSize: number): Promise<number> {
  const report = await runSync({
    platform: 'core',
    operation: 'add',
    segmentId: 'bench',
    members,
    prepare: (member: string) => {
      const hash = sha256(normalizeEmail(member));
      return { value: hash, key: hash };
    },
    batch: { maxItems: batchSize },
    send: async (batch) => {
      await send(batch);
      return {};
    },
  });
  return report.sent;
}

async function send(batch: unknown[]): Promise<number> {
  return batch.length;
}

/** Members per second of one run. */
export async function measure(run: () => Promise<number>, count: number): Promise<number> {
  const started = performance.now();
  await run();
  return count / ((performance.now() - started) / 1000);
}
