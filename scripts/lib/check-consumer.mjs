import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from './run-command.mjs';
import { expectSuccess, StepFailure } from './step-failure.mjs';
import { readTarball } from './tarball.mjs';
import { npmEnv, repoRoot } from './tools.mjs';

export const consumerDir = path.join(repoRoot, 'examples/consumer');

/**
 * examples/consumer: npm install (no lockfile) of the tarballs and the pinned dev tools, proof that
 * each @x package on disk is the tarball's copy (one @x/core, never a registry one), then its two
 * tsc configs and its vitest suite.
 * @param {Array<{ name: string, tarball: string }>} packages
 * @param {(name: string, run: () => Promise<string>) => Promise<boolean>} step
 */
export async function checkConsumer(packages, step) {
  const installed = await step('consumer: npm install --no-package-lock', async () => {
    // Same version, new contents: drop the old copies so npm cannot keep them.
    await rm(path.join(consumerDir, 'node_modules/@x'), { recursive: true, force: true });
    await expectSuccess(
      runCommand('npm', ['install', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumerDir, env: npmEnv() }),
      'npm install',
    );
    const copies = await findPackageDirs(path.join(consumerDir, 'node_modules'), '@x/core');
    if (copies.length !== 1) throw new StepFailure(`expected one @x/core in node_modules, found ${copies.length}: ${copies.join(', ')}`);
    for (const pkg of packages) await sameAsTarball(pkg, path.join(consumerDir, 'node_modules', pkg.name));
    return 'one @x/core; every @x package is its tarball';
  });
  if (!installed) return;

  const tsc = path.join(consumerDir, 'node_modules/typescript/bin/tsc');
  await Promise.all([
    step('consumer: tsc --noEmit -p tsconfig.nodenext.json', async () => {
      await expectSuccess(runCommand(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.nodenext.json'], { cwd: consumerDir }), 'tsc');
      return 'moduleResolution NodeNext';
    }),
    step('consumer: tsc --noEmit -p tsconfig.bundler.json', async () => {
      await expectSuccess(runCommand(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.bundler.json'], { cwd: consumerDir }), 'tsc');
      return 'moduleResolution Bundler';
    }),
    step('consumer: vitest run', async () => {
      const vitest = path.join(consumerDir, 'node_modules/vitest/vitest.mjs');
      const result = await expectSuccess(runCommand(process.execPath, [vitest, 'run'], { cwd: consumerDir, env: plainEnv() }), 'vitest');
      return /Tests\s+(.*)/.exec(result.output.replace(/\x1b\[[0-9;]*m/g, ''))?.[1]?.trim() ?? 'passed';
    }),
  ]);
}

/** The environment without colour codes, so that the summary can quote vitest's counts. */
function plainEnv() {
  const { FORCE_COLOR: _force, ...env } = process.env;
  return { ...env, NO_COLOR: '1' };
}

/** Every directory under `root` (nested node_modules included) that holds package `name`. */
async function findPackageDirs(root, name, found = []) {
  if (!existsSync(root)) return found;
  if (existsSync(path.join(root, name, 'package.json'))) found.push(path.join(root, name));
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dirs = entry.name.startsWith('@') ? (await readdir(path.join(root, entry.name))).map((sub) => path.join(entry.name, sub)) : [entry.name];
    for (const dir of dirs) {
      const nested = path.join(root, dir, 'node_modules');
      if (existsSync(nested)) await findPackageDirs(nested, name, found);
    }
  }
  return found;
}

async function sameAsTarball(pkg, installedDir) {
  const files = await readTarball(pkg.tarball);
  for (const file of ['package.json', 'dist/index.js', 'dist/msw/index.js']) {
    const packed = files.get(file);
    const onDisk = await readFile(path.join(installedDir, file)).catch(() => undefined);
    if (!packed || !onDisk || digest(packed) !== digest(onDisk)) throw new StepFailure(`${pkg.name}/${file} in node_modules is not the tarball's`);
  }
}

function digest(buffer) {
  return createHash('sha256').update(buffer).digest('hex');
}
