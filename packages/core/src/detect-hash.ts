/** The kinds of already-hashed values the platforms accept. */
export type DetectedHash = 'sha256-hex' | 'sha512-hex' | 'sha256-base64';

const HEX_64 = /^[0-9a-fA-F]{64}$/;
const HEX_128 = /^[0-9a-fA-F]{128}$/;
// 32 bytes in base64: 43 significant characters and one '=' of padding.
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Tells whether `value` is already a hash: 64 hex = SHA-256 hex, 128 hex = SHA-512 hex,
 * 44-character base64 ending in `=` = SHA-256 base64. Returns undefined otherwise.
 * @example
 * detectHash('b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514'); // 'sha256-hex'
 */
export function detectHash(value: string): DetectedHash | undefined {
  if (value.length === 64) return HEX_64.test(value) ? 'sha256-hex' : undefined;
  if (value.length === 128) return HEX_128.test(value) ? 'sha512-hex' : undefined;
  if (value.length === 44) return BASE64_32_BYTES.test(value) ? 'sha256-base64' : undefined;
  return undefined;
}

/**
 * Converts hex (any case) to base64 of the same bytes.
 * @example
 * hexToBase64('b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514');
 * // 'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ='
 */
export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/** Converts base64 to lowercase hex of the same bytes. */
export function base64ToHex(base64: string): string {
  return Buffer.from(base64, 'base64').toString('hex');
}
