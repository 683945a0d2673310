import { setupServer } from 'msw/node';
import { criteoDemoHandlers, runCriteoDemo } from './criteo-demo.js';
import { generateAudience } from './generate-audience.js';
import { linkedInDemoHandlers, runLinkedInDemo } from './linkedin-demo.js';
import { runLocalSinkDemo } from './local-sink-demo.js';
import { printReport } from './print-report.js';
import { runTtdCrmDemo, ttdCrmDemoHandlers } from './ttd-crm-demo.js';
import { runTtdDataDemo, ttdDataDemoHandlers } from './ttd-data-demo.js';

// The main job: one generated audience, synced to a local sink and to every platform's mock.
const size = Number(process.env.DEMO_AUDIENCE_SIZE ?? 100_000);
console.log(`Generated audience: ${size.toLocaleString('en-US')} members (every 50th malformed, every 20th a duplicate in other casing).`);

const server = setupServer(...linkedInDemoHandlers(), ...criteoDemoHandlers(), ...ttdCrmDemoHandlers(), ...ttdDataDemoHandlers());
server.listen({ onUnhandledRequest: 'error' });

const runs: Array<[string, () => Promise<Parameters<typeof printReport>[1]>]> = [
  ['@x/core pipeline → local sink (from a file, line by line)', () => runLocalSinkDemo(generateAudience(size))],
  ['@x/linkedin-dmp → LinkedIn DMP mock', () => runLinkedInDemo(generateAudience(size))],
  ['@x/criteo-audiences → Criteo mock', () => runCriteoDemo(generateAudience(size))],
  ['@x/ttd-crm CRM Data API (UID2 hashed emails, one Replace drop) → TTD CRM mock', () => runTtdCrmDemo(generateAudience(size))],
  ['@x/ttd-crm first-party Data API (TDIDs) → TTD Data mock', () => runTtdDataDemo(generateAudience(size))],
];

let failed = false;
try {
  for (const [title, run] of runs) {
    const started = performance.now();
    try {
      printReport(title, await run(), performance.now() - started);
    } catch (error) {
      failed = true;
      console.error(`\n== ${title}\n   FAILED:`, error);
    }
  }
} finally {
  server.close();
}
process.exitCode = failed ? 1 : 0;
