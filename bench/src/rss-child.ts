import { memberFileStream, memberStream } from './bench-members.js';
import { BENCH_PLATFORMS, type PlatformName } from './bench-platforms.js';

// Child-process entry of figure (d): one sync in a fresh process, then its peak RSS.
// argv: <platform | 'hash-only'> <members> <source: 'generator' | a file path> <server url> <segment id>
// 'hash-only' runs core's pipeline alone (normalize + SHA-256 + dedupe + batches, a send that does
// nothing) over the emails: the floor every platform's sync stands on.
const [name, count, source, url, segment] = process.argv.slice(2) as [PlatformName | 'hash-only', string, string, string, string];
const platform = BENCH_PLATFORMS[name === 'hash-only' ? 'criteo' : name];
const sync = name === 'hash-only' ? platform.hashOnly : await platform.connect(url, 'fast', segment);
const members = source === 'generator' ? memberStream(platform.kind, Number(count), platform.member) : memberFileStream(source, platform.member);
const started = performance.now();
const report = count === '0' ? undefined : await sync(members);
const seconds = (performance.now() - started) / 1000;
process.send?.({
  // maxRSS is in kilobytes: the process's peak resident set, whatever its moment.
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  seconds,
  received: report?.received ?? 0,
  sent: report?.sent ?? 0,
  accepted: report?.accepted ?? 0,
}, () => process.exit(0));
