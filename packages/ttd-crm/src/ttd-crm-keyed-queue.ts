/**
 * Runs tasks that share a key one after another; tasks of different keys run in parallel. One
 * client uses it so that concurrent `ensureSegment` calls for the same name create the segment
 * once: the later call starts when the earlier one has finished, and then finds the segment.
 */
export function createKeyedQueue(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return async (key, task) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
