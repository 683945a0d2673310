import type { SyncOptions, SyncReport } from '@x/core';

/**
 * One person to add or remove. Give at least one user id (`email`, `sha256Email` or
 * `googleAdvertisingId`); the profile fields only help LinkedIn match. Blank strings count as absent.
 * @example
 * { email: 'jane@example.com', firstName: 'Jane', company: 'Acme', country: 'US' }
 */
export interface LinkedInDmpMember {
  /**
   * Plain email: trimmed, lowercased and SHA-256 hashed here (LinkedIn never sees it). A value
   * that is already 64 hex characters (SHA-256) or 128 (SHA-512) is sent as that hash, lowercased.
   */
  email?: string | null | undefined;
  /** SHA-256 hex of the trimmed, lowercased email: validated, lowercased, never hashed again. */
  sha256Email?: string | null | undefined;
  /** Android advertising id (GAID/AAID), a GUID: lowercased; the all-zero id is refused. */
  googleAdvertisingId?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  /** Job title. */
  title?: string | null | undefined;
  /** Company name. */
  company?: string | null | undefined;
  /** ISO-3166 alpha-2 code (`US`, `de`...): upper-cased; anything else makes the row invalid (`invalid-country`). */
  country?: string | null | undefined;
}

/** A DMP segment, found or created by your own stable key. */
export interface LinkedInDmpSegment {
  /** LinkedIn's numeric segment id (bare, not a URN), as a string. */
  id: string;
  name: string;
  /** Your key for this audience, unique per ad account and source platform. */
  sourceSegmentId: string;
}

/** The LinkedIn DMP client returned by {@link createLinkedInDmpClient}. */
export interface LinkedInDmpClient {
  /**
   * The segment whose `sourceSegmentId` is this key (never matched by display name), or
   * undefined when there is none.
   * @example
   * const segment = await linkedIn.findSegment({ sourceSegmentId: 'crm-newsletter' });
   */
  findSegment(input: { sourceSegmentId: string; signal?: AbortSignal | undefined }): Promise<LinkedInDmpSegment | undefined>;
  /**
   * Finds the segment by `sourceSegmentId`, or creates a USER segment with this name. A create
   * that collides with a concurrent one (409) or fails in transit is resolved by looking up again.
   * @example
   * const segment = await linkedIn.ensureSegment({ sourceSegmentId: 'crm-newsletter', name: 'Newsletter subscribers' });
   */
  ensureSegment(input: { sourceSegmentId: string; name: string; signal?: AbortSignal | undefined }): Promise<LinkedInDmpSegment>;
  /**
   * Adds members (an array, a generator or an async iterable of any size; never buffered whole).
   * Invalid rows and duplicates are counted in the report, never thrown.
   * @example
   * const report = await linkedIn.addMembers(segment.id, [{ email: 'jane@example.com' }]);
   * // report.accepted === 1
   */
  addMembers(segmentId: string, members: Iterable<LinkedInDmpMember> | AsyncIterable<LinkedInDmpMember>, options?: SyncOptions): Promise<SyncReport>;
  /**
   * Removes members; same rules and report as {@link LinkedInDmpClient.addMembers}.
   * @example
   * await linkedIn.removeMembers(segment.id, [{ sha256Email: 'b4c9a289…' }]);
   */
  removeMembers(segmentId: string, members: Iterable<LinkedInDmpMember> | AsyncIterable<LinkedInDmpMember>, options?: SyncOptions): Promise<SyncReport>;
}
