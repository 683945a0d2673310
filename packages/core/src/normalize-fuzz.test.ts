import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidIdentifierError } from './errors/invalid-identifier-error.js';
import { normalizeEmail } from './normalize-email.js';
import { normalizeMobileAdId } from './normalize-mobile-ad-id.js';
import { normalizePhone } from './normalize-phone.js';
import { redactText } from './redact.js';

// Anything a plain JavaScript caller might pass where a string belongs.
const anything = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.emailAddress(),
  fc.string({ minLength: 300, maxLength: 5_000 }),
  fc.anything(),
);

const normalizers = { normalizeEmail, normalizePhone, normalizeMobileAdId };

describe.each(Object.entries(normalizers))('%s under fuzzing', (_name, normalize) => {
  it('returns a string or throws InvalidIdentifierError whose message never holds the input', () => {
    fc.assert(
      fc.property(anything, (value) => {
        try {
          expect(typeof normalize(value)).toBe('string');
        } catch (error) {
          expect(InvalidIdentifierError.isInstance(error)).toBe(true);
          if (typeof value === 'string' && value.trim().length >= 6) expect((error as Error).message).not.toContain(value.trim());
        }
      }),
      { seed: 20261123, numRuns: 2_000 },
    );
  });

  it('is idempotent on what it accepts', () => {
    fc.assert(
      fc.property(anything, (value) => {
        let once: string;
        try {
          once = normalize(value);
        } catch {
          return;
        }
        expect(normalize(once)).toBe(once);
      }),
      { seed: 7, numRuns: 2_000 },
    );
  });
});

describe('normalizeEmail accepts every generated valid address', () => {
  it('and lowercases it', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        expect(normalizeEmail(email.toUpperCase())).toBe(email.toLowerCase());
      }),
      { seed: 11, numRuns: 1_000 },
    );
  });
});

describe('redactText under fuzzing', () => {
  it('removes any embedded email address', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.emailAddress(), fc.string({ maxLength: 40 }), (before, email, after) => {
        fc.pre(email.split('@')[0]!.length >= 4);
        expect(redactText(`${before} ${email} ${after}`)).not.toContain(email);
      }),
      { seed: 3, numRuns: 1_000 },
    );
  });
});
