import { startFastServer } from './fast-server.js';
import { startMockServer } from './mock-server.js';

// Child-process entry: a server on its own core, so that client and server do not share one.
// argv[2] = 'mock' (the platforms' msw mocks) or 'fast' (the minimal counting responder).
const mode = process.argv[2] === 'fast' ? 'fast' : 'mock';
const server: { url: string; stats: () => Record<string, number>; trim?: () => void; close: () => Promise<void> } =
  mode === 'fast' ? await startFastServer() : await startMockServer();

process.on('message', (message: { type: string; id: number }) => {
  if (message.type === 'stats') process.send?.({ type: 'stats', id: message.id, stats: server.stats() });
  else if (message.type === 'trim') {
    server.trim?.();
    process.send?.({ type: 'trimmed', id: message.id });
  } else if (message.type === 'close') void server.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', url: server.url });
