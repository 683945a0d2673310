import { delay } from 'msw';
import { recordRequest, type RecordedCall } from './call-log.js';
import { faultResponse, type FaultScript } from './fault-script.js';

/**
 * Wraps a mock's route handler: records the call, applies a scripted or random fault first, then
 * lets the handler answer. Use it for every route of a platform mock.
 * @example
 * http.post(`${base}/dmpSegments`, withFaults(faults, calls, ({ request }) => createSegment(request)))
 */
export function withFaults<Info extends { request: Request }>(
  faults: FaultScript,
  calls: RecordedCall[],
  handler: (info: Info) => Response | Promise<Response>,
): (info: Info) => Promise<Response> {
  return async (info) => {
    const recorded = await recordRequest(info.request);
    const fault = faults.take(info.request);
    let response: Response;
    if (fault !== undefined && fault.type !== 'delay') {
      response = faultResponse(fault);
    } else {
      if (fault?.type === 'delay') await delay(fault.ms);
      response = await handler(info);
    }
    calls.push({ ...recorded, status: response.type === 'error' ? 0 : response.status });
    return response;
  };
}
