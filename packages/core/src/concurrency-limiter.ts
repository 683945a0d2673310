import { abortReason } from './sleep.js';

/**
 * Caps how many operations run at once. `acquire()` resolves with a `release` function once a slot
 * is free; waiters get slots in arrival order. Share one limiter between clients to cap them together.
 */
export interface ConcurrencyLimiter {
  /** Most operations at once. */
  readonly limit: number;
  /** Slots held now. */
  readonly active: number;
  /** Callers waiting for a slot. */
  readonly waiting: number;
  /** Waits for a slot; call the returned function once the operation is over (extra calls do nothing). */
  acquire(signal?: AbortSignal): Promise<() => void>;
}

/**
 * Creates a concurrency limiter of `limit` slots (`Infinity`: no cap). `createHttpClient({ maxConcurrency })`
 * uses one per client so that the syncs running on a client together keep at most that many requests in flight.
 * @example
 * const slots = createConcurrencyLimiter(4);
 * const release = await slots.acquire(signal);
 * try { await upload(); } finally { release(); }
 */
export function createConcurrencyLimiter(limit: number): ConcurrencyLimiter {
  if (!(limit >= 1) || (limit !== Number.POSITIVE_INFINITY && !Number.isInteger(limit))) {
    throw new RangeError('createConcurrencyLimiter: limit must be a whole number of 1 or more (or Infinity).');
  }
  let active = 0;
  const queue: Array<{ grant: () => void }> = [];

  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.shift();
      if (next === undefined) active--;
      else next.grant(); // the slot passes straight to the next waiter
    };
  };

  return {
    limit,
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      if (active < limit) {
        active++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const waiter = {
          grant: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve(releaser());
          },
        };
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(abortReason(signal as AbortSignal));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
      });
    },
  };
}
