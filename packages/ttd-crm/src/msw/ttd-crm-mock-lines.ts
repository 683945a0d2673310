import type { TtdCrmMockDrop } from './ttd-crm-mock-state.js';

const NORMALIZED_EMAIL = /^[^\s@A-Z]+@[^\s@A-Z]+$/;
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Splits an upload body into its lines, checking each against the drop's PiiType: `Email` takes
 * normalized plaintext addresses, `EmailHashedUnifiedId2` 44-character base64 SHA-256.
 * Returns the 1-based number of the first bad line instead (never its content).
 */
export function parseUploadLines(text: string, piiType: TtdCrmMockDrop['piiType']): { lines: string[] } | { badLine: number; reason: string } {
  if (text === '') return { lines: [] };
  if (!text.endsWith('\n')) return { badLine: text.split('\n').length, reason: 'the last line does not end with a newline' };
  const lines = text.slice(0, -1).split('\n');
  const pattern = piiType === 'Email' ? NORMALIZED_EMAIL : BASE64_SHA256;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (!pattern.test(line)) {
      const expected = piiType === 'Email' ? 'a normalized (trimmed, lowercase) email address' : 'a base64 SHA-256 hash (44 characters)';
      return { badLine: index + 1, reason: `is not ${expected}` };
    }
  }
  return { lines };
}
