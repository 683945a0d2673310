import { ConfigurationError, parseOptions, redactText } from '@x/core';
import { z } from 'zod';
import { encodePath, type TtdCrmContext } from './ttd-crm-context.js';
import { abortSignalSchema } from './ttd-data-call-options.js';

/** What TTD says about a drop. The shape is not documented publicly, so it is read leniently. */
export interface TtdCrmDropStatus {
  crmDataId: string;
  referenceId: string;
  /** TTD's status string as given (e.g. a pending or processed state), undefined when absent. */
  status: string | undefined;
  /**
   * The answer's scalar fields (nested objects flattened as `Parent.Child`), without URLs or
   * credentials, and with identifiers redacted from strings.
   */
  raw: Record<string, string | number | boolean | null>;
}

const STATUS_KEYS = ['status', 'dropstatus', 'state', 'processingstatus'];
const UNSAFE_KEY = /url|token|auth|signature|secret|password|credential/i;

export async function getTtdCrmDropStatus(
  context: TtdCrmContext,
  input: { crmDataId: string; referenceId: string; signal?: AbortSignal | undefined },
): Promise<TtdCrmDropStatus> {
  for (const field of ['crmDataId', 'referenceId'] as const) {
    if (typeof input[field] !== 'string' || input[field].trim() === '') {
      throw new ConfigurationError(`ttd-crm: ${field} must be a non-empty string.`, {
        platform: 'ttd-crm',
        issues: [{ path: field, message: 'Required.' }],
      });
    }
  }
  parseOptions(z.object({ signal: abortSignalSchema.optional() }), { signal: input.signal }, 'ttd-crm', 'getDropStatus options');
  const path = `/crmdata/targeting/segment/${encodePath(context.advertiserId)}/${encodePath(input.crmDataId)}/${encodePath(input.referenceId)}`;
  const response = await context.api.request({ method: 'GET', path, signal: input.signal });
  const raw: TtdCrmDropStatus['raw'] = {};
  if (typeof response.data === 'object' && response.data !== null && !Array.isArray(response.data)) {
    collect(response.data as Record<string, unknown>, '', raw, context.secrets, 0);
  } else if (typeof response.data === 'string') {
    // Some endpoints answer a bare JSON string.
    raw.Status = redactText(response.data, context.secrets);
  } else if (response.data === undefined && response.text.trim() !== '') {
    raw.Status = redactText(response.text.trim().slice(0, 200), context.secrets);
  }
  const statusKey = Object.keys(raw).find((key) => STATUS_KEYS.includes(key.toLowerCase()));
  const status = statusKey === undefined ? undefined : raw[statusKey];
  return {
    crmDataId: input.crmDataId,
    referenceId: input.referenceId,
    status: status === undefined || status === null ? undefined : String(status),
    raw,
  };
}

function collect(source: Record<string, unknown>, prefix: string, target: TtdCrmDropStatus['raw'], secrets: string[], depth: number): void {
  for (const [key, value] of Object.entries(source)) {
    if (UNSAFE_KEY.test(key)) continue;
    const name = `${prefix}${key}`;
    if (typeof value === 'string') target[name] = redactText(value, secrets);
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) target[name] = value;
    else if (depth < 2 && typeof value === 'object' && !Array.isArray(value)) collect(value as Record<string, unknown>, `${name}.`, target, secrets, depth + 1);
  }
}
