// Builds every bundle of the extension with one pipeline.
//   node esbuild.mjs               development: source maps, not minified
//   node esbuild.mjs --production  what the .vsix ships (vscode:prepublish): minified, no source maps
//   node esbuild.mjs --watch       rebuilds on change
//   node esbuild.mjs --tests       also builds the integration suite and its launchers into out/test/
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  target: 'node20',
  // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow: bundle its ES build.
  alias: {
    'jsonc-parser': 'jsonc-parser/lib/esm/main.js',
    yaml: path.resolve('node_modules/yaml/browser/dist/index.js'),
  },
};

/**
 * Webview bundles (browser, one per panel): `{ in: 'src/<feature>/webview/main.ts', out: '<feature>' }`.
 * Each lands in dist/webview/<out>.js, the only folder a panel's localResourceRoots allows.
 * @type {{ in: string; out: string }[]}
 */
const webviewEntries = [
  { in: 'src/plan/webview/main.ts', out: 'planPreview' },
  { in: 'src/diagram/webview/main.ts', out: 'diagram' },
];

/**
 * The diagram layout's engine (Graphviz in WebAssembly, one self-contained ES module with the
 * wasm inlined) runs in a worker that imports it by file URL, so it cannot be bundled into
 * dist/extension.js: it is copied next to it (the .vsix ships no node_modules).
 */
function copyGraphvizEngine() {
  mkdirSync('dist', { recursive: true });
  const engine = createRequire(import.meta.url).resolve('@hpcc-js/wasm-graphviz');
  copyFileSync(engine, 'dist/graphviz.mjs');
}

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', '@hpcc-js/wasm-graphviz'],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    // Only named by require.resolve in the layout (the CLI does not lay out): no need to bundle it.
    external: ['@hpcc-js/wasm-graphviz'],
    banner: { js: '#!/usr/bin/env node' },
  },
];

if (webviewEntries.length > 0) {
  builds.push({
    ...common,
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

if (tests) {
  const suiteDir = 'test/integration/suite';
  builds.push(
    {
      // The suite runs inside the VS Code extension host: vscode and mocha come from there and node_modules.
      ...common,
      entryPoints: readdirSync(suiteDir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join(suiteDir, f)),
      outdir: 'out/test/integration',
      platform: 'node',
      format: 'cjs',
      external: ['vscode', 'mocha'],
    },
    {
      // Launchers run on plain Node; the test host's packages are loaded from test/host at run time.
      ...common,
      entryPoints: ['test/integration/launchOffline.ts', 'test/integration/launchDesktop.ts'],
      outdir: 'out/test',
      platform: 'node',
      format: 'cjs',
      external: ['playwright-core', '@vscode/test-electron'],
    },
  );
}

if (production) {
  rmSync('dist', { recursive: true, force: true });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching for changes');
  copyGraphvizEngine();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  copyGraphvizEngine();
}
