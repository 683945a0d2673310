import { ApiCallError, redactText, type BatchOutcome, type HttpClient } from '@x/core';
import type { TtdDataWireId } from './ttd-data-member-rules.js';
import { serializeTtdDataBody, type TtdDataEnvelope } from './ttd-data-request-body.js';
import { readTtdDataFailedLines, type TtdDataFailedLine } from './ttd-data-response.js';
import { signTtdDataBody } from './ttd-data-signature.js';

/** What every request of one call shares. */
export interface TtdDataPostContext {
  http: HttpClient;
  path: string;
  /** Full URL of `path`, shown in errors. */
  url: string;
  envelope: TtdDataEnvelope;
  /** HMAC mode: the advertiser secret to sign each body with. */
  secretKey: string | undefined;
  /** Secrets to scrub from errors. */
  secrets: string[];
}

type Outcome = Required<Pick<BatchOutcome, 'retries'>> & { rejected: NonNullable<BatchOutcome['rejected']>; unattributedRejected: number };

/**
 * Posts one batch. A 413 splits it in two and posts the halves (down to single items; a single
 * item still too large is rejected as `request-too-large`). `FailedLines` of a 200, or of a 400
 * that names lines, become rejections at the items' positions; any other failure throws.
 */
export async function postTtdDataItems(context: TtdDataPostContext, ids: readonly TtdDataWireId[], signal: AbortSignal | undefined): Promise<Outcome> {
  const bytes = serializeTtdDataBody(context.envelope, ids);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (context.secretKey !== undefined) headers.TtdSignature = signTtdDataBody(context.secretKey, bytes);
  let response;
  try {
    response = await context.http.request({ method: 'POST', path: context.path, body: bytes, headers, safeToRetry: true, acceptStatus: [400, 413], signal });
  } catch (error) {
    throw scrubError(error, ids);
  }

  if (response.status === 413) {
    if (ids.length === 1) {
      return {
        rejected: [{ position: 0, code: 'request-too-large', message: 'TTD refused the request as too large (HTTP 413) even with this member alone.' }],
        unattributedRejected: 0,
        retries: response.retries,
      };
    }
    const middle = Math.ceil(ids.length / 2);
    const left = await postTtdDataItems(context, ids.slice(0, middle), signal);
    const right = await postTtdDataItems(context, ids.slice(middle), signal);
    return {
      rejected: [...left.rejected, ...right.rejected.map((rejection) => ({ ...rejection, position: rejection.position + middle }))],
      unattributedRejected: left.unattributedRejected + right.unattributedRejected,
      retries: response.retries + left.retries + right.retries,
    };
  }

  const lines = readTtdDataFailedLines(response.data ?? response.text);
  const outcome = mapFailedLines(lines, ids);
  if (response.status === 400 && outcome.rejected.length === 0) {
    const code = lines[0]?.errorCode;
    const detail = redactText(response.text.slice(0, 4_000), [...context.secrets, ...ids.map((id) => id.value)]);
    throw new ApiCallError(`ttd-data: POST ${context.url} failed with HTTP 400${code ? ` (${code})` : ''}${detail ? `: ${detail.slice(0, 300)}` : ''}`, {
      platform: 'ttd-data',
      statusCode: 400,
      isRetryable: false,
      code,
      redactedBody: detail === '' ? undefined : detail,
      method: 'POST',
      url: context.url,
      retries: response.retries,
    });
  }
  return { ...outcome, retries: response.retries };
}

function mapFailedLines(lines: TtdDataFailedLine[], ids: readonly TtdDataWireId[]): Omit<Outcome, 'retries'> {
  // A Message may name any id of the request, not only its own: look for all of them while that
  // stays cheap (a few lines, or small requests); otherwise keep only TTD's code.
  const values = lines.length * ids.length <= 2_000_000 ? ids.map((id) => id.value) : undefined;
  const named = new Set<number>();
  const rejected: Outcome['rejected'] = [];
  let unnamed = 0;
  for (const line of lines) {
    const position = line.itemNumber === undefined ? -1 : line.itemNumber - 1;
    const id = ids[position];
    if (id === undefined) {
      unnamed++;
      continue;
    }
    // One item may fail once per Data entry: count the member once.
    if (named.has(position)) continue;
    named.add(position);
    rejected.push({ position, code: line.errorCode, message: describe(line, values) });
  }
  return { rejected, unattributedRejected: Math.min(unnamed, ids.length - rejected.length) };
}

function describe(line: TtdDataFailedLine, values: string[] | undefined): string {
  const base = `TTD rejected this member (${line.errorCode})`;
  const message = line.message;
  if (message === undefined || values === undefined) return `${base}.`;
  const echoed = values.filter((value) => message.includes(value));
  // redactText ignores very short strings: leave such a message out.
  if (echoed.some((value) => value.length < 4)) return `${base}.`;
  return `${base}: ${redactText(message, echoed).slice(0, 300)}`;
}

/** Removes the batch's raw ids from an error TTD's answer may have echoed them into. */
function scrubError(error: unknown, ids: readonly TtdDataWireId[]): unknown {
  if (!ApiCallError.isInstance(error)) return error;
  const values = ids.map((id) => id.value).filter((value) => value.length >= 4);
  const mutable = error as { message: string; stack?: string | undefined; redactedBody: string | undefined; code: string | undefined };
  const clean = (text: string) => (values.some((value) => text.includes(value)) ? redactText(text, values) : text);
  mutable.message = clean(mutable.message);
  if (mutable.stack !== undefined) mutable.stack = clean(mutable.stack);
  if (mutable.redactedBody !== undefined) mutable.redactedBody = clean(mutable.redactedBody);
  if (mutable.code !== undefined) mutable.code = clean(mutable.code);
  return error;
}
