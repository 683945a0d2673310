import { fork } from 'node:child_process';
import type { ServerMode } from './bench-platforms.js';

/** A benchmark server running in a child process (tsx's loader is inherited through execArgv). */
export interface ServerProcess {
  url: string;
  /** Members each platform's server side now holds or has counted. */
  stats(): Promise<Record<string, number>>;
  /** Drops the mocks' call logs. */
  trim(): Promise<void>;
  close(): Promise<void>;
}

export async function startServerProcess(mode: ServerMode): Promise<ServerProcess> {
  const child = fork(new URL('./bench-server.ts', import.meta.url), [mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 0;
  const ask = <T>(type: string, answer: string, pick: (message: Record<string, unknown>) => T) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type !== answer || message.id !== id) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(pick(message));
      };
      const onExit = () => reject(new Error(`bench server (${mode}) exited`));
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ type, id });
    });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { type: string; url: string }) => resolve(message.url));
    child.once('exit', (code) => reject(new Error(`bench server (${mode}) exited with ${code}`)));
  });
  return {
    url,
    stats: () => ask('stats', 'stats', (message) => message.stats as Record<string, number>),
    trim: () => ask('trim', 'trimmed', () => undefined),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'close', id: -1 });
      }),
  };
}
