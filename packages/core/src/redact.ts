const REDACTED = '[redacted]';
const MAX_LENGTH = 2_000;

// Values worth hiding wherever they appear in a platform's answer or an error message.
const PATTERNS: RegExp[] = [
  // Any word holding an @: UID2 keeps characters at which a stricter email pattern would stop
  // (`john.smith,jr@…`), and a partial match would leak the rest.
  /[^\s"<>]+@[^\s"<>]*|@[^\s"<>@]+/g,
  /\b[0-9a-fA-F]{32,}\b/g, // hex hashes, keys
  /[A-Za-z0-9+/_-]{40,}={0,2}/g, // base64 hashes, tokens, signatures
  /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, // device ids, TDIDs
  /\+[0-9][0-9 ().-]{8,20}[0-9]/g, // phone numbers
  /\b(Bearer|Basic)\s+[^\s"',]+/gi,
  /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?/g, // JWTs
];
const SECRET_FIELDS =
  /("?(?:access_token|refresh_token|client_secret|clientSecret|id_token|token|secret|secretKey|password|authorization|TTD-Auth|TtdSignature|idValue|identifiers|email|UID2|EUID|TDID|DAID)"?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|[^\s,&}]+)/gi;

/**
 * Removes identifiers, tokens and secrets from text that may be shown to users (error bodies,
 * messages) and shortens it. `known` lists exact secrets to remove too (tokens the client holds).
 * @example
 * redactText('{"error":"bad email a@b.com"}'); // '{"error":"bad email [redacted]"}'
 */
export function redactText(text: string, known: Iterable<string> = []): string {
  let result = text;
  for (const secret of known) {
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  for (const pattern of PATTERNS) result = result.replace(pattern, REDACTED);
  result = result.replace(SECRET_FIELDS, (_match, key: string) => `${key}"${REDACTED}"`);
  return result.length > MAX_LENGTH ? `${result.slice(0, MAX_LENGTH)}…[truncated]` : result;
}

/** A URL without its query string and fragment (presigned URLs carry credentials there). */
export function redactUrl(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}
