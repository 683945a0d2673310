import { ApiCallError, redactText, sleep, type BatchOutcome, type HttpClient, type PreparedMember } from '@x/core';
import { z } from 'zod';
import type { LinkedInUserElement } from './linkedin-user-rules.js';
import { linkedInUsersBody } from './linkedin-users-body.js';

const elementStatusSchema = z.object({
  status: z.number().optional(),
  error: z
    .object({ message: z.string().optional(), code: z.string().optional(), serviceErrorCode: z.number().optional() })
    .optional()
    .catch(undefined),
});
const usersResponseSchema = z.object({ elements: z.array(z.unknown()).optional() });

/** Backoff settings for waiting on a just-created segment. */
export interface ReadinessBackoff {
  timeoutMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

/**
 * Sends one batch as `POST /dmpSegments/{id}/users` (BATCH_CREATE, safe to retry: re-adding and
 * re-removing are idempotent), waits out the 404s of a segment that is not available yet, and maps
 * the per-element statuses of the 200 answer to the batch's members.
 */
export async function sendLinkedInUsers(input: {
  http: HttpClient;
  segmentId: string;
  batch: Array<PreparedMember<LinkedInUserElement>>;
  signal: AbortSignal | undefined;
  readiness: ReadinessBackoff;
  secrets: string[];
}): Promise<BatchOutcome> {
  const { http, segmentId, batch, signal, readiness } = input;
  const path = `/dmpSegments/${encodeURIComponent(segmentId)}/users`;
  const body = linkedInUsersBody(batch.map((member) => member.value));
  let retries = 0;
  let waitingSince: number | undefined;
  for (let attempt = 0; ; attempt++) {
    const response = await http.request({
      method: 'POST',
      path,
      headers: { 'x-restli-method': 'BATCH_CREATE', 'content-type': 'application/json' },
      body,
      safeToRetry: true,
      acceptStatus: [404],
      signal,
    });
    retries += response.retries;
    if (response.status !== 404) return outcome(response.data, batch.length, retries, input.secrets);

    // A segment just created answers 404 for seconds to ~2 minutes.
    waitingSince ??= Date.now();
    const remaining = readiness.timeoutMs - (Date.now() - waitingSince);
    if (remaining <= 0) throw segmentNotFound({ segmentId, path, text: response.text, retries, readiness, secrets: input.secrets });
    const ceiling = Math.min(readiness.maxDelayMs, readiness.initialDelayMs * 2 ** Math.min(attempt, 30));
    await sleep(Math.min(remaining, Math.ceil(ceiling / 2 + (readiness.random() * ceiling) / 2)), signal);
    retries++;
  }
}

/** Per-element statuses, in request order: 2xx accepted, anything else rejected. */
function outcome(data: unknown, size: number, retries: number, secrets: string[]): BatchOutcome {
  const parsed = usersResponseSchema.safeParse(data);
  const elements = parsed.success ? (parsed.data.elements ?? []) : [];
  const rejected: NonNullable<BatchOutcome['rejected']> = [];
  const count = Math.min(size, elements.length);
  for (let position = 0; position < count; position++) {
    const raw = elements[position] as { status?: unknown } | null | undefined;
    // The usual answer, a 2xx status, needs no schema (a zod parse per member costs more than sending it).
    if (typeof raw === 'object' && raw !== null && typeof raw.status === 'number' && raw.status >= 200 && raw.status < 300) continue;
    const element = elementStatusSchema.safeParse(raw);
    const status = element.success ? element.data.status : undefined;
    if (status === undefined || (status >= 200 && status < 300)) continue;
    const error = element.success ? element.data.error : undefined;
    const code =
      error?.code === undefined
        ? error?.serviceErrorCode === undefined
          ? `status-${status}`
          : `serviceErrorCode-${error.serviceErrorCode}`
        : redactText(error.code, secrets);
    const detail = error?.message === undefined ? '' : `: ${redactText(error.message, secrets)}`;
    rejected.push({ position, code, message: `LinkedIn refused this member (status ${status})${detail}` });
  }
  return { rejected, retries };
}

function segmentNotFound(input: {
  segmentId: string;
  path: string;
  text: string;
  retries: number;
  readiness: ReadinessBackoff;
  secrets: string[];
}): ApiCallError {
  const seconds = Math.round(input.readiness.timeoutMs / 100) / 10;
  return new ApiCallError(
    `linkedin-dmp: segment ${input.segmentId} still answers 404 on /users after ${seconds} s: it does not exist in this account, ` +
      'or it is not available yet (raise segmentReadyTimeoutMs).',
    {
      platform: 'linkedin-dmp',
      statusCode: 404,
      isRetryable: false,
      code: 'segment-not-found',
      redactedBody: input.text === '' ? undefined : redactText(input.text, input.secrets),
      method: 'POST',
      url: input.path,
      retries: input.retries,
    },
  );
}
