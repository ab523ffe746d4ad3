// The prerequisite check on machines that lack the tools: an environment whose PATH holds only node,
// include folders without the GSSAPI headers, tool paths that do not exist.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { checkPrerequisites, findPython, prerequisiteLine, thisMachine } from './prerequisites.mjs';

const scripts = path.dirname(new URL(import.meta.url).pathname);
const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-prerequisites-'));
after(() => fs.rmSync(bare, { recursive: true, force: true }));
const bin = path.join(bare, 'bin');
fs.mkdirSync(bin);
fs.symlinkSync(process.execPath, path.join(bin, 'node'));
const nowhere = path.join(bare, 'absent');
const bareEnv = { PATH: bin, TRM_CODE_SERVER: nowhere, TRM_CHROMIUM: nowhere };
// No GSSAPI headers in its include folder, no OpenBLAS among its libraries.
const bareMachine = (apt, env = bareEnv) => ({
  ...thisMachine(env),
  apt,
  includeDirs: [bare],
  sharedLibraries: () => '',
});
const lineFor = (job, machine) => prerequisiteLine(checkPrerequisites(job, machine).missing, machine.apt);
const toolchain = 'build-essential (g++, cc, make for node-gyp)';
const noChromium = `chromium (TRM_CHROMIUM=${nowhere} does not exist)`;

/** A folder of empty executables with these names: things that are found on PATH, never run. */
function folderWith(name, ...files) {
  const dir = path.join(bare, name);
  fs.mkdirSync(dir);
  for (const file of files) fs.writeFileSync(path.join(dir, file), '', { mode: 0o755 });
  return dir;
}

/** Runs a script of scripts/ as a user would; returns its exit status, its stderr lines and its stdout. */
function runScript(script, args, env) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [path.join(scripts, script), ...args], { env, encoding: 'utf8' });
  const ms = (performance.now() - started).toFixed(0);
  console.log(`node scripts/${script} ${args.join(' ')}: exit ${run.status} in ${ms} ms`);
  return { status: run.status, lines: run.stderr.split('\n').filter(Boolean), stdout: run.stdout };
}

test('the command exits 1 with one line naming the toolchain and Chromium, and how to install them', () => {
  const { status, lines, stdout } = runScript('prerequisites.mjs', ['test:e2e'], bareEnv);
  const expected = fs.existsSync('/etc/debian_version')
    ? `TRM Lens needs: ${toolchain}, ${noChromium}. Install them with: sudo apt-get install -y build-essential chromium`
    : `TRM Lens needs: a C/C++ compiler and make, Chromium at ${nowhere} (TRM_CHROMIUM names another). ` +
      'See "Prerequisites" in README.md.';
  assert.equal(status, 1);
  assert.deepEqual(lines, [expected]);
  assert.equal(stdout, '');
});

test('missing GSSAPI headers name libkrb5-dev on Debian and the krb5 headers elsewhere', () => {
  assert.equal(
    lineFor('code-server', bareMachine(true)),
    `TRM Lens needs: ${toolchain}, libkrb5-dev (GSSAPI headers). ` +
      'Install them with: sudo apt-get install -y build-essential libkrb5-dev',
  );
  assert.equal(
    lineFor('code-server', bareMachine(false)),
    'TRM Lens needs: a C/C++ compiler and make, ' +
      'the Kerberos/GSSAPI development headers (krb5). See "Prerequisites" in README.md.',
  );
});

test('the headers count as present when krb5-config is on PATH or gssapi.h is in an include folder', () => {
  const include = path.join(bare, 'include');
  fs.mkdirSync(path.join(include, 'gssapi'), { recursive: true });
  fs.writeFileSync(path.join(include, 'gssapi', 'gssapi.h'), '');
  assert.doesNotMatch(lineFor('code-server', { ...bareMachine(true), includeDirs: [include] }), /libkrb5-dev/);
  const krb5 = folderWith('krb5', 'krb5-config');
  assert.doesNotMatch(lineFor('code-server', bareMachine(true, { ...bareEnv, PATH: `${bin}:${krb5}` })), /libkrb5-dev/);
});

