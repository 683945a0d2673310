import type { TtdDataIdField } from '../ttd-data-id-fields.js';
import { TTD_DATA_GUID_FIELDS } from '../ttd-data-id-fields.js';
import { TTD_DATA_ID_FIELDS, type TtdDataIdKey } from '../ttd-data-id-fields.js';

/** One id's membership of one segment (data `Name`) in the mock. */
export interface TtdDataMembership {
  advertiserId: string;
  idType: TtdDataIdField | (string & {});
  /** The id as received (UID2/EUID case kept). */
  id: string;
  ttlMinutes: number;
  /** Epoch ms after which the membership has expired. */
  expiresAt: number;
}

/** One recorded opt-out or deletion. */
export interface TtdDataOptOutRecord {
  advertiserId: string;
  requestType: 'OptOut' | 'Deletion';
  idType: TtdDataIdField | (string & {});
  id: string;
}

/** What the mock holds; inspect it in tests. */
export interface TtdDataMockState {
  /** Segment Name → id key (`TDID:<lowercase guid>`, `UID2:<value>`...) → membership, expired ones included. */
  readonly segments: Map<string, Map<string, TtdDataMembership>>;
  /** Opt-outs and deletions in arrival order. */
  readonly optOuts: TtdDataOptOutRecord[];
  /** Unexpired memberships of a segment. */
  members(segmentName: string): TtdDataMembership[];
  /** Whether the id is an unexpired member, e.g. `has('cohort', { tdid })`. */
  has(segmentName: string, member: Partial<Record<TtdDataIdKey, string>>): boolean;
  /** Whether the id was opted out or deleted. */
  isOptedOut(member: Partial<Record<TtdDataIdKey, string>>): boolean;
}

/** The key the mock files an id under: GUIDs compare case-insensitively, everything else exactly. */
export function membershipKey(idType: string, id: string): string {
  return `${idType}:${TTD_DATA_GUID_FIELDS.has(idType) ? id.toLowerCase() : id}`;
}

export function createTtdDataMockState(now: () => number): TtdDataMockState & { clear(): void } {
  const segments = new Map<string, Map<string, TtdDataMembership>>();
  const optOuts: TtdDataOptOutRecord[] = [];
  const keyOf = (member: Partial<Record<TtdDataIdKey, string>>): string | undefined => {
    for (const [key, field] of Object.entries(TTD_DATA_ID_FIELDS)) {
      const value = member[key as TtdDataIdKey];
      if (typeof value === 'string') return membershipKey(field, value);
    }
    return undefined;
  };
  return {
    segments,
    optOuts,
    members(segmentName) {
      const at = now();
      return [...(segments.get(segmentName)?.values() ?? [])].filter((membership) => membership.expiresAt > at);
    },
    has(segmentName, member) {
      const key = keyOf(member);
      const membership = key === undefined ? undefined : segments.get(segmentName)?.get(key);
      return membership !== undefined && membership.expiresAt > now();
    },
    isOptedOut(member) {
      const key = keyOf(member);
      return optOuts.some((record) => membershipKey(record.idType, record.id) === key);
    },
    clear() {
      segments.clear();
      optOuts.length = 0;
    },
  };
}
