// The quick start's main job: build and package the extension, install it into a real VS Code and open
// the bundled examples there. With a desktop `code` on PATH that is VS Code itself; otherwise an isolated
// code-server (installed into .tools/ on first use) whose URL is printed. Runs until Ctrl+C.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const examples = path.join(root, 'examples', 'sudoku6');
const first = path.join(examples, 'sudoku6-001.arc.json');

const out = execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8' });
const vsix = path.resolve(root, out.match(/package: (\S+\.vsix)/)?.[1] ?? fs.readdirSync(root).find((f) => f.endsWith('.vsix')));

if (!process.env.TRM_LENS_CODE_SERVER && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
  execFileSync('code', ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
  execFileSync('code', [examples, first], { stdio: 'inherit' });
  console.log(`Opened ${path.relative(root, first)} in VS Code with TRM Lens installed: press Solve.`);
  process.exit(0);
}

const { CODE_SERVER, NODE24, setup } = await import('../test/e2e/setup.mjs');
setup();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-lens-start-'));
const dirs = ['--user-data-dir', path.join(work, 'user'), '--extensions-dir', path.join(work, 'extensions')];
execFileSync(NODE24, [CODE_SERVER, ...dirs, '--install-extension', vsix], { stdio: 'ignore' });
const port = Number(process.env.PORT ?? 8080);
const server = spawn(NODE24, [CODE_SERVER, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', ...dirs, examples], { stdio: ['ignore', 'ignore', 'inherit'] });
const stop = () => { server.kill(); fs.rmSync(work, { recursive: true, force: true }); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (let i = 0; i < 120; i++) {
  try { await fetch(`http://127.0.0.1:${port}/healthz`); break; } catch { await new Promise((r) => setTimeout(r, 500)); }
}
console.log(`TRM Lens is installed in VS Code (code-server) at:\n\n  http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}\n`);
console.log(`Open it in a browser, open ${path.basename(first)} (or any example), press Solve, then step with the arrow keys.`);
console.log('Ctrl+C stops it.');
