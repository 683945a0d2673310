import { createCriteoAudiencesMock } from '@x/criteo-audiences/msw';
import { createLinkedInDmpMock } from '@x/linkedin-dmp/msw';
import { createTtdCrmMock, createTtdDataMock } from '@x/ttd-crm/msw';
import { platformUrls } from './bench-platforms.js';
import { serveHandlers } from './serve-handlers.js';

/**
 * Every platform's own msw mock (stateful, validating each request as the platform does), served
 * over one real local HTTP server. `stats` counts the members each fake now holds, so a benchmark
 * can check that a sync really landed; `trim` drops the call logs the mocks keep (millions of
 * parsed members would otherwise pile up in the server between rounds).
 */
export async function startMockServer(): Promise<{ url: string; stats: () => Record<string, number>; trim: () => void; close: () => Promise<void> }> {
  let mocks: ReturnType<typeof createMocks> | undefined;
  const served = await serveHandlers((url) => {
    mocks = createMocks(url);
    return [...mocks.linkedIn.handlers, ...mocks.criteo.handlers, ...mocks.ttdCrm.handlers, ...mocks.ttdData.handlers];
  });
  const { linkedIn, criteo, ttdCrm, ttdData } = mocks as ReturnType<typeof createMocks>;
  return {
    url: served.url,
    close: served.close,
    trim() {
      for (const calls of [linkedIn.calls, criteo.calls, ttdCrm.calls, ttdData.calls]) calls.length = 0;
    },
    stats() {
      const count = <T>(values: Iterable<T>, size: (value: T) => number) => {
        let total = 0;
        for (const value of values) total += size(value);
        return total;
      };
      return {
        linkedin: count(linkedIn.state.segments.values(), (segment) => segment.members.size),
        criteo: count(criteo.state.segments.values(), (segment) => count(segment.contactList.values(), (ids) => ids.size)),
        'ttd-crm': count(ttdCrm.state.segments.values(), (segment) => segment.members.size),
        'ttd-data': count(ttdData.state.segments.values(), (members) => members.size),
      };
    },
  };
}

function createMocks(url: string) {
  const urls = platformUrls(url);
  return {
    linkedIn: createLinkedInDmpMock({ ...urls.linkedin, sourcePlatforms: ['BENCH_PLATFORM'] }),
    criteo: createCriteoAudiencesMock(urls.criteo),
    ttdCrm: createTtdCrmMock(urls.ttdCrm),
    ttdData: createTtdDataMock({ baseUrls: [urls.ttdData.baseUrl] }),
  };
}
