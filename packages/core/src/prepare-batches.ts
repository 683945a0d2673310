import { DedupeTable } from './dedupe-table.js';
import { ConfigurationError } from './errors/configuration-error.js';
import { InvalidIdentifierError } from './errors/invalid-identifier-error.js';
import type { PrepareMember, PreparedMember } from './prepare-members.js';
import type { SyncAccounting } from './sync-accounting.js';

/** Input of {@link prepareBatches}. */
export interface PrepareBatchesInput<TMember, T> {
  members: Iterable<TMember> | AsyncIterable<TMember>;
  prepare: PrepareMember<TMember, T>;
  accounting: SyncAccounting;
  maxItems: number;
  maxBytes?: number | undefined;
  sizeOf?: ((value: T) => number) | undefined;
  /** @default true */
  dedupe?: boolean;
}

/**
 * prepare → dedupe → batch in one pass. A sync source is read in a plain loop and awaited only
 * once per batch (an await per member would cost more than hashing it); an async source is read
 * member by member. Holds at most one batch.
 */
export async function* prepareBatches<TMember, T>(input: PrepareBatchesInput<TMember, T>): AsyncGenerator<Array<PreparedMember<T>>> {
  const { members, prepare, accounting, maxItems } = input;
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError('prepareBatches: maxItems must be a positive integer.');
  const maxBytes = input.maxBytes ?? Number.POSITIVE_INFINITY;
  const sizeOf = maxBytes === Number.POSITIVE_INFINITY ? undefined : input.sizeOf ?? defaultSizeOf;
  const seen = input.dedupe === false ? undefined : new DedupeTable();
  let batch: Array<PreparedMember<T>> = [];
  let bytes = 0;
  let index = 0;

  /** Takes one member; returns a batch that is ready to go, if any. */
  const take = (member: TMember): Array<PreparedMember<T>> | undefined => {
    const position = index++;
    let prepared: { value: T; key: string };
    try {
      prepared = prepare(member, position);
    } catch (error) {
      if (InvalidIdentifierError.isInstance(error)) accounting.invalid(position, error.reason, error.message);
      else accounting.invalid(position, 'invalid-value', 'Member could not be read.');
      return undefined;
    }
    if (seen !== undefined && !seen.add(prepared.key)) {
      accounting.duplicate();
      return undefined;
    }
    let ready: Array<PreparedMember<T>> | undefined;
    const size = sizeOf === undefined ? 0 : sizeOf(prepared.value);
    if (batch.length > 0 && bytes + size > maxBytes) {
      ready = batch;
      batch = [];
      bytes = 0;
    }
    batch.push({ index: position, value: prepared.value, key: prepared.key });
    bytes += size;
    if (ready === undefined && batch.length >= maxItems) {
      ready = batch;
      batch = [];
      bytes = 0;
    }
    return ready;
  };

  if (isSyncIterable(members)) {
    for (const member of members) {
      const ready = take(member);
      if (ready !== undefined) yield ready;
      // A byte split can leave a full batch behind the one just yielded.
      if (batch.length >= maxItems) {
        yield batch;
        batch = [];
        bytes = 0;
      }
    }
  } else if (isAsyncIterable(members)) {
    for await (const member of members) {
      const ready = take(member);
      if (ready !== undefined) yield ready;
      if (batch.length >= maxItems) {
        yield batch;
        batch = [];
        bytes = 0;
      }
    }
  } else {
    throw new ConfigurationError('members must be an iterable or async iterable (an array, a Set, a generator...).', {
      issues: [{ path: 'members', message: 'Expected an iterable or async iterable.' }],
    });
  }
  if (batch.length > 0) yield batch;
}

function isSyncIterable<T>(value: unknown): value is Iterable<T> {
  return value !== null && typeof value === 'object' && typeof (value as Record<symbol, unknown>)[Symbol.iterator] === 'function';
}

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return value !== null && typeof value === 'object' && typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';
}

function defaultSizeOf(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return Buffer.byteLength(text, 'utf8') + 1;
}
