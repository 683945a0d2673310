import {
  AbortError,
  ApiCallError,
  ConfigurationError,
  parseOptions,
  runSync,
  SyncAccounting,
  writeJsonBody,
  type BatchOutcome,
  type HttpClient,
  type PreparedMember,
  type SyncOptions,
  type SyncReport,
} from '@x/core';
import { CRITEO_MAX_IDENTIFIERS_PER_REQUEST, PLATFORM } from './criteo-constants.js';
import { criteoPrepare } from './criteo-identifiers.js';
import { memberOptionsSchema, segmentIdSchema, type CriteoMemberOptions, type ResolvedMemberOptions } from './criteo-options.js';
import { parseCriteoResponse } from './criteo-parse-response.js';
import { amendResponseSchema, statisticsResponseSchema } from './criteo-schemas.js';

/** Statistics of a contact list, as Criteo reports them (undefined where Criteo gives none). */
export interface CriteoContactListStatistics {
  segmentId: string;
  /** Identifiers in the contact list. */
  numberOfIdentifiers: number | undefined;
  /** Identifiers Criteo matched to its users. */
  numberOfMatches: number | undefined;
  /** Criteo's match rate of the list, passed through unchanged. */
  matchRate: number | undefined;
}

/** Members of a contact list: strings of one identifier type. */
export type CriteoMembers = Iterable<string> | AsyncIterable<string>;

const DEFAULT_CONCURRENCY = 2;

/** Amendments (add/remove), wipe-then-add replacement and statistics of contact lists. */
export function createCriteoContactList(input: {
  http: HttpClient;
  /** The client secret and the tokens handed out, cut out of any text an error keeps. */
  secrets: () => string[];
}) {
  const { http, secrets } = input;
  const contactListPath = (segmentId: string) => `/audience-segments/${segmentId}/contact-list`;

  async function sync(
    operation: 'add' | 'remove' | 'replace',
    segmentId: string,
    members: CriteoMembers,
    options: CriteoMemberOptions | undefined,
  ): Promise<SyncReport> {
    const method = `${operation}Members`;
    const id = parseOptions(segmentIdSchema, segmentId, PLATFORM, 'segmentId');
    const settings = parseOptions(memberOptionsSchema, options ?? {}, PLATFORM, `${method} options`);
    if (!isIterable(members)) {
      throw new ConfigurationError(`${PLATFORM}: ${method}: members must be an iterable or async iterable of strings.`, {
        platform: PLATFORM,
        issues: [{ path: 'members', message: 'Expected an iterable or async iterable.' }],
      });
    }
    const syncOptions = toSyncOptions(settings);
    const accounting = new SyncAccounting(operation, id, syncOptions);
    if (operation === 'replace') await wipe(id, accounting, settings.signal);
    const path = contactListPath(id);
    const wireOperation = operation === 'remove' ? 'remove' : 'add';

    const send = async (batch: Array<PreparedMember<string>>, { signal }: { signal: AbortSignal | undefined }): Promise<BatchOutcome> => {
      const identifiers = batch.map((member) => member.value);
      const gum = settings.identifierType === 'gum' ? `,"gumCallerId":${JSON.stringify(settings.gumCallerId)}` : '';
      const requestBody = writeJsonBody({
        head: `{"data":{"type":"ContactlistAmendment","attributes":{"operation":"${wireOperation}","identifierType":"${settings.identifierType}","identifiers":[`,
        tail: `]${gum}}}}`,
        count: identifiers.length,
        chunk: (start, end) => JSON.stringify(identifiers.slice(start, end)).slice(1, -1),
        chunkItems: 1_000,
      });
      // Criteo may echo the identifiers it was sent, and opaque IdentityLink/GUM ids match no
      // redaction pattern: name them so that no error keeps them.
      const redactValues = identifiers;
      // Adding or removing the same identifiers twice leaves the same list: safe to retry.
      const response = await http.request({
        method: 'PATCH',
        path,
        body: requestBody,
        safeToRetry: true,
        redactValues,
        signal,
      });
      const body = parseCriteoResponse(amendResponseSchema, response, { method: 'PATCH', path, secrets: [...secrets(), ...redactValues] });
      return { ...attributeRejections(batch, body.data.attributes, settings.identifierType), retries: response.retries };
    };

    return runSync({
      platform: PLATFORM,
      operation,
      segmentId: id,
      members,
      prepare: criteoPrepare(settings.identifierType),
      batch: { maxItems: CRITEO_MAX_IDENTIFIERS_PER_REQUEST },
      send,
      options: syncOptions,
      defaultConcurrency: DEFAULT_CONCURRENCY,
      accounting,
    });
  }

  /** Empties the contact list (replace = wipe, then add). */
  async function wipe(segmentId: string, accounting: SyncAccounting, signal: AbortSignal | undefined): Promise<void> {
    try {
      const response = await http.request({ method: 'DELETE', path: contactListPath(segmentId), signal });
      accounting.addRetries(response.retries);
    } catch (error) {
      if (signal?.aborted) {
        throw new AbortError('Sync aborted before the contact list was wiped: nothing was sent.', { platform: PLATFORM, report: accounting.report() });
      }
      if (ApiCallError.isInstance(error)) {
        accounting.addRetries(error.retries);
        error.report = accounting.report();
      }
      throw error;
    }
  }

  async function getStatistics(segmentId: string): Promise<CriteoContactListStatistics> {
    const id = parseOptions(segmentIdSchema, segmentId, PLATFORM, 'segmentId');
    const path = `${contactListPath(id)}/statistics`;
    const response = await http.request({ method: 'GET', path });
    const attributes = parseCriteoResponse(statisticsResponseSchema, response, { method: 'GET', path, secrets: secrets() }).data?.attributes;
    return {
      segmentId: id,
      numberOfIdentifiers: attributes?.numberOfIdentifiers ?? undefined,
      numberOfMatches: attributes?.numberOfMatches ?? undefined,
      matchRate: attributes?.matchRate ?? undefined,
    };
  }

  return { sync, getStatistics };
}

