import { HttpResponse } from 'msw';

/** TTD's validation error: `{ Message, ErrorDetails: [{ Property, Reasons }] }`. */
export function ttdValidationError(details: Array<{ property: string; reason: string }>): Response {
  return HttpResponse.json(
    {
      Message: 'The request failed validation. Please check your request and try again.',
      ErrorDetails: details.map((detail) => ({ Property: detail.property, Reasons: [detail.reason] })),
    },
    { status: 400 },
  );
}

export function ttdError(status: number, message: string): Response {
  return HttpResponse.json({ Message: message }, { status });
}

/** The storage host's XML error, as object stores answer a presigned PUT. */
export function storageError(status: number, code: string, message: string): Response {
  return new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
    status,
    headers: { 'content-type': 'application/xml' },
  });
}

/** Reads a JSON object body; undefined when the body is not a JSON object. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body = (await request.json()) as unknown;
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
