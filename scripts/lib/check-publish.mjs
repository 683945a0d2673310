import { runCommand } from './run-command.mjs';
import { expectSuccess, StepFailure } from './step-failure.mjs';
import { pnpm, repoRoot } from './tools.mjs';

/**
 * `pnpm -r publish --dry-run --no-git-checks` filtered to the published packages: what
 * `pnpm release` would upload (it needs no npm login in dry-run).
 * @param {Array<{ name: string }>} packages
 */
export async function checkPublishDryRun(packages) {
  const filters = packages.flatMap((pkg) => ['--filter', pkg.name]);
  const [command, args] = pnpm(['-r', ...filters, 'publish', '--dry-run', '--no-git-checks']);
  const result = await expectSuccess(runCommand(command, args, { cwd: repoRoot, timeoutMs: 240_000 }), 'pnpm publish --dry-run');
  const published = packages.filter((pkg) => new RegExp(`^\\+ ${pkg.name.replace('/', '\\/')}@`, 'm').test(result.output));
  if (published.length !== packages.length) {
    const missing = packages.filter((pkg) => !published.includes(pkg)).map((pkg) => pkg.name);
    throw new StepFailure(`dry run did not publish ${missing.join(', ')}`, result.output);
  }
  return packages.map((pkg) => `${pkg.name}@${/^\+ \S+@(\S+)/m.exec(result.output.slice(result.output.indexOf(`+ ${pkg.name}@`)))?.[1]}`).join(', ');
}
