import type { ParsedErrorBody } from '@x/core';

/** One `FailedLines` entry, read leniently. */
export interface TtdDataFailedLine {
  /** 1-based position of the item in the request; undefined when TTD did not say. */
  itemNumber: number | undefined;
  errorCode: string;
  message: string | undefined;
}

/**
 * Reads `FailedLines` from a Data API answer. TTD sends JSON, sometimes plain text under a JSON
 * content type, and `ItemNumber` as a number or a numeric string; property names are matched
 * case-insensitively. Returns an empty list when there are none.
 */
export function readTtdDataFailedLines(data: unknown): TtdDataFailedLine[] {
  const body = unwrapJsonString(data);
  const lines = property(body, 'failedlines');
  if (!Array.isArray(lines)) return [];
  const result: TtdDataFailedLine[] = [];
  for (const line of lines) {
    if (typeof line !== 'object' || line === null) continue;
    const code = property(line, 'errorcode');
    const message = property(line, 'message');
    result.push({
      itemNumber: toItemNumber(property(line, 'itemnumber')),
      errorCode: typeof code === 'string' && code !== '' ? code : typeof code === 'number' ? String(code) : 'Unknown',
      message: typeof message === 'string' && message !== '' ? message : undefined,
    });
  }
  return result;
}

/** Error-body reader for the HTTP client: a code and message from JSON or plain text. */
export function parseTtdDataErrorBody(body: unknown): ParsedErrorBody | undefined {
  const value = unwrapJsonString(body);
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return undefined;
    const code = /^[A-Za-z][A-Za-z0-9]{2,80}$/.test(text) ? text : /\b(TargetingData\w*)\b/.exec(text)?.[1];
    return { code, message: text.slice(0, 500) };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const first = readTtdDataFailedLines(value)[0];
  const code = property(value, 'errorcode') ?? property(value, 'code');
  const message = property(value, 'message') ?? property(value, 'title') ?? property(value, 'error');
  return {
    code: typeof code === 'string' ? code : first?.errorCode,
    message: typeof message === 'string' ? message : first?.message,
  };
}

function unwrapJsonString(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  const text = data.trim();
  if (!text.startsWith('{') && !text.startsWith('[') && !text.startsWith('"')) return data;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return data;
  }
}

function property(object: unknown, lowerName: string): unknown {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return undefined;
  for (const [key, value] of Object.entries(object)) {
    if (key.toLowerCase() === lowerName) return value;
  }
  return undefined;
}

function toItemNumber(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number >= 1 ? number : undefined;
}