/**
 * Criteo counts invalid identifiers and names a sample of them: the sample is mapped back to batch
 * positions by the value sent; the rest of the count stays unattributed.
 */
function attributeRejections(
  batch: Array<PreparedMember<string>>,
  attributes: { nbValidIdentifiers?: number | null | undefined; nbInvalidIdentifiers?: number | null | undefined; sampleInvalidIdentifiers?: string[] | null | undefined },
  identifierType: string,
): Pick<BatchOutcome, 'rejected' | 'unattributedRejected'> {
  let invalid = attributes.nbInvalidIdentifiers ?? undefined;
  if (invalid === undefined && typeof attributes.nbValidIdentifiers === 'number') invalid = batch.length - attributes.nbValidIdentifiers;
  invalid = Math.min(batch.length, Math.max(0, invalid ?? 0));
  const sample = attributes.sampleInvalidIdentifiers ?? [];
  if (invalid === 0 && sample.length === 0) return {};
  const positions = new Map<string, number>();
  batch.forEach((member, position) => positions.set(member.value, position));
  const named = new Set<number>();
  const rejected: NonNullable<BatchOutcome['rejected']> = [];
  for (const value of sample) {
    const position = positions.get(value) ?? positions.get(value.trim().toLowerCase());
    if (position === undefined || named.has(position)) continue;
    named.add(position);
    rejected.push({ position, code: 'criteo-invalid-identifier', message: `Criteo counted this ${identifierType} identifier as invalid.` });
  }
  return { rejected, unattributedRejected: Math.max(0, invalid - rejected.length) };
}

function toSyncOptions(settings: ResolvedMemberOptions): SyncOptions {
  return {
    ...(settings.signal === undefined ? {} : { signal: settings.signal }),
    ...(settings.onProgress === undefined ? {} : { onProgress: settings.onProgress }),
    ...(settings.onIssue === undefined ? {} : { onIssue: settings.onIssue }),
    ...(settings.maxIssues === undefined ? {} : { maxIssues: settings.maxIssues }),
    ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
  };
}

function isIterable(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'string') return false;
  const object = value as Record<symbol, unknown>;
  return typeof object[Symbol.iterator] === 'function' || typeof object[Symbol.asyncIterator] === 'function';
}
