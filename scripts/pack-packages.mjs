#!/usr/bin/env node
// Packs the four published packages with `pnpm pack` (which turns `workspace:^` into a real range)
// into examples/consumer/vendor/<name>.tgz, version-less names so that the consumer's file: specs
// never change. Builds first when a package has no dist. Usage: node scripts/pack-packages.mjs
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './lib/run-command.mjs';
import { pnpm, publishedPackages, repoRoot } from './lib/tools.mjs';

export const vendorDir = path.join(repoRoot, 'examples/consumer/vendor');

/** Builds the packages with turbo when any of them lacks its dist (a fresh clone). */
export async function buildIfMissing() {
  const missing = publishedPackages.filter(
    (pkg) => !existsSync(path.join(repoRoot, pkg.dir, 'dist/index.js')) || !existsSync(path.join(repoRoot, pkg.dir, 'dist/msw/index.js')),
  );
  if (missing.length === 0) return { built: false };
  const [command, args] = pnpm(['exec', 'turbo', 'run', 'build', '--filter=./packages/*']);
  const result = await runCommand(command, args, { cwd: repoRoot, timeoutMs: 300_000 });
  if (result.code !== 0) throw new Error(`build failed (missing dist in ${missing.map((pkg) => pkg.name).join(', ')}):\n${result.output}`);
  return { built: true };
}

/**
 * Packs every published package into `destination`.
 * @returns {Promise<Array<{ name: string, dir: string, tarball: string, mainExports: string[] }>>} absolute tarball paths
 */
export async function packPackages(destination = vendorDir) {
  await mkdir(destination, { recursive: true });
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'x-pack-'));
  try {
    return await Promise.all(
      publishedPackages.map(async (pkg) => {
        const out = path.join(scratch, pkg.tarball);
        await mkdir(out);
        const [command, args] = pnpm(['pack', '--pack-destination', out]);
        const result = await runCommand(command, args, { cwd: path.join(repoRoot, pkg.dir) });
        const [file] = (await readdir(out)).filter((name) => name.endsWith('.tgz'));
        if (result.code !== 0 || !file) throw new Error(`pnpm pack failed for ${pkg.name}:\n${result.output}`);
        const tarball = path.join(destination, pkg.tarball);
        await rm(tarball, { force: true });
        await rename(path.join(out, file), tarball);
        return { ...pkg, tarball };
      }),
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildIfMissing();
  for (const { name, tarball } of await packPackages()) console.log(`${name} -> ${path.relative(process.cwd(), tarball)}`);
}
