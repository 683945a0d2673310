import { AbortError } from './errors/abort-error.js';
import { ApiCallError } from './errors/api-call-error.js';
import type { Platform } from './errors/audience-sdk-error.js';
import { prepareBatches } from './prepare-batches.js';
import type { PrepareMember, PreparedMember } from './prepare-members.js';
import { SyncAccounting } from './sync-accounting.js';
import type { SyncOperation, SyncOptions, SyncReport } from './sync-report.js';

/** What the platform said about one batch. */
export interface BatchOutcome {
  /** Members the platform refused, by position in the batch. */
  rejected?: Array<{ position: number; code: string; message: string }>;
  /** Members the platform refused without naming them (a count only). */
  unattributedRejected?: number;
  /** Retries the request(s) needed. */
  retries?: number;
}

/** Everything the generic pipeline needs from a platform package. */
export interface RunSyncInput<TMember, T> {
  platform: Platform;
  operation: SyncOperation;
  segmentId: string;
  members: Iterable<TMember> | AsyncIterable<TMember>;
  prepare: PrepareMember<TMember, T>;
  batch: { maxItems: number; maxBytes?: number; sizeOf?: (value: T) => number };
  /** Sends one batch; throws an ApiCallError when the batch could not be delivered. */
  send: (batch: Array<PreparedMember<T>>, context: { signal: AbortSignal | undefined }) => Promise<BatchOutcome>;
  options?: SyncOptions | undefined;
  /** The platform's safe number of requests in flight. @default 1 */
  defaultConcurrency?: number;
  /** Reuse an accounting already holding counts (e.g. retries of a lookup). */
  accounting?: SyncAccounting;
}

/**
 * The generic sync: prepare → dedupe → batch → send (up to `concurrency` batches in flight) →
 * account. Bad rows become issues; a batch that cannot be delivered stops the sync and its error
 * carries the report so far; an abort sends nothing more and rejects with `AbortError`.
 */
export async function runSync<TMember, T>(input: RunSyncInput<TMember, T>): Promise<SyncReport> {
  const options = input.options ?? {};
  const accounting = input.accounting ?? new SyncAccounting(input.operation, input.segmentId, options);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? input.defaultConcurrency ?? 1));
  const signal = options.signal;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;

  const source = prepareBatches({ members: input.members, prepare: input.prepare, accounting, ...input.batch });

  const dispatch = (batch: Array<PreparedMember<T>>) => {
    const task = input
      .send(batch, { signal })
      .then((outcome) => {
        accounting.batchAnswered({
          size: batch.length,
          rejected: (outcome.rejected ?? []).map((rejection) => ({
            index: batch[rejection.position]?.index ?? -1,
            code: rejection.code,
            message: rejection.message,
          })),
          ...(outcome.unattributedRejected === undefined ? {} : { unattributedRejected: outcome.unattributedRejected }),
          retries: outcome.retries ?? 0,
        });
      })
      .catch((error: unknown) => {
        if (ApiCallError.isInstance(error)) accounting.addRetries(error.retries);
        failure ??= error;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  let waitingOnSource = false;
  try {
    for (;;) {
      if (failure !== undefined || signal?.aborted) break;
      // A slow source (a cursor, a queue) must not hold an abort back: stop waiting for it at once.
      waitingOnSource = true;
      const next = await nextUnlessAborted(source, signal);
      if (next === undefined) break;
      waitingOnSource = false;
      if (next.done === true) break;
      if (failure !== undefined || signal?.aborted) break;
      dispatch(next.value);
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
  } catch (error) {
    waitingOnSource = false;
    failure ??= error;
  }
  // Closes the caller's iterator too; a source still busy is closed once it yields, without waiting.
  const closing = source.return(undefined).catch(() => undefined);
  if (!waitingOnSource) await closing;
  await Promise.all(inFlight);

  if (signal?.aborted) {
    throw new AbortError('Sync aborted: nothing more was sent. The report counts only members the platform answered for.', {
      platform: input.platform,
      report: accounting.report(),
    });
  }
  if (failure !== undefined) {
    if (ApiCallError.isInstance(failure)) failure.report = accounting.report();
    throw failure;
  }
  return accounting.report();
}

/** The source's next batch, or undefined as soon as the signal aborts (the pending read is left to settle). */
function nextUnlessAborted<B>(source: AsyncGenerator<B>, signal: AbortSignal | undefined): Promise<IteratorResult<B> | undefined> {
  const next = source.next();
  if (signal === undefined) return next;
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    next.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
