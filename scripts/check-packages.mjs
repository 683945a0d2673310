#!/usr/bin/env node
// The published-package checks (`pnpm run test:packages`, run by `pnpm test` after turbo): pack the
// four packages as npm would receive them, then check each tarball (contents, publint, attw
// esm-only), import the main entries with msw absent, install and test examples/consumer against
// the tarballs, and dry-run the publish. Prints a summary; exits 1 when any check fails.
// Needs only Node ≥ 20.19 and npm (pnpm through npm_execpath or npx). Builds only when a dist is missing.
import path from 'node:path';
import { buildIfMissing, packPackages, vendorDir } from './pack-packages.mjs';
import { checkConsumer } from './lib/check-consumer.mjs';
import { checkWithoutMsw } from './lib/check-no-msw.mjs';
import { checkPublishDryRun } from './lib/check-publish.mjs';
import { checkAttw, checkContents, checkPublint } from './lib/check-tarball.mjs';
import { repoRoot } from './lib/tools.mjs';

/** @type {Array<{ name: string, ok: boolean, ms: number, note: string, output: string }>} */
const results = [];
const started = performance.now();

/**
 * Runs one check, prints its line as soon as it ends, and records it for the summary.
 * @param {string} name
 * @param {() => Promise<string | undefined>} run resolves to a short note; throws on failure
 */
async function step(name, run) {
  const t0 = performance.now();
  let ok = true;
  let note = '';
  let output = '';
  try {
    note = (await run()) ?? '';
  } catch (error) {
    ok = false;
    note = error instanceof Error ? error.message : String(error);
    output = typeof error?.output === 'string' ? error.output : error instanceof Error && error.name !== 'StepFailure' ? (error.stack ?? '') : '';
  }
  const ms = performance.now() - t0;
  results.push({ name, ok, ms, note, output });
  console.log(`${ok ? '✔' : '✘'} ${name} (${seconds(ms)})${note ? ` — ${note}` : ''}`);
  return ok;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

function tail(text, lines = 60) {
  const all = text.trimEnd().split('\n');
  return (all.length > lines ? [`… (${all.length - lines} lines above)`, ...all.slice(-lines)] : all).map((line) => `    ${line}`).join('\n');
}

console.log('Published-package checks\n');
let packages = [];
const packed = await step('build (only if a dist is missing) and pnpm pack', async () => {
  const { built } = await buildIfMissing();
  packages = await packPackages();
  return `${built ? 'built, then ' : ''}${packages.length} tarballs in ${path.relative(repoRoot, vendorDir)}`;
});

if (packed) {
  await Promise.all([
    ...packages.map(async (pkg) => {
      await step(`contents ${pkg.name}`, () => checkContents(pkg));
      await step(`publint ${pkg.name}`, () => checkPublint(pkg));
    }),
    ...packages.map((pkg) => step(`attw --profile esm-only ${pkg.name}`, () => checkAttw(pkg))),
    checkWithoutMsw(packages, step),
    checkConsumer(packages, step),
    step('pnpm -r publish --dry-run --no-git-checks', () => checkPublishDryRun(packages)),
  ]);
}

const failed = results.filter((result) => !result.ok);
console.log(`\n${'─'.repeat(72)}`);
for (const result of failed) {
  console.log(`✘ ${result.name}: ${result.note}`);
  if (result.output.trim()) console.log(tail(result.output));
}
const total = seconds(performance.now() - started);
console.log(
  failed.length === 0
    ? `All ${results.length} package checks passed in ${total}.`
    : `${failed.length} of ${results.length} package checks FAILED (${total}): ${failed.map((result) => result.name).join(', ')}`,
);
// The plain closing line CI reads as a test count.
console.log(`package-checks: ${results.length - failed.length} passed, ${failed.length} failed`);
process.exitCode = failed.length === 0 ? 0 : 1;
