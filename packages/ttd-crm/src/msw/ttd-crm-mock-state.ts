/** A CRM segment held by the mock. Names need not be unique, as on TTD. */
export interface TtdCrmMockSegment {
  crmDataId: string;
  advertiserId: string;
  name: string;
  region: string;
  firstPartyDataId: number;
  /** The uploaded lines now in the segment (plaintext emails or base64 UID2 hashes, as sent). */
  members: Set<string>;
}

/** An upload slot created by `POST .../segment/{advertiserId}/{crmDataId}`. */
export interface TtdCrmMockDrop {
  referenceId: string;
  advertiserId: string;
  crmDataId: string;
  piiType: 'Email' | 'EmailHashedUnifiedId2';
  mergeMode: 'Replace' | 'Add';
  ttlInMinutes: number | undefined;
  /** The presigned URL handed out. */
  url: string;
  signature: string;
  /** `Pending` until the upload arrives, then `Processed`. */
  status: 'Pending' | 'Processed';
  /** Lines of the last upload. */
  lineCount: number | undefined;
  /** Upload attempts that were applied. */
  uploads: number;
}

/** Everything the mock holds; tests may read and seed it. */
export interface TtdCrmMockState {
  segments: Map<string, TtdCrmMockSegment>;
  drops: Map<string, TtdCrmMockDrop>;
}

export function createTtdCrmMockState(): TtdCrmMockState {
  return { segments: new Map(), drops: new Map() };
}
