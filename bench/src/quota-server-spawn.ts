import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { QuotaServerChildConfig } from './quota-server-child.js';
import type { QuotaServerStats } from './quota-server.js';

/** The time integral of calls in flight (ms × calls) at a moment of the server's clock. */
export interface InFlightSnapshot {
  at: number;
  integral: number;
}

/** A quota server in a child process (see quota-server-child.ts), driven over IPC. */
export interface SpawnedQuotaServer {
  url: string;
  stats(): Promise<QuotaServerStats>;
  inFlightNow(): Promise<InFlightSnapshot>;
  close(): Promise<void>;
}

export async function spawnQuotaServer(config: QuotaServerChildConfig): Promise<SpawnedQuotaServer> {
  const child = fork(fileURLToPath(new URL('./quota-server-child.ts', import.meta.url)), [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await reply<{ url: string }>(child, 'ready');
  const ask = <T>(type: string): Promise<T> => {
    const answer = reply<T>(child, type);
    child.send({ type });
    return answer;
  };
  return {
    url: ready.url,
    stats: async () => (await ask<{ stats: QuotaServerStats }>('stats')).stats,
    inFlightNow: async () => (await ask<{ inFlight: InFlightSnapshot }>('in-flight')).inFlight,
    close: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'close' });
      await exited;
    },
  };
}

function reply<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`quota server exited (code ${code}) before answering ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
