import { createCriteoAudiencesMock } from '@x/criteo-audiences/msw';
import { createLinkedInDmpMock } from '@x/linkedin-dmp/msw';
import { createTtdDataMock } from '@x/ttd-crm/msw';
import type { RequestHandler } from 'msw';
import { startQuotaServer, type QuotaServerOptions } from './quota-server.js';

// A child process: the platform mock behind its quota gate, on its own CPU, so that the server's
// work (parsing and storing up to 50,000 ids a call) does not slow the client being measured.

/** What the parent asks for (argv[2], JSON). */
export interface QuotaServerChildConfig {
  platform: 'linkedin' | 'criteo' | 'ttd';
  quota?: QuotaServerOptions['quota'];
  maxInFlight?: number;
  latencyMs?: number;
}

export const TTD_BENCH_ORIGIN = 'https://ttd.bench';

const config = JSON.parse(process.argv[2] ?? '{}') as QuotaServerChildConfig;
const pathname = (path: string) => new URL(path, 'http://local').pathname;

function platformMock(): Pick<QuotaServerOptions, 'origin' | 'counts' | 'storedMembers'> & { handlers: RequestHandler[] } {
  if (config.platform === 'linkedin') {
    const mock = createLinkedInDmpMock();
    return {
      handlers: mock.handlers,
      origin: 'https://api.linkedin.com',
      counts: (path) => pathname(path).endsWith('/users'),
      storedMembers: () => {
        let stored = 0;
        for (const segment of mock.state.segments.values()) {
          stored += segment.members.size;
          segment.members.clear(); // memory stays flat over millions of members
        }
        mock.calls.length = 0;
        return stored;
      },
    };
  }
  if (config.platform === 'criteo') {
    const mock = createCriteoAudiencesMock();
    return {
      handlers: mock.handlers,
      origin: 'https://api.criteo.com',
      counts: (path) => pathname(path).includes('/marketing-solutions/'),
      storedMembers: () => {
        let stored = 0;
        for (const segment of mock.state.segments.values()) {
          for (const members of segment.contactList.values()) stored += members.size;
          segment.contactList.clear();
        }
        mock.calls.length = 0;
        return stored;
      },
    };
  }
  const mock = createTtdDataMock({ baseUrls: [TTD_BENCH_ORIGIN] });
  return {
    handlers: mock.handlers,
    origin: TTD_BENCH_ORIGIN,
    counts: (path) => pathname(path).startsWith('/data/'),
    storedMembers: () => {
      let stored = 0;
      for (const members of mock.state.segments.values()) stored += members.size;
      mock.state.segments.clear();
      mock.calls.length = 0;
      return stored;
    },
  };
}

const server = await startQuotaServer({
  ...platformMock(),
  ...(config.quota === undefined ? {} : { quota: config.quota }),
  ...(config.maxInFlight === undefined ? {} : { maxInFlight: config.maxInFlight }),
  ...(config.latencyMs === undefined ? {} : { latencyMs: config.latencyMs }),
});

process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') process.send?.({ type: 'stats', stats: server.stats, inFlight: server.inFlightNow() });
  if (message.type === 'in-flight') process.send?.({ type: 'in-flight', inFlight: server.inFlightNow() });
  if (message.type === 'close') void server.close().then(() => process.exit(0));
});
process.send?.({ type: 'ready', url: server.url });
