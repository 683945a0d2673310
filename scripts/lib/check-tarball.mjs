import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCommand } from './run-command.mjs';
import { expectSuccess, StepFailure } from './step-failure.mjs';
import { readTarball } from './tarball.mjs';
import { binOf, repoRoot } from './tools.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));

const requiredFiles = ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/msw/index.js', 'dist/msw/index.d.ts'];
// Sources, tests and configs stay in the repo: a tarball holding them is a `files` mistake.
const forbiddenFile = /(^|\/)src\/|\.test\.|test-helper|(^|\/)tsconfig[^/]*\.json$|(^|\/)(vitest|tsup)\.config\.|(^|\/)\.env/;

/**
 * What a consumer gets: the files, and the packed package.json (metadata, no `workspace:` range,
 * msw only as an optional peer).
 * @param {{ name: string, tarball: string }} pkg
 */
export async function checkContents(pkg) {
  const files = await readTarball(pkg.tarball);
  const problems = [];
  for (const file of requiredFiles) if (!files.has(file)) problems.push(`missing ${file}`);
  for (const file of files.keys()) if (forbiddenFile.test(file)) problems.push(`should not ship ${file}`);
  const manifest = JSON.parse(files.get('package.json')?.toString('utf8') ?? '{}');
  if (manifest.name !== pkg.name) problems.push(`name is ${manifest.name}`);
  for (const field of ['description', 'keywords', 'repository', 'license', 'files', 'engines', 'exports'])
    if (manifest[field] === undefined || (Array.isArray(manifest[field]) && manifest[field].length === 0)) problems.push(`package.json lacks ${field}`);
  if (manifest.license !== 'MIT') problems.push(`license is ${manifest.license}, expected MIT`);
  if (manifest.publishConfig?.access !== 'public') problems.push('publishConfig.access is not "public"');
  if (manifest.type !== 'module') problems.push('type is not "module"');
  if (manifest.sideEffects !== false) problems.push('sideEffects is not false');
  for (const kind of ['dependencies', 'peerDependencies', 'optionalDependencies'])
    for (const [dep, range] of Object.entries(manifest[kind] ?? {}))
      if (String(range).startsWith('workspace:') || String(range).startsWith('file:')) problems.push(`${kind}.${dep} is ${range}`);
  if (manifest.dependencies?.msw) problems.push('msw is a dependency: it must stay an optional peer');
  if (manifest.peerDependencies?.msw && manifest.peerDependenciesMeta?.msw?.optional !== true) problems.push('the msw peer is not optional');
  if (problems.length > 0) throw new StepFailure(problems.join('; '));
  return `${files.size} files, ${manifest.version}`;
}

/**
 * publint on the packed tarball; any message (suggestions included) fails, so "clean" means "All good".
 * @param {{ tarball: string }} pkg
 */
export async function checkPublint(pkg) {
  const { publint } = await import(pathToFileURL(require.resolve('publint')).href);
  const { formatMessage } = await import(pathToFileURL(require.resolve('publint/utils')).href);
  const buffer = await readFile(pkg.tarball);
  const tarball = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  const { messages, pkg: manifest } = await publint({ pack: { tarball }, level: 'suggestion', strict: true });
  if (messages.length > 0)
    throw new StepFailure(`${messages.length} publint message(s)`, messages.map((message) => `${message.type}: ${formatMessage(message, manifest)}`).join('\n'));
  return 'all good';
}

/**
 * Are the Types Wrong, ESM-only profile (the node10 and CJS-require resolutions are not offered).
 * @param {{ tarball: string }} pkg
 */
export async function checkAttw(pkg) {
  const attw = binOf(path.dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'attw');
  await expectSuccess(runCommand(process.execPath, [attw, pkg.tarball, '--profile', 'esm-only', '--format', 'table-flipped']), 'attw');
  return 'no problems';
}
