/** `urn:li:sponsoredAccount:<id>`, the account reference LinkedIn expects in bodies and queries. */
export function sponsoredAccountUrn(adAccountId: string): string {
  return `urn:li:sponsoredAccount:${adAccountId}`;
}

/**
 * The bare id from a header or argument that may hold `123`, `urn:li:dmpSegment:123` or an
 * URL-encoded URN. Undefined when nothing usable is left.
 */
export function bareId(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  let decoded = value.trim();
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // Not encoded: keep as is.
  }
  const id = decoded.startsWith('urn:') ? decoded.slice(decoded.lastIndexOf(':') + 1) : decoded;
  return id === '' ? undefined : id;
}
