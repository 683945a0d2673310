import { DedupeTable } from './dedupe-table.js';
import { ConfigurationError } from './errors/configuration-error.js';
import { InvalidIdentifierError } from './errors/invalid-identifier-error.js';
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
 * Streams the caller's members through `prepare` and the per-call dedupe; bad rows and duplicates
 * are counted on `accounting` and not yielded.
 */
export async function* prepareMembers<TMember, T>(input: {
  members: Iterable<TMember> | AsyncIterable<TMember>;
  prepare: PrepareMember<TMember, T>;
  accounting: SyncAccounting;
  /** @default true */
  dedupe?: boolean;
}): AsyncGenerator<PreparedMember<T>> {
  const { members, prepare, accounting } = input;
  if (!isIterable(members)) {
    throw new ConfigurationError('members must be an iterable or async iterable (an array, a Set, a generator...).', {
      issues: [{ path: 'members', message: 'Expected an iterable or async iterable.' }],
    });
  }
  const seen = input.dedupe === false ? undefined : new DedupeTable();
  let index = 0;
  for await (const member of members as AsyncIterable<TMember>) {
    const position = index++;
    let prepared: { value: T; key: string };
    try {
      prepared = prepare(member, position);
    } catch (error) {
      if (InvalidIdentifierError.isInstance(error)) accounting.invalid(position, error.reason, error.message);
      else accounting.invalid(position, 'invalid-value', 'Member could not be read.');
      continue;
    }
    if (seen !== undefined && !seen.add(prepared.key)) {
      accounting.duplicate();
      continue;
    }
    yield { index: position, value: prepared.value, key: prepared.key };
  }
}

function isIterable(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'string') return false;
  const object = value as Record<symbol, unknown>;
  return typeof object[Symbol.iterator] === 'function' || typeof object[Symbol.asyncIterator] === 'function';
}
