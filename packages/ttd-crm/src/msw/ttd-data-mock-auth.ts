import { createHmac, timingSafeEqual } from 'node:crypto';

/** Credentials the mock accepts. Nothing configured: any well-formed signature or token passes. */
export interface TtdDataMockCredentials {
  secretKey: string | undefined;
  authToken: string | undefined;
}

/** Checks `TtdSignature` (HMAC-SHA1 of the raw body) or `TTD-Auth`; returns the refusal or undefined. */
export function checkTtdDataAuth(request: Request, rawBody: Uint8Array, credentials: TtdDataMockCredentials): { status: 401 | 403; message: string } | undefined {
  const signature = request.headers.get('ttdsignature');
  const token = request.headers.get('ttd-auth');
  const configured = credentials.secretKey !== undefined || credentials.authToken !== undefined;
  if (signature !== null && signature !== '') {
    if (credentials.secretKey === undefined) {
      if (configured) return { status: 403, message: 'Signature authentication is not enabled for this advertiser.' };
      return Buffer.from(signature, 'base64').length === 20 ? undefined : { status: 403, message: 'Invalid signature.' };
    }
    const expected = createHmac('sha1', credentials.secretKey).update(rawBody).digest();
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : { status: 403, message: 'Invalid signature.' };
  }
  if (token !== null && token !== '') {
    if (credentials.authToken === undefined) return configured ? { status: 401, message: 'Invalid authentication token.' } : undefined;
    const given = Buffer.from(token);
    const expected = Buffer.from(credentials.authToken);
    return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : { status: 401, message: 'Invalid authentication token.' };
  }
  return { status: 401, message: 'Missing authentication: send TTD-Auth or TtdSignature.' };
}
