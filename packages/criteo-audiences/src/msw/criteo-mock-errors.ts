import { HttpResponse } from 'msw';

/** Classification of a Criteo problem. */
export type CriteoProblemType = 'access-control' | 'authentication' | 'authorization' | 'availability' | 'deprecation' | 'quota' | 'validation';

/** One entry of Criteo's `errors` array. */
export interface CriteoMockProblem {
  traceIdentifier: string;
  traceId: string;
  type: CriteoProblemType;
  code: string;
  instance: string;
  title: string;
  detail?: string;
}

/** Builds a problem the way Criteo writes them (both trace id spellings, kebab-case code). */
export function criteoProblem(input: { type: CriteoProblemType; code: string; title: string; detail?: string; instance?: string }): CriteoMockProblem {
  const trace = globalThis.crypto.randomUUID().replaceAll('-', '');
  return {
    traceIdentifier: trace,
    traceId: trace,
    type: input.type,
    code: input.code,
    instance: input.instance ?? '/marketing-solutions',
    title: input.title,
    ...(input.detail === undefined ? {} : { detail: input.detail }),
  };
}

/** An error answer in Criteo's shape: `{ errors: [{ traceIdentifier, type, code, title, detail }] }`. */
export function criteoErrorResponse(
  status: number,
  problem: { type: CriteoProblemType; code: string; title: string; detail?: string; instance?: string },
  headers: Record<string, string> = {},
): Response {
  return HttpResponse.json({ errors: [criteoProblem(problem)] }, { status, headers });
}

/** A 400 validation error. */
export function validationError(code: string, title: string, detail?: string, instance?: string): Response {
  return criteoErrorResponse(400, {
    type: 'validation',
    code,
    title,
    ...(detail === undefined ? {} : { detail }),
    ...(instance === undefined ? {} : { instance }),
  });
}
