import { abortReason } from './sleep.js';

/** A token and how long it lives. */
export interface IssuedToken {
  accessToken: string;
  /** Seconds until expiry, as the token endpoint said. Undefined = unknown (refresh on 401 only). */
  expiresInSeconds?: number | undefined;
}

/** Options of {@link createTokenProvider}. */
export interface TokenProviderOptions {
  /**
   * Fetches a new token (client credentials, refresh token...). The fetch is shared by every
   * caller, so it gets no caller's signal (undefined): one caller's abort must not fail the others.
   */
  fetchToken: (signal: AbortSignal | undefined) => Promise<IssuedToken>;
  /**
   * Refresh this long before the stated expiry.
   * @default 60000
   */
  refreshSkewMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** Hands out a cached bearer token; concurrent callers share one in-flight refresh. */
export interface TokenProvider {
  /**
   * The current token, refreshed when missing or about to expire. Pass `rejected` (the token a
   * 401 refused) to force a refresh; if another caller already replaced that token, the newer
   * one is returned without a second refresh.
   */
  getToken(options?: { rejected?: string | undefined; signal?: AbortSignal | undefined }): Promise<string>;
  /** Every token handed out so far that may still be in use, for redaction. */
  knownSecrets(): string[];
}

/**
 * Caches a bearer token and refreshes it before expiry and after a 401, with one refresh shared
 * by all concurrent callers.
 * @example
 * const tokens = createTokenProvider({ fetchToken: async () => ({ accessToken: 't', expiresInSeconds: 900 }) });
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const skew = options.refreshSkewMs ?? 60_000;
  const now = options.now ?? Date.now;
  let current: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  const seen: string[] = [];

  const refresh = (): Promise<string> => {
    inFlight ??= (async () => {
      try {
        const issued = await options.fetchToken(undefined);
        const lifetime = issued.expiresInSeconds === undefined ? Number.POSITIVE_INFINITY : issued.expiresInSeconds * 1000;
        // A very short lifetime still gets half of it, so that it is used at least once.
        const margin = Math.min(skew, lifetime / 2);
        current = { token: issued.accessToken, expiresAt: now() + lifetime - margin };
        seen.push(issued.accessToken);
        if (seen.length > 8) seen.shift();
        return issued.accessToken;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  return {
    async getToken({ rejected, signal } = {}) {
      if (inFlight !== undefined) return untilAborted(inFlight, signal);
      if (current !== undefined && current.token !== rejected && now() < current.expiresAt) return current.token;
      return untilAborted(refresh(), signal);
    },
    knownSecrets: () => [...seen],
  };
}

/** The shared fetch's result, or this caller's abort reason as soon as its own signal fires. */
function untilAborted<T>(shared: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return shared;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
