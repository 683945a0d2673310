import { prepareBatches } from './prepare-batches.js';
import type { SyncAccounting } from './sync-accounting.js';

/** A member that passed the platform's rules: its input position, wire value and dedupe key. */
export interface PreparedMember<T> {
  index: number;
  value: T;
  /** Compared to find duplicates (usually the normalized or hashed id). */
  key: string;
}

/**
 * A platform's identifier rules for one member: return the wire value and its dedupe key, or
 * throw `InvalidIdentifierError` (any other throw also becomes an issue, never an abort).
 */
export type PrepareMember<TMember, T> = (member: TMember, index: number) => { value: T; key: string };

/**
 * Streams the caller's members through `prepare` and the per-call dedupe, one at a time; bad rows
 * and duplicates are counted on `accounting` and not yielded. For batches, use `runSync`.
 */
export async function* prepareMembers<TMember, T>(input: {
  members: Iterable<TMember> | AsyncIterable<TMember>;
  prepare: PrepareMember<TMember, T>;
  accounting: SyncAccounting;
  /** @default true */
  dedupe?: boolean;
}): AsyncGenerator<PreparedMember<T>> {
  for await (const [member] of prepareBatches({ ...input, maxItems: 1 })) {
    if (member !== undefined) yield member;
  }
}
