import { writeJsonBody } from '@x/core';
import type { TtdDataWireId } from './ttd-data-member-rules.js';

/** What one request carries: the envelope plus, for segment calls, the data entry every item gets. */
export interface TtdDataEnvelope {
  advertiserId: string;
  dataProviderId: string | undefined;
  /** Segment calls: `{ Name, TTLInMinutes }` added to each item. */
  data?: { name: string; ttlMinutes: number } | undefined;
  /** Opt-out calls: `RequestType`. */
  requestType?: 'OptOut' | 'Deletion' | undefined;
}

/**
 * Serialises a request body once, as bytes, keys in code-unit order (as production integrations send them),
 * so that the signed bytes are the sent bytes. TTL goes as `TTLInMinutes` (the server binds names
 * case-insensitively; the swagger's spelling is `TtlInMinutes`).
 */
export function serializeTtdDataBody(envelope: TtdDataEnvelope, ids: readonly TtdDataWireId[]): Buffer {
  const data = dataJson(envelope);
  return writeJsonBody({
    head: envelopeHead(envelope),
    tail: envelopeTail(envelope),
    count: ids.length,
    chunk: (start, end) => {
      let items = itemJson(ids[start] as TtdDataWireId, data);
      for (let i = start + 1; i < end; i++) items += `,${itemJson(ids[i] as TtdDataWireId, data)}`;
      return items;
    },
  });
}

/** Bytes of the body around the items (head + tail). */
export function envelopeBytes(envelope: TtdDataEnvelope): number {
  return Buffer.byteLength(envelopeHead(envelope) + envelopeTail(envelope), 'utf8');
}

/** Measures the bytes one item adds to the body, its separating comma included. */
export function itemSizer(envelope: TtdDataEnvelope): (id: TtdDataWireId) => number {
  const data = dataJson(envelope);
  // Braces, and the comma before the next item; then `,"Data":[...]` for segment calls.
  const around = 3 + (data === undefined ? 0 : Buffer.byteLength(`,"Data":${data}`, 'utf8'));
  return (id) => id.bytes + around;
}

function envelopeHead(envelope: TtdDataEnvelope): string {
  const provider = envelope.dataProviderId === undefined ? '' : `,"DataProviderId":${JSON.stringify(envelope.dataProviderId)}`;
  return `{"AdvertiserId":${JSON.stringify(envelope.advertiserId)}${provider},"Items":[`;
}

function envelopeTail(envelope: TtdDataEnvelope): string {
  return envelope.requestType === undefined ? ']}' : `],"RequestType":${JSON.stringify(envelope.requestType)}}`;
}

function dataJson(envelope: TtdDataEnvelope): string | undefined {
  if (envelope.data === undefined) return undefined;
  return `[{"Name":${JSON.stringify(envelope.data.name)},"TTLInMinutes":${envelope.data.ttlMinutes}}]`;
}

function itemJson(id: TtdDataWireId, data: string | undefined): string {
  if (data === undefined) return `{${id.json}}`;
  // "DAID" sorts before "Data"; every other id field after it.
  return id.field < 'Data' ? `{${id.json},"Data":${data}}` : `{"Data":${data},${id.json}}`;
}
