import { InvalidIdentifierError } from '@x/core';
import { describe, expect, it } from 'vitest';
import type { TtdDataMember } from './ttd-data-member.js';
import { prepareTtdDataMember } from './ttd-data-member-rules.js';

const TDID = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';

function reason(member: unknown): string {
  try {
    prepareTtdDataMember(member);
  } catch (error) {
    if (InvalidIdentifierError.isInstance(error)) {
      expect(error.message).not.toContain(TDID);
      return error.reason;
    }
    throw error;
  }
  return 'valid';
}

describe('TTD Data member rules', () => {
  it('maps each id key to its wire field', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ tdid: TDID }, 'TDID'],
      [{ daid: TDID }, 'DAID'],
      [{ uid2: 'AbC+/xyz=' }, 'UID2'],
      [{ uid2Token: 'AgAAAbCd' }, 'UID2Token'],
      [{ euid: 'EuId+Val=' }, 'EUID'],
      [{ euidToken: 'EuTok' }, 'EUIDToken'],
      [{ rampId: 'XY1000abc' }, 'RampID'],
    ];
    for (const [member, field] of cases) expect(prepareTtdDataMember(member).value.field).toBe(field);
  });

  it('keeps UID2/EUID values and tokens in their case, and GUIDs as given but deduped case-insensitively', () => {
    expect(prepareTtdDataMember({ uid2: 'AbC+/xyz=' }).value.value).toBe('AbC+/xyz=');
    expect(prepareTtdDataMember({ euidToken: ' MiXeD ' }).value.value).toBe('MiXeD');
    expect(prepareTtdDataMember({ uid2: 'ABC' }).key).not.toBe(prepareTtdDataMember({ uid2: 'abc' }).key);
    const upper = prepareTtdDataMember({ tdid: TDID });
    expect(upper.value.value).toBe(TDID);
    expect(upper.key).toBe(prepareTtdDataMember({ tdid: TDID.toLowerCase() }).key);
    expect(upper.key).not.toBe(prepareTtdDataMember({ daid: TDID }).key);
  });

  it('refuses every malformed member with a clear code', () => {
    expect(reason({})).toBe('missing-id');
    expect(reason({ TDID: TDID })).toBe('missing-id');
    expect(reason({ tdid: undefined })).toBe('missing-id');
    expect(reason({ tdid: TDID, uid2: 'x' })).toBe('multiple-ids');
    expect(reason({ tdid: 42 })).toBe('not-a-string');
    expect(reason({ uid2: '   ' })).toBe('empty');
    expect(reason({ tdid: 'not-a-guid' })).toBe('invalid-guid');
    expect(reason({ daid: TDID.replaceAll('-', '') })).toBe('invalid-guid');
    expect(reason({ daid: '00000000-0000-0000-0000-000000000000' })).toBe('invalid-guid');
    expect(reason({ uid2: 'a b' })).toBe('contains-whitespace');
    expect(reason({ rampId: 'x'.repeat(5_000) })).toBe('too-long');
    for (const garbage of [null, undefined, 'a-string', 7, [TDID], true]) expect(reason(garbage)).toBe('not-an-object');
  });

  it('has a member type that takes exactly one id (checked by tsc)', () => {
    const one: TtdDataMember = { uid2Token: 'AgAA' };
    // @ts-expect-error two ids are not a TtdDataMember
    const two: TtdDataMember = { tdid: TDID, uid2: 'x' };
    // @ts-expect-error no id is not a TtdDataMember
    const none: TtdDataMember = {};
    // @ts-expect-error ids are strings
    const number: TtdDataMember = { tdid: 42 };
    expect([one, two, none, number].map(reason)).toEqual(['valid', 'multiple-ids', 'missing-id', 'not-a-string']);
  });
});
