import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkedInElementJson, linkedInUsersBody } from './linkedin-users-body.js';
import type { LinkedInUserElement } from './linkedin-user-rules.js';

const text = fc.string({ unit: 'binary', maxLength: 12 });
const element: fc.Arbitrary<LinkedInUserElement> = fc.record(
  {
    action: fc.constantFrom('ADD' as const, 'REMOVE' as const),
    userIds: fc.array(
      fc.record({
        idType: fc.constantFrom('SHA256_EMAIL' as const, 'SHA512_EMAIL' as const, 'GOOGLE_AID' as const),
        // What the rules let through: hex hashes and lowercase GUIDs.
        idValue: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.stringMatching(/^[0-9a-f]{128}$/), fc.uuid()),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    firstName: text,
    lastName: text,
    title: text,
    company: text,
    country: fc.constantFrom('US', 'DE'),
  },
  { requiredKeys: ['action', 'userIds'] },
);

describe('LinkedIn /users body', () => {
  it('writes each element exactly as JSON.stringify does, escapes and lone surrogates included', () => {
    fc.assert(
      fc.property(element, (value) => {
        expect(linkedInElementJson(value)).toBe(JSON.stringify(value));
      }),
      { seed: 20261204, numRuns: 2_000 },
    );
  });

  it('writes the whole body as JSON.stringify({ elements }) would, across chunks', () => {
    const elements = fc.sample(element, { seed: 7, numRuns: 1_234 });
    expect(linkedInUsersBody(elements).toString('utf8')).toBe(JSON.stringify({ elements }));
    expect(linkedInUsersBody([]).toString('utf8')).toBe('{"elements":[]}');
  });
});
