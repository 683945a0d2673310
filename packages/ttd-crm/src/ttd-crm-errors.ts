import { AudienceSdkError } from '@x/core';

const ambiguousMarker = Symbol.for('@x/ttd-crm.ambiguous-segment-error');
const minimumMarker = Symbol.for('@x/ttd-crm.minimum-records-error');

/**
 * More than one CRM segment of the advertiser has the requested name (TTD does not keep names
 * unique). Nothing was sent: rename or delete the extra segments, or sync by `crmDataId`.
 */
export class TtdCrmAmbiguousSegmentError extends AudienceSdkError {
  private readonly [ambiguousMarker] = true;
  /** The ids of every segment holding the name. */
  readonly crmDataIds: string[];

  constructor(crmDataIds: string[]) {
    super(
      `ttd-crm: ${crmDataIds.length} CRM segments share the requested name (CrmDataIds ${crmDataIds.join(', ')}); ` +
        'nothing was sent. Rename or delete the extra segments, or pass a crmDataId directly.',
      { platform: 'ttd-crm' },
    );
    this.name = 'TtdCrmAmbiguousSegmentError';
    this.crmDataIds = crmDataIds;
  }

  static override isInstance(error: unknown): error is TtdCrmAmbiguousSegmentError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[ambiguousMarker] === true;
  }
}

/**
 * A drop would hold fewer distinct valid ids than `minimumRecords`. Thrown before any request.
 */
export class TtdCrmMinimumRecordsError extends AudienceSdkError {
  private readonly [minimumMarker] = true;
  /** Distinct valid ids found in the input. */
  readonly distinctCount: number;
  readonly minimumRecords: number;
  /** Rows read, and of them invalid and duplicate. */
  readonly received: number;
  readonly invalid: number;
  readonly duplicates: number;

  constructor(input: { distinctCount: number; minimumRecords: number; received: number; invalid: number; duplicates: number }) {
    super(
      `ttd-crm: found ${input.distinctCount} distinct valid ids, fewer than the minimum of ${input.minimumRecords} per drop ` +
        `(${input.received} rows read: ${input.invalid} invalid, ${input.duplicates} duplicates); nothing was sent. ` +
        'Lower the client option minimumRecords only if TTD agreed to smaller drops.',
      { platform: 'ttd-crm' },
    );
    this.name = 'TtdCrmMinimumRecordsError';
    this.distinctCount = input.distinctCount;
    this.minimumRecords = input.minimumRecords;
    this.received = input.received;
    this.invalid = input.invalid;
    this.duplicates = input.duplicates;
  }

  static override isInstance(error: unknown): error is TtdCrmMinimumRecordsError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[minimumMarker] === true;
  }
}
