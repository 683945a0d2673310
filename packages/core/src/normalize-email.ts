import { InvalidIdentifierError } from './errors/invalid-identifier-error.js';

/** Options of {@link normalizeEmail}. */
export interface NormalizeEmailOptions {
  /**
   * Apply the UID2 gmail.com rules: drop every `.` and everything from the first `+` in the local
   * part. Only for `gmail.com`; on for UID2/TTD hashes, off where a platform hashes plain
   * trim+lowercase (LinkedIn, Criteo).
   * @default false
   */
  canonicalizeGmail?: boolean;
}

const MAX_EMAIL_LENGTH = 320;

/**
 * Normalizes an email address by the UID2 rules: trim, lowercase ASCII letters, reject inner
 * whitespace and anything but exactly one `@` between a non-empty local part and domain.
 * Non-ASCII characters are kept as they are.
 * @throws {InvalidIdentifierError} with a reason code; the message never contains the value.
 * @example
 * normalizeEmail(' Jane.Doe+news@Gmail.com ', { canonicalizeGmail: true }); // 'janedoe@gmail.com'
 */
export function normalizeEmail(value: unknown, options: NormalizeEmailOptions = {}): string {
  if (typeof value !== 'string') {
    throw new InvalidIdentifierError('not-a-string', `Email must be a string, got ${describeType(value)}.`);
  }
  const trimmed = value.trim();
  const length = trimmed.length;
  if (length === 0) throw new InvalidIdentifierError('empty', 'Email is empty.');
  if (length > MAX_EMAIL_LENGTH) {
    throw new InvalidIdentifierError('too-long', `Email is longer than ${MAX_EMAIL_LENGTH} characters.`);
  }
  // One pass over the characters: this runs for every member of every sync.
  let at = -1;
  let atCount = 0;
  let hasUpper = false;
  let hasNonAscii = false;
  let hasSpace = false;
  for (let i = 0; i < length; i++) {
    const code = trimmed.charCodeAt(i);
    if (code === 64) {
      atCount++;
      if (at === -1) at = i;
    } else if (code <= 32) hasSpace = true;
    else if (code >= 65 && code <= 90) hasUpper = true;
    else if (code >= 127) hasNonAscii = true;
  }
  if (hasSpace || (hasNonAscii && /\s/u.test(trimmed))) {
    throw new InvalidIdentifierError('contains-whitespace', 'Email contains whitespace.');
  }
  if (atCount === 0) throw new InvalidIdentifierError('missing-at', 'Email has no "@".');
  if (atCount > 1) throw new InvalidIdentifierError('multiple-at', 'Email has more than one "@".');
  if (at === 0) throw new InvalidIdentifierError('empty-local-part', 'Email has an empty local part.');
  if (at === length - 1) throw new InvalidIdentifierError('empty-domain', 'Email has an empty domain.');

  // UID2 lowercases ASCII only; toLowerCase is the fast path when there is nothing else.
  const lowered = !hasUpper ? trimmed : hasNonAscii ? lowercaseAscii(trimmed) : trimmed.toLowerCase();
  if (options.canonicalizeGmail !== true) return lowered;
  const domain = lowered.slice(at + 1);
  if (domain !== 'gmail.com') return lowered;
  let local = lowered.slice(0, at);
  const plus = local.indexOf('+');
  if (plus !== -1) local = local.slice(0, plus);
  local = local.replaceAll('.', '');
  if (local.length === 0) throw new InvalidIdentifierError('empty-local-part', 'Email has an empty local part.');
  return `${local}@${domain}`;
}

/** Lowercases A-Z only, as UID2 specifies; other characters are kept as given. */
function lowercaseAscii(value: string): string {
  return value.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
