import { HttpResponse } from 'msw';

/** LinkedIn's REST error body: `{ status, serviceErrorCode?, code?, message }`. */
export function linkedInError(status: number, message: string, extra: { code?: string; serviceErrorCode?: number } = {}): Response {
  return HttpResponse.json(
    {
      status,
      ...(extra.serviceErrorCode === undefined ? {} : { serviceErrorCode: extra.serviceErrorCode }),
      ...(extra.code === undefined ? {} : { code: extra.code }),
      message,
    },
    { status },
  );
}

/** LinkedIn's OAuth error body: `{ error, error_description }`. */
export function oauthError(status: number, error: string, description: string): Response {
  return HttpResponse.json({ error, error_description: description }, { status });
}

export const badRequest = (message: string): Response => linkedInError(400, message, { code: 'ILLEGAL_ARGUMENT', serviceErrorCode: 100 });
