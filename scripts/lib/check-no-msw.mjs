import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from './run-command.mjs';
import { expectSuccess, StepFailure } from './step-failure.mjs';
import { npmEnv } from './tools.mjs';

/**
 * Installs the tarballs into an empty folder outside the repo (so nothing resolves from the
 * workspace's node_modules), without msw, and imports each main entry in a plain Node process.
 * The same folder then typechecks the main entries for a Node-only app: NodeNext, no DOM lib,
 * skipLibCheck off, no msw types around.
 * @param {Array<{ name: string, tarball: string, mainExports: string[] }>} packages
 * @param {(name: string, run: () => Promise<string>) => Promise<boolean>} step
 */
export async function checkWithoutMsw(packages, step) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'x-no-msw-'));
  let ok = false;
  try {
    const installed = await step('no-msw: npm install of the tarballs', async () => {
      const dependencies = Object.fromEntries(packages.map((pkg) => [pkg.name, `file:${pkg.tarball}`]));
      const manifest = {
        name: 'x-no-msw-check',
        private: true,
        type: 'module',
        dependencies,
        // @x/core comes from its tarball for the platform packages too, never from the registry.
        overrides: { '@x/core': '$@x/core' },
        devDependencies: { typescript: versionOf('typescript'), '@types/node': versionOf('@types/node') },
      };
      await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      await expectSuccess(
        runCommand('npm', ['install', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env: npmEnv() }),
        'npm install',
      );
      if (existsSync(path.join(dir, 'node_modules/msw'))) throw new StepFailure('msw got installed: something depends on it');
      return 'msw absent';
    });
    if (!installed) return;

    const imports = await Promise.all(
      packages.map((pkg) =>
        step(`no-msw: node imports ${pkg.name}`, async () => {
          const code = [
            `const m = await import(${JSON.stringify(pkg.name)});`,
            `for (const name of ${JSON.stringify(pkg.mainExports)}) if (typeof m[name] !== 'function') throw new Error(name + ' is not exported');`,
          ].join('\n');
          await expectSuccess(runCommand(process.execPath, ['--input-type=module', '-e', code], { cwd: dir }), 'node');
          return pkg.mainExports.join(', ');
        }),
      ),
    );

    const types = await step('no-msw: tsc (NodeNext, no DOM lib) on the main entries', async () => {
      const lines = packages.map((pkg) => `import { ${pkg.mainExports.join(', ')} } from '${pkg.name}';`);
      lines.push(`export const used = [${packages.flatMap((pkg) => pkg.mainExports).join(', ')}];`);
      await writeFile(path.join(dir, 'index.ts'), `${lines.join('\n')}\n`);
      const tsconfig = {
        compilerOptions: { target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], strict: true, skipLibCheck: false, noEmit: true },
        files: ['index.ts'],
      };
      await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
      await expectSuccess(runCommand(process.execPath, [path.join(dir, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir }), 'tsc');
      return 'types resolve';
    });
    ok = imports.every(Boolean) && types;
  } finally {
    if (ok) await rm(dir, { recursive: true, force: true });
    else console.log(`   (kept ${dir} for inspection)`);
  }
}

// The consumer example pins the tool versions; the no-msw folder uses the same ones.
function versionOf(name) {
  const require = createRequire(import.meta.url);
  const manifest = require('../../examples/consumer/package.json');
  return manifest.devDependencies[name];
}
