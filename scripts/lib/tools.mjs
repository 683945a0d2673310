import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The four published packages, in dependency order (core first), with functions their main entry must export. */
export const publishedPackages = [
  { name: '@x/core', dir: 'packages/core', tarball: 'x-core.tgz', mainExports: ['runSync', 'normalizeEmail', 'AudienceSdkError'] },
  { name: '@x/linkedin-dmp', dir: 'packages/linkedin-dmp', tarball: 'x-linkedin-dmp.tgz', mainExports: ['createLinkedInDmpClient'] },
  { name: '@x/criteo-audiences', dir: 'packages/criteo-audiences', tarball: 'x-criteo-audiences.tgz', mainExports: ['createCriteoAudiencesClient'] },
  { name: '@x/ttd-crm', dir: 'packages/ttd-crm', tarball: 'x-ttd-crm.tgz', mainExports: ['createTtdCrmClient', 'createTtdDataClient'] },
];

/**
 * pnpm as the caller ran it (`npm_execpath` under `pnpm run`), else the version pinned in the root
 * `packageManager` through npx: the check must work where no global pnpm exists.
 * @param {string[]} args
 * @returns {[string, string[]]}
 */
export function pnpm(args) {
  const execPath = process.env.npm_execpath;
  if (execPath && path.basename(execPath).startsWith('pnpm')) {
    return /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath, ...args]] : [execPath, args];
  }
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const pinned = String(manifest.packageManager ?? 'pnpm@10').split('+')[0];
  return ['npx', ['--yes', pinned, ...args]];
}

// npm settings a user may legitimately pass through the environment; the rest of `npm_config_*`
// is pnpm's own configuration (`pnpm run` exports it) and would confuse npm.
const npmEnvKept = new Set(['registry', 'cafile', 'ca', 'proxy', 'https_proxy', 'http_proxy', 'noproxy', 'strict_ssl', 'cache', 'userconfig']);

/** The environment for an `npm` child process: pnpm's `npm_config_*` leftovers removed. */
export function npmEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('pnpm_config_')) delete env[key];
    if (lower.startsWith('npm_config_') && !npmEnvKept.has(lower.slice('npm_config_'.length))) delete env[key];
  }
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  return env;
}

/**
 * The command to run a package's bin with this Node: `node <bin file> ...args`.
 * @param {string} packageDir absolute path of the installed package
 * @param {string} [binName]
 */
export function binOf(packageDir, binName) {
  const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[binName ?? Object.keys(manifest.bin)[0]];
  return path.join(packageDir, bin);
}
