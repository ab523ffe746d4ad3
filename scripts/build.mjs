// Bundles the extension host (node, cjs) and the webview (browser) separately.
// `vscode` and `onnxruntime-node` stay external: the first is provided by VS Code,
// the second ships native binaries that must be loaded from node_modules.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// `module` first: jsonc-parser's `main` is a UMD build whose inner require() calls esbuild cannot follow.
const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  mainFields: ['module', 'main'],
};

const builds = [
  {
    ...common,
    // The solve worker runs the engine off the extension host's thread (src/extension/solve/solveWorker.ts).
    entryPoints: { extension: 'src/extension/extension.ts', solveWorker: 'src/extension/solve/solveWorker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode', 'onnxruntime-node'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/cli.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['onnxruntime-node'],
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: {
      webview: 'webview/viewer/main.ts',
      panel: 'webview/panel/main.ts',
      vote: 'webview/vote/main.ts',
      report: 'webview/report/main.ts',
    },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
