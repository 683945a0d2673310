import { createRateLimiter, parseOptions, type RateLimiter, type SyncReport } from '@x/core';
import { CRITEO_REQUESTS_PER_MINUTE, PLATFORM } from './criteo-constants.js';
import { createCriteoContactList, type CriteoContactListStatistics, type CriteoMembers } from './criteo-contact-list.js';
import { createCriteoApiHttp } from './criteo-http.js';
import { clientOptionsSchema, segmentNameSchema, type CriteoAudiencesClientOptions, type CriteoMemberOptions } from './criteo-options.js';
import { createCriteoSegments, type CriteoSegment } from './criteo-segments.js';
import { createCriteoTokenProvider } from './criteo-token-provider.js';

/** A client of Criteo contact-list audience segments for one advertiser. */
export interface CriteoAudiencesClient {
  /**
   * The advertiser's contact list named exactly `name`, paging through the search; `undefined`
   * when there is none.
   * @example
   * const segment = await criteo.findSegment({ name: 'Newsletter subscribers' });
   */
  findSegment(input: { name: string }): Promise<CriteoSegment | undefined>;
  /**
   * Finds the contact list by name, else creates it (`description` defaults to the name). Safe to
   * run concurrently: two callers racing for one name end with one segment (a
   * `name-must-be-unique` answer leads to a new search).
   * @example
   * const { id } = await criteo.ensureSegment({ name: 'Newsletter subscribers', description: 'From the CRM' });
   */
  ensureSegment(input: { name: string; description?: string }): Promise<CriteoSegment>;
  /**
   * Adds members (strings of one identifier type; emails by default, hashed here) to a contact list,
   * in requests of up to 50,000 identifiers.
   * @example
   * const report = await criteo.addMembers(segment.id, ['jane@example.com', 'b4c9a289...']);
   * console.log(report.accepted, report.rejected, report.issues);
   */
  addMembers(segmentId: string, members: CriteoMembers, options?: CriteoMemberOptions): Promise<SyncReport>;
  /**
   * Removes members from a contact list.
   * @example
   * await criteo.removeMembers(segment.id, unsubscribedEmails);
   */
  removeMembers(segmentId: string, members: CriteoMembers, options?: CriteoMemberOptions): Promise<SyncReport>;
  /**
   * Replaces the whole contact list: wipes it (DELETE), then adds the members. Until the add has
   * finished the list is partial; run it again after a failure.
   * @example
   * await criteo.replaceMembers(segment.id, todaysAudience());
   */
  replaceMembers(segmentId: string, members: CriteoMembers, options?: CriteoMemberOptions): Promise<SyncReport>;
  /**
   * Statistics of the contact list: identifiers, matches and match rate.
   * @example
   * const { numberOfIdentifiers, matchRate } = await criteo.getStatistics(segment.id);
   */
  getStatistics(segmentId: string): Promise<CriteoContactListStatistics>;
}

/**
 * Creates a Criteo audience-segment (contact list) client: OAuth client credentials with a cached
 * token, the API version in the path, retries of idempotent calls, pacing to the app's quota.
 * @throws {ConfigurationError} naming each bad option (values, secrets included, are never echoed).
 * @example
 * import { createCriteoAudiencesClient } from '@x/criteo-audiences';
 *
 * const criteo = createCriteoAudiencesClient({ advertiserId: '12345', clientId, clientSecret });
 * const segment = await criteo.ensureSegment({ name: 'Newsletter subscribers' });
 * const report = await criteo.addMembers(segment.id, emails);
 */
export function createCriteoAudiencesClient(options: CriteoAudiencesClientOptions): CriteoAudiencesClient {
  const settings = parseOptions(clientOptionsSchema, options, PLATFORM);
  const tokens = createCriteoTokenProvider({
    tokenUrl: settings.tokenUrl ?? `${settings.baseUrl.replace(/\/+$/, '')}/oauth2/token`,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    retry: settings.retry,
    fetch: settings.fetch,
  });
  const limiter = resolveLimiter(settings.rateLimiter, settings.requestsPerMinute ?? CRITEO_REQUESTS_PER_MINUTE);
  const http = createCriteoApiHttp({ settings, tokens, limiter });
  const secrets = () => [settings.clientSecret, ...tokens.knownSecrets()];
  const segments = createCriteoSegments({ http, advertiserId: settings.advertiserId, retry: settings.retry, secrets });
  const contactList = createCriteoContactList({ http, secrets });

  return {
    findSegment: async (input) => segments.findSegment(parseOptions(segmentNameSchema, input, PLATFORM, 'findSegment input')),
    ensureSegment: async (input) => segments.ensureSegment(parseOptions(segmentNameSchema, input, PLATFORM, 'ensureSegment input')),
    addMembers: (segmentId, members, memberOptions) => contactList.sync('add', segmentId, members, memberOptions),
    removeMembers: (segmentId, members, memberOptions) => contactList.sync('remove', segmentId, members, memberOptions),
    replaceMembers: (segmentId, members, memberOptions) => contactList.sync('replace', segmentId, members, memberOptions),
    getStatistics: (segmentId) => contactList.getStatistics(segmentId),
  };
}

function resolveLimiter(option: boolean | RateLimiter | undefined, requestsPerMinute: number): RateLimiter | undefined {
  // Criteo counts calls per minute: a minute's quota may go out at once, never more within a minute.
  if (option === true || option === undefined) return createRateLimiter({ requestsPerMinute, burst: requestsPerMinute });
  if (option === false) return undefined;
  return option;
}
