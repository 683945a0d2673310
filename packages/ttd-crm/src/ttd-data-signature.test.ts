import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ttdDataWireId } from './ttd-data-member-rules.js';
import { serializeTtdDataBody, type TtdDataEnvelope } from './ttd-data-request-body.js';
import { signTtdDataBody } from './ttd-data-signature.js';

// The documented vector (CONTRACTS.md §2).
const KEY = 'test-advertiser-secret-key';
const VECTOR_BODY =
  '{"AdvertiserId":"test-advertiser-id","DataProviderId":"rudderstack","Items":[{"DAID":"test-daid-1","Data":[{"Name":"test-segment","TTLInMinutes":43200}]},{"Data":[{"Name":"test-segment","TTLInMinutes":43200}],"UID2":"test-uid2-1"},{"DAID":"test-daid-2","Data":[{"Name":"test-segment","TTLInMinutes":0}]},{"Data":[{"Name":"test-segment","TTLInMinutes":0}],"UID2":"test-uid2-2"}]}';
const VECTOR_SIGNATURE = '8LqGha6I7e3duvhngEvhXoTden0=';

const text = (...args: Parameters<typeof serializeTtdDataBody>) => serializeTtdDataBody(...args).toString('utf8');

describe('TtdSignature', () => {
  it('matches the documented vector over the exact body bytes', () => {
    expect(signTtdDataBody(KEY, VECTOR_BODY)).toBe(VECTOR_SIGNATURE);
    expect(signTtdDataBody(KEY, Buffer.from(VECTOR_BODY, 'utf8'))).toBe(VECTOR_SIGNATURE);
  });

  it('changes with any byte of the body (a re-serialisation with other spacing would not verify)', () => {
    expect(signTtdDataBody(KEY, VECTOR_BODY.replace('"Items":[', '"Items": ['))).not.toBe(VECTOR_SIGNATURE);
    expect(signTtdDataBody(`${KEY}x`, VECTOR_BODY)).not.toBe(VECTOR_SIGNATURE);
  });

  it('serialises items byte-for-byte like the vector (key order, TTLInMinutes, DataProviderId)', () => {
    const envelope = (ttlMinutes: number): TtdDataEnvelope => ({
      advertiserId: 'test-advertiser-id',
      dataProviderId: 'rudderstack',
      data: { name: 'test-segment', ttlMinutes },
    });
    const items = (body: string) => body.slice(body.indexOf('"Items":[') + '"Items":['.length, -2);
    const adds = text(envelope(43_200), [
      ttdDataWireId('DAID', 'test-daid-1'),
      ttdDataWireId('UID2', 'test-uid2-1'),
    ]);
    const removes = text(envelope(0), [
      ttdDataWireId('DAID', 'test-daid-2'),
      ttdDataWireId('UID2', 'test-uid2-2'),
    ]);
    const rebuilt = `${adds.slice(0, -2)},${items(removes)}]}`;
    expect(rebuilt).toBe(VECTOR_BODY);
    expect(signTtdDataBody(KEY, Buffer.from(rebuilt, 'utf8'))).toBe(VECTOR_SIGNATURE);
    expect(JSON.parse(adds)).toEqual({
      AdvertiserId: 'test-advertiser-id',
      DataProviderId: 'rudderstack',
      Items: [
        { DAID: 'test-daid-1', Data: [{ Name: 'test-segment', TTLInMinutes: 43_200 }] },
        { UID2: 'test-uid2-1', Data: [{ Name: 'test-segment', TTLInMinutes: 43_200 }] },
      ],
    });
  });

  it('leaves DataProviderId out for an advertiser posting directly, and writes opt-out bodies', () => {
    const body = text({ advertiserId: 'a1', dataProviderId: undefined, requestType: 'Deletion' }, [ttdDataWireId('TDID', 'x')]);
    expect(body).toBe('{"AdvertiserId":"a1","Items":[{"TDID":"x"}],"RequestType":"Deletion"}');
    expect(createHmac('sha1', 'k').update(body).digest('base64')).toBe(signTtdDataBody('k', body));
  });
});
