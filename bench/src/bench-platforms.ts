import { InvalidIdentifierError, normalizeEmail, runSync, sha256, type PrepareMember, type SyncReport } from '@x/core';
import { createCriteoAudiencesClient } from '@x/criteo-audiences';
import { createLinkedInDmpClient, type LinkedInDmpMember } from '@x/linkedin-dmp';
import { createTtdCrmClient, createTtdDataClient } from '@x/ttd-crm';
import type { IdKind } from './bench-members.js';

/** Which server answers: the platform's msw mock, or the minimal counting responder. */
export type ServerMode = 'mock' | 'fast';

export type PlatformName = 'linkedin' | 'criteo' | 'ttd-crm' | 'ttd-data';
export const PLATFORM_NAMES: PlatformName[] = ['linkedin', 'criteo', 'ttd-crm', 'ttd-data'];

/** Where each platform lives on the local server (same layout in both server modes). */
export function platformUrls(url: string) {
  return {
    linkedin: { baseUrl: `${url}/linkedin/rest`, oauthUrl: `${url}/linkedin/oauth/v2/accessToken` },
    criteo: { baseUrl: `${url}/criteo`, tokenUrl: `${url}/criteo/oauth2/token` },
    ttdCrm: { baseUrl: `${url}/ttd-crm/v3`, uploadBaseUrl: `${url}/ttd-uploads` },
    ttdData: { baseUrl: `${url}/ttd-data` },
  };
}

type Sync = (members: Iterable<unknown> | AsyncIterable<unknown>) => Promise<SyncReport>;

/** One platform as the benchmarks drive it. */
export interface BenchPlatform {
  name: PlatformName;
  label: string;
  kind: IdKind;
  /** A line of the audience (an email or a TDID) as this platform's member. */
  member: (line: string) => unknown;
  /**
   * A client pointed at the local server, with its segment ready: found or created on the mock;
   * on the fast server (which keeps no segments and counts members per segment id) `fastSegment`.
   */
  connect: (url: string, mode: ServerMode, fastSegment?: string) => Promise<Sync>;
  /**
   * The reference pass: the same members through core's pipeline (dedupe, batches, accounting)
   * with only the per-member hash — what any job must spend — and a send that does nothing.
   */
  hashOnly: Sync;
  /** Segment id in the server's stats. */
  statsKey: string;
}

const emailHex: PrepareMember<unknown, string> = (member) => {
  const line = typeof member === 'string' ? member : (member as { email: string }).email;
  const hash = sha256(normalizeEmail(line));
  return { value: hash, key: hash };
};

const emailUid2: PrepareMember<unknown, string> = (member) => {
  const hash = sha256(normalizeEmail(member as string, { canonicalizeGmail: true }), 'base64');
  return { value: hash, key: hash };
};

// TDIDs are not hashed by the SDK; the reference is still one SHA-256 per member, so that every
// platform is compared with the same per-member floor.
const tdidHex: PrepareMember<unknown, string> = (member) => {
  const id = (member as { tdid: string }).tdid.trim().toLowerCase();
  if (id.length !== 36) throw new InvalidIdentifierError('invalid-guid', 'Not a GUID.');
  const hash = sha256(id);
  return { value: hash, key: hash };
};

function hashOnly(prepare: PrepareMember<unknown, string>, maxItems: number): Sync {
  return (members) =>
    runSync({ platform: 'core', operation: 'add', segmentId: 'hash-only', members, prepare, batch: { maxItems }, send: async () => ({}) });
}

const noRetryWaits = { initialDelayMs: 10, maxDelayMs: 200 };

export const BENCH_PLATFORMS: Record<PlatformName, BenchPlatform> = {
  linkedin: {
    name: 'linkedin',
    label: 'LinkedIn DMP',
    kind: 'email',
    member: (line) => ({ email: line }) satisfies LinkedInDmpMember,
    statsKey: 'linkedin',
    async connect(url, mode, fastSegment = '900001') {
      const client = createLinkedInDmpClient({
        adAccountId: '512345678',
        sourcePlatform: 'BENCH_PLATFORM',
        accessToken: 'bench-access-token',
        ...platformUrls(url).linkedin,
        // LinkedIn's quota (600/min) is a wall-clock wait, not SDK work: lifted for the benchmark.
        requestsPerMinute: 10_000_000,
        retry: noRetryWaits,
      });
      const id = mode === 'fast' ? fastSegment : (await client.ensureSegment({ sourceSegmentId: 'bench', name: 'Bench' })).id;
      return (members) => client.addMembers(id, members as AsyncIterable<LinkedInDmpMember>);
    },
    hashOnly: hashOnly(emailHex, 5_000),
  },
  criteo: {
    name: 'criteo',
    label: 'Criteo',
    kind: 'email',
    member: (line) => line,
    statsKey: 'criteo',
    async connect(url, mode, fastSegment = '900001') {
      const client = createCriteoAudiencesClient({
        advertiserId: '12345',
        clientId: 'bench-client',
        clientSecret: 'bench-secret',
        ...platformUrls(url).criteo,
        retry: noRetryWaits,
      });
      const id = mode === 'fast' ? fastSegment : (await client.ensureSegment({ name: 'Bench' })).id;
      return (members) => client.addMembers(id, members as AsyncIterable<string>);
    },
    hashOnly: hashOnly(emailHex, 50_000),
  },
  'ttd-crm': {
    name: 'ttd-crm',
    label: 'TTD CRM (UID2 hashes)',
    kind: 'email',
    member: (line) => line,
    statsKey: 'ttd-crm',
    async connect(url, mode, fastSegment = '900001') {
      const client = createTtdCrmClient({
        advertiserId: 'benchadv',
        authToken: 'bench-ttd-token',
        baseUrl: platformUrls(url).ttdCrm.baseUrl,
        minimumRecords: 1,
        retry: noRetryWaits,
      });
      const id = mode === 'fast' ? fastSegment : (await client.ensureSegment({ name: 'bench', region: 'US' })).crmDataId;
      return (members) => client.replaceMembers(id, members as AsyncIterable<string>, { piiType: 'EmailHashedUnifiedId2' });
    },
    hashOnly: hashOnly(emailUid2, 5_000),
  },
  'ttd-data': {
    name: 'ttd-data',
    label: 'TTD Data (TDIDs)',
    kind: 'tdid',
    member: (line) => ({ tdid: line }),
    statsKey: 'ttd-data',
    async connect(url, mode, fastSegment = '900001') {
      const client = createTtdDataClient({
        advertiserId: 'benchadv',
        region: 'us-east',
        authToken: 'bench-ttd-data-token',
        ...platformUrls(url).ttdData,
        retry: noRetryWaits,
      });
      const name = mode === 'fast' ? fastSegment : 'bench-cohort';
      return (members) => client.addMembers(name, members as AsyncIterable<{ tdid: string }>);
    },
    hashOnly: hashOnly(tdidHex, 10_000),
  },
};
