import { spawn } from 'node:child_process';

/**
 * Runs a command and collects its output (stdout and stderr interleaved) instead of streaming it,
 * so that parallel steps print readable blocks. Never rejects: a spawn error becomes code 127.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} [options]
 * @returns {Promise<{ code: number, output: string, ms: number }>}
 */
export function runCommand(command, args, options = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 180_000,
      killSignal: 'SIGKILL',
    });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => {
      output += `\n${error.message}`;
    });
    child.on('close', (code, signal) => {
      if (signal) output += `\n(killed by ${signal}${signal === 'SIGKILL' ? ': time limit' : ''})`;
      resolve({ code: code ?? 1, output, ms: performance.now() - started });
    });
  });
}
