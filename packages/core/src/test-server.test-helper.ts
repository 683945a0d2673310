import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/** One scripted answer: a Response factory or a network error. */
export type ScriptedAnswer = (request: Request) => Response | Promise<Response>;

/** A tiny scripted server for core's own tests: answers by call number, records requests. */
export function createScriptedServer(base = 'https://api.test') {
  const requests: Array<{ method: string; url: string; headers: Headers; body: string; at: number }> = [];
  let script: ScriptedAnswer[] = [];
  let fallback: ScriptedAnswer = () => HttpResponse.json({ ok: true });
  const server = setupServer(
    http.all(`${base}/*`, async ({ request }) => {
      requests.push({ method: request.method, url: request.url, headers: request.headers, body: await request.clone().text(), at: Date.now() });
      const next = script.shift() ?? fallback;
      return next(request);
    }),
  );
  return {
    server,
    requests,
    base,
    script(...answers: ScriptedAnswer[]) {
      script = answers;
    },
    fallback(answer: ScriptedAnswer) {
      fallback = answer;
    },
  };
}

export const status = (code: number, headers: Record<string, string> = {}, body: unknown = { message: 'nope' }): ScriptedAnswer => () =>
  HttpResponse.json(body as Record<string, unknown>, { status: code, headers });
export const networkError: ScriptedAnswer = () => HttpResponse.error();
export const ok = (body: unknown = { ok: true }): ScriptedAnswer => () => HttpResponse.json(body as Record<string, unknown>);
