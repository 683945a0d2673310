import { ApiCallError, redactText, type ParsedErrorBody } from '@x/core';
import { z } from 'zod';

// Only the fields the client reads; TTD may add others.
const idSchema = z.union([z.string().min(1), z.number()]).transform(String);

export const segmentListSchema = z.object({
  Segments: z
    .array(
      z.object({
        CrmDataId: idSchema,
        SegmentName: z.string().nullish(),
        Region: z.string().nullish(),
      }),
    )
    .nullish()
    .transform((segments) => segments ?? []),
  PagingToken: z.string().nullish(),
});

export const createdSegmentSchema = z.object({ CrmDataId: idSchema });

export const dropSchema = z.object({ ReferenceId: idSchema, Url: z.url() });

/** Reads TTD's `{ Message, ErrorDetails: [{ Property, Reasons }] }` error body (or plain text). */
export function parseTtdErrorBody(body: unknown): ParsedErrorBody | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : { message: body.trim().slice(0, 500) };
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const message = typeof record.Message === 'string' ? record.Message : typeof record.message === 'string' ? record.message : undefined;
  const details = Array.isArray(record.ErrorDetails)
    ? record.ErrorDetails.flatMap((detail: unknown) => {
        if (typeof detail !== 'object' || detail === null) return [];
        const { Property, Reasons } = detail as { Property?: unknown; Reasons?: unknown };
        const reasons = Array.isArray(Reasons) ? Reasons.filter((reason): reason is string => typeof reason === 'string') : [];
        return [`${typeof Property === 'string' ? `${Property}: ` : ''}${reasons.join(' ')}`];
      })
    : [];
  const text = [message, ...details].filter((part) => part !== undefined && part !== '').join(' | ');
  return text === '' ? undefined : { message: text };
}

/** Parses a success body; a body of the wrong shape becomes an ApiCallError with a redacted excerpt. */
export function parseTtdResponse<S extends z.ZodType>(
  schema: S,
  response: { status: number; data: unknown; text: string },
  what: { method: string; path: string; secrets: string[] },
): z.output<S> {
  const result = schema.safeParse(response.data);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => issue.path.join('.') || '(body)').join(', ');
  throw new ApiCallError(`ttd-crm: ${what.method} ${what.path} answered HTTP ${response.status} with an unexpected body (${fields}).`, {
    platform: 'ttd-crm',
    statusCode: response.status,
    isRetryable: false,
    redactedBody: response.text === '' ? undefined : redactText(response.text, what.secrets),
    method: what.method,
    url: what.path,
  });
}