test('an installed code-server, or a desktop code for npm start, needs no toolchain', () => {
  const installed = { ...bareEnv, TRM_CODE_SERVER: process.execPath };
  assert.equal(
    lineFor('test:e2e', bareMachine(true, installed)),
    `TRM Lens needs: ${noChromium}. Install them with: sudo apt-get install -y chromium`,
  );
  assert.equal(lineFor('start', bareMachine(true, installed)), undefined);
  const desktop = { ...bareEnv, PATH: `${bin}:${folderWith('desktop', 'code')}` };
  assert.equal(lineFor('start', bareMachine(true, desktop)), undefined);
  assert.match(lineFor('start', bareMachine(true, { ...desktop, TRM_LENS_CODE_SERVER: '1' })), /build-essential/);
});

test('npm test names every Debian package it lacks, Python included, in one line', () => {
  assert.equal(
    lineFor('test', bareMachine(true)),
    `TRM Lens needs: ${toolchain}, libkrb5-dev (GSSAPI headers), ` +
      `${noChromium}, python3 with torch, onnx, yaml, pytest (no python3 on PATH). Install them with: ` +
      'sudo apt-get install -y build-essential libkrb5-dev chromium python3 python3-torch python3-onnx python3-yaml ' +
      'python3-pytest; or set TRM_LENS_PYTHON to a Python 3 that has them',
  );
});

test('a Python job warns, without failing, when OpenBLAS is missing on Debian', () => {
  const warnings = (machine) => checkPrerequisites('python', machine).warnings;
  assert.deepEqual(warnings(bareMachine(true)), [
    'TRM Lens: OpenBLAS is not installed, so PyTorch runs about 20x ' +
      'slower. Install it with: sudo apt-get install -y libopenblas0-pthread',
  ]);
  const openblas = '\tlibopenblas.so.0 (libc6,x86-64) => /lib/libopenblas.so.0\n';
  assert.deepEqual(warnings({ ...bareMachine(true), sharedLibraries: () => openblas }), []);
  assert.deepEqual(checkPrerequisites('test:e2e', bareMachine(true)).warnings, []);
});

test('the Python is the first python3 on PATH that imports the modules, past one that is no Python', () => {
  // The interpreter itself, not a version manager's shim that needs its own environment.
  const first = findPython(process.env, []).python;
  const real = spawnSync(first, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
  const broken = path.join(folderWith('broken', 'python3'), 'python3');
  const good = path.join(folderWith('good'), 'python3');
  fs.symlinkSync(real, good);
  const onPath = { PATH: `${path.dirname(broken)}:${path.dirname(good)}` };
  assert.deepEqual(findPython(onPath, ['json']), { python: good, missing: [] });
  assert.deepEqual(findPython(onPath, ['json', 'trm_lens_no_such_module']), {
    python: good,
    missing: ['trm_lens_no_such_module'],
  });
  assert.deepEqual(findPython({ PATH: path.dirname(broken) }, ['json']), { python: broken, missing: null });
});

test('python.mjs with a TRM_LENS_PYTHON that does not run exits 1 with one line naming it', () => {
  const env = { ...bareEnv, TRM_LENS_PYTHON: nowhere };
  const { status, lines } = runScript('python.mjs', ['training', '-c', 'pass'], env);
  assert.equal(status, 1);
  assert.equal(lines.length, 1);
  assert.ok(lines[0].startsWith('TRM Lens needs: '), lines[0]);
  assert.ok(lines[0].includes(`(${nowhere} does not run)`), lines[0]);
  assert.ok(lines[0].includes('or set TRM_LENS_PYTHON to a Python 3 that has them'), lines[0]);
});
