// The quick start's main job: build and package the extension, install it into a real VS Code and open
// the bundled examples there. With a desktop `code` on PATH that is VS Code itself; otherwise an isolated
// code-server (installed into .tools/ on first use) whose URL is printed. Runs until Ctrl+C.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { requirePrerequisites } from './prerequisites.mjs';

// Before the packaging: a missing compiler or header would otherwise surface minutes later, from node-gyp.
requirePrerequisites('start');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// The whole examples folder: the Sudoku puzzles and the ARC tasks, each for its bundled model.
const examples = path.join(root, 'examples');
const first = path.join(examples, 'sudoku6', 'sudoku6-001.arc.json');

const out = execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8' });
const vsix = path.resolve(
  root,
  out.match(/package: (\S+\.vsix)/)?.[1] ?? fs.readdirSync(root).find((f) => f.endsWith('.vsix')),
);

if (!process.env.TRM_LENS_CODE_SERVER && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
  execFileSync('code', ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
  execFileSync('code', [examples, first], { stdio: 'inherit' });
  console.log(`Opened ${path.relative(root, first)} in VS Code with TRM Lens installed: press Solve.`);
  process.exit(0);
}

const { setup } = await import('../test/e2e/setup.mjs');
const { startCodeServer } = await import('../test/e2e/codeServer.mjs');
setup();
// PORT picks the port; by default a free one. The server's own folders are fresh and removed on exit.
const server = await startCodeServer({ vsix: [vsix], port: Number(process.env.PORT) || undefined });
const stop = () => {
  server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.process.on('exit', (code) => {
  console.error(`code-server stopped (exit ${code}); its log: ${server.log}`);
  process.exit(1);
});
console.log(`TRM Lens is installed in VS Code (code-server) at:\n\n  ${server.folderUrl(examples)}\n`);
console.log(
  `Open it in a browser, open ${path.basename(first)} or arc/ce22a75a.arc.json (or any example), press Solve, ` +
    'then step with the arrow keys.',
);
console.log('Ctrl+C stops it.');
