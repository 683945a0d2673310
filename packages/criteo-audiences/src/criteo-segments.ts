import { ApiCallError, RateLimitError, redactText, retryDelay, sleep, type HttpClient, type RetryOptions } from '@x/core';
import { PLATFORM } from './criteo-constants.js';
import { criteoProblems } from './criteo-error-body.js';
import { parseCriteoResponse } from './criteo-parse-response.js';
import { createResponseSchema, searchResponseSchema } from './criteo-schemas.js';

/** A Criteo contact-list audience segment. */
export interface CriteoSegment {
  /** Numeric segment id, as a string. */
  id: string;
  name: string;
}

const PAGE_SIZE = 100;
const DUPLICATE_NAME = 'name-must-be-unique';
const SEARCH_PATH = '/audience-segments/search';
const CREATE_PATH = '/audience-segments/create';

type CreateOutcome = { kind: 'created'; segment: CriteoSegment } | { kind: 'duplicate' };

/** Segment lookup and idempotent creation by name, for one advertiser. */
export function createCriteoSegments(input: {
  http: HttpClient;
  advertiserId: string;
  retry: RetryOptions | undefined;
  /** The client secret and the tokens handed out, cut out of any text an error keeps. */
  secrets: () => string[];
}) {
  const { http, advertiserId, secrets } = input;
  const retry = {
    maxRetries: input.retry?.maxRetries ?? 8,
    initialDelayMs: input.retry?.initialDelayMs ?? 500,
    maxDelayMs: input.retry?.maxDelayMs ?? 30_000,
    maxRetryAfterMs: input.retry?.maxRetryAfterMs ?? 120_000,
    random: input.retry?.random ?? Math.random,
  };

  /** Pages through the advertiser's contact lists (limit 100) until the name is found or the end. */
  async function search(name: string, { caseInsensitive }: { caseInsensitive: boolean }): Promise<CriteoSegment | undefined> {
    const folded = name.toLowerCase();
    let looseMatch: CriteoSegment | undefined;
    let looseMatches = 0;
    let offset = 0;
    for (;;) {
      // Search is read-only, hence safe to repeat although it is a POST.
      const response = await http.request({
        method: 'POST',
        path: SEARCH_PATH,
        searchParams: { limit: PAGE_SIZE, offset },
        json: { data: { attributes: { audienceSegmentTypes: ['ContactList'], advertiserIds: [advertiserId] } } },
        safeToRetry: true,
      });
      const page = parseCriteoResponse(searchResponseSchema, response, { method: 'POST', path: SEARCH_PATH, secrets: secrets() });
      const items = page.data ?? [];
      for (const item of items) {
        const owner = item.attributes?.advertiserId;
        if (owner !== undefined && owner !== null && String(owner) !== advertiserId) continue;
        const itemName = item.attributes?.name;
        if (typeof itemName !== 'string') continue;
        if (itemName === name) return { id: item.id, name: itemName };
        if (caseInsensitive && itemName.toLowerCase() === folded) {
          looseMatch ??= { id: item.id, name: itemName };
          looseMatches++;
        }
      }
      offset += items.length;
      const total = page.meta?.totalItems;
      if (items.length === 0) break;
      if (typeof total === 'number' ? offset >= total : items.length < PAGE_SIZE) break;
    }
    // Only after Criteo called the name taken: its uniqueness check may ignore case.
    return looseMatches === 1 ? looseMatch : undefined;
  }

  async function create(name: string, description: string): Promise<CreateOutcome> {
    const response = await http.request({
      method: 'POST',
      path: CREATE_PATH,
      json: { data: [{ attributes: { advertiserId, name, description, contactList: {} } }] },
      // Not idempotent: a repeated create could make a second segment. Failures search again instead.
      safeToRetry: false,
    });
    const body = parseCriteoResponse(createResponseSchema, response, { method: 'POST', path: CREATE_PATH, secrets: secrets() });
    const created = body.data?.[0];
    if (created !== undefined) return { kind: 'created', segment: { id: created.id, name } };
    const problems = criteoProblems(response.data);
    if (problems.some((problem) => problem.code === DUPLICATE_NAME)) return { kind: 'duplicate' };
    const first = problems[0];
    // Criteo's own words, which may echo the request: redacted like any error body.
    const code = typeof first?.code === 'string' ? redactText(first.code, secrets()) : undefined;
    const title = typeof first?.title === 'string' ? redactText(first.title, secrets()) : undefined;
    throw new ApiCallError(
      `${PLATFORM}: POST ${CREATE_PATH} created nothing${code ? ` (${code})` : ''}${title ? `: ${title}` : ''}.`,
      {
        platform: PLATFORM,
        statusCode: response.status,
        // An answer without data nor errors is ambiguous: search again before trying once more.
        isRetryable: first === undefined,
        code,
        requestId: first?.traceId ?? first?.traceIdentifier,
        method: 'POST',
        url: CREATE_PATH,
        retries: response.retries,
      },
    );
  }

  /** Resolves to the contact list named `name`, or undefined. */
  async function findSegment({ name }: { name: string }): Promise<CriteoSegment | undefined> {
    return search(name, { caseInsensitive: false });
  }

  /**
   * Finds the contact list, else creates it. A duplicate-name answer (someone else created it) and
   * an ambiguous failure (network error, 5xx, 429) both lead to a new search, never to a blind
   * repeat of the create.
   */
  async function ensureSegment({ name, description }: { name: string; description?: string | undefined }): Promise<CriteoSegment> {
    let lastError: unknown;
    let duplicate = false;
    for (let attempt = 0; ; attempt++) {
      const found = await search(name, { caseInsensitive: duplicate });
      if (found !== undefined) return found;
      if (attempt > retry.maxRetries) break;
      try {
        const outcome = await create(name, description ?? name);
        if (outcome.kind === 'created') return outcome.segment;
        duplicate = true;
        lastError = undefined;
      } catch (error) {
        if (!ApiCallError.isInstance(error)) throw error;
        if (isDuplicateName(error)) {
          duplicate = true;
          lastError = undefined;
        } else if (error.isRetryable) {
          lastError = error;
        } else {
          throw error;
        }
      }
      // The first search after a duplicate answer runs at once; later ones give the index time.
      if (lastError !== undefined || attempt > 0) {
        const retryAfterMs = RateLimitError.isInstance(lastError) ? lastError.retryAfterMs : undefined;
        await sleep(retryDelay({ attempt, retryAfterMs, retry }));
      }
    }
    if (lastError !== undefined) throw lastError;
    throw new ApiCallError(
      `${PLATFORM}: Criteo says a segment named "${name}" already exists for advertiser ${advertiserId}, ` +
        'but no contact list of that name is found: it may be a segment of another type. Choose another name.',
      { platform: PLATFORM, isRetryable: false, code: DUPLICATE_NAME, method: 'POST', url: CREATE_PATH },
    );
  }

  return { findSegment, ensureSegment };
}

function isDuplicateName(error: ApiCallError): boolean {
  return error.code === DUPLICATE_NAME || error.statusCode === 409 || (error.redactedBody?.includes(DUPLICATE_NAME) ?? false);
}
