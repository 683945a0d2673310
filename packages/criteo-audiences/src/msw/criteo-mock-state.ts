/** Segment types of the search API. */
export type CriteoMockSegmentType = 'ContactList' | 'InMarket' | 'Prospecting' | 'Location' | 'Behavioral' | 'Retargeting' | 'Lookalike';

/** A segment held by the fake. */
export interface CriteoMockSegment {
  /** Numeric id, as a string. */
  id: string;
  advertiserId: string;
  name: string;
  description: string;
  type: CriteoMockSegmentType;
  createdAt: string;
  updatedAt: string;
  /** Contact-list members by identifier type (emails stored as SHA-256 hex). */
  contactList: Map<string, Set<string>>;
}

/** Everything the fake remembers; tests may read and seed it. */
export interface CriteoMockState {
  segments: Map<string, CriteoMockSegment>;
  /** Issued access tokens. */
  tokens: Map<string, { clientId: string; expiresAt: number }>;
  /** API versions answering 410 (besides every version older than `oldestSupportedVersion`). */
  decommissionedVersions: Set<string>;
  /** Identifiers (as stored: emails hashed) the fake counts invalid, to script rejections. */
  invalidIdentifiers: Set<string>;
  /** Calls per client in the current one-minute window (for the `x-ratelimit-*` headers). */
  rateWindows: Map<string, { startedAt: number; count: number }>;
  nextSegmentId: number;
}

export const FIRST_SEGMENT_ID = 100_001;

export function createMockState(decommissionedVersions: Iterable<string>): CriteoMockState {
  return {
    segments: new Map(),
    tokens: new Map(),
    decommissionedVersions: new Set(decommissionedVersions),
    invalidIdentifiers: new Set(),
    rateWindows: new Map(),
    nextSegmentId: FIRST_SEGMENT_ID,
  };
}

/** Counts identifiers of every type in a contact list. */
export function contactListSize(segment: CriteoMockSegment): number {
  let size = 0;
  for (const members of segment.contactList.values()) size += members.size;
  return size;
}
