// Task files and output paths the CLI cannot use (FIFOs, devices, directories, unreadable files, output
// folders that are not there) end at once with one line naming the file and why, exit status 1, and
// never a stack trace. Each run has a timeout, so a read that hangs fails the test instead of the suite.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const SUDOKU = path.join(REPO, 'examples', 'sudoku6', 'sudoku6-001.arc.json');
const TIMEOUT_MS = 20_000;
const isRoot = process.getuid?.() === 0;
const noFifo = process.platform === 'win32' ? 'no FIFOs on Windows' : false;

let dir = '';

before(() => {
  if (!fs.existsSync(CLI)) {
    const build = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'build.mjs')], {
      cwd: REPO,
      encoding: 'utf8',
    });
    assert.equal(build.status, 0, build.stderr);
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-lens-unusable-'));
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  assert.equal(run.error, undefined, `trm-lens ${args.join(' ')} did not finish within ${TIMEOUT_MS} ms`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** What `trm-lens validate FILE` and `trm-lens solve FILE` print for a file they cannot read. */
function bothRefuse(file: string, line: string): void {
  assert.deepEqual(cli('validate', file), { status: 1, stdout: `${line}\n`, stderr: '' });
  assert.deepEqual(cli('solve', file), { status: 1, stdout: '', stderr: `${line}\n` });
}

test('a FIFO named like a task is refused at once, not read until a writer comes', { skip: noFifo }, () => {
  execFileSync('mkfifo', [path.join(dir, 'x.arc.json')]);
  bothRefuse('x.arc.json', 'x.arc.json: cannot read the task file: it is a FIFO (named pipe), not a regular file');
});

test(
  '/dev/zero is refused as a device instead of being read forever',
  { skip: fs.existsSync('/dev/zero') ? false : 'no /dev/zero' },
  () => {
    bothRefuse('/dev/zero', '/dev/zero: cannot read the task file: it is a device, not a regular file');
  },
);

test('a directory as the task is refused in one line', () => {
  fs.mkdirSync(path.join(dir, 'folder.arc.json'));
  bothRefuse('folder.arc.json', 'folder.arc.json: cannot read the task file: it is a directory, not a regular file');
});

test('a task path through a file is refused in one line', () => {
  fs.writeFileSync(path.join(dir, 'plain'), '{}');
  bothRefuse('plain/t.arc.json', 'plain/t.arc.json: cannot read the task file: a folder on its path is a file');
});

test(
  'a task file without read permission is refused in one line',
  { skip: isRoot ? 'running as root, which reads a chmod-000 file anyway' : false },
  () => {
    const file = path.join(dir, 'locked.arc.json');
    fs.copyFileSync(SUDOKU, file);
    fs.chmodSync(file, 0o000);
    bothRefuse('locked.arc.json', 'locked.arc.json: cannot read the task file: permission denied');
  },
);

test('--out or --csv that cannot be written is refused before the solve runs, naming the option and path', () => {
  fs.mkdirSync(path.join(dir, 'out-dir'));
  fs.writeFileSync(path.join(dir, 'a-file'), '');
  const cases: [string, string, string][] = [
    ['--out', 'out-dir', 'it is a directory'],
    [
      '--out',
      path.join('no-such-folder', 't.trace.json'),
      `its folder ${path.join(dir, 'no-such-folder')} does not exist`,
    ],
    ['--csv', path.join('a-file', 'm.csv'), `${path.join(dir, 'a-file')} is not a folder`],
  ];
  for (const [flag, target, reason] of cases) {
    assert.deepEqual(cli('solve', SUDOKU, flag, target), {
      status: 1,
      stdout: '',
      stderr: `trm-lens solve: ${flag} ${target}: cannot write there: ${reason}\n`,
    });
  }
});

test('a task id with terminal escapes prints with them spelled out, in solve and validate alike', () => {
  const name = '\u001b[31mred\u009b2J.arc.json';
  fs.copyFileSync(SUDOKU, path.join(dir, name));
  const spelled = '\\u001b[31mred\\u009b2J';
  const solved = cli('solve', name, '--blank-id');
  assert.equal(solved.status, 0, solved.stderr);
  assert.equal(solved.stdout.split('\n')[0]?.startsWith(`${spelled} test 0 on `), true, solved.stdout);
  const json = cli('solve', name, '--blank-id', '--json');
  assert.equal(json.status, 0, json.stderr);
  assert.equal(JSON.parse(json.stdout).task, '\u001b[31mred\u009b2J', 'the JSON still holds the id itself');
  const noSuchTest = cli('solve', name, '--test', '5');
  assert.deepEqual(noSuchTest, {
    status: 1,
    stdout: '',
    stderr: `task ${spelled} has 1 test input(s); there is no test 5\n`,
  });
  assert.deepEqual(cli('validate', name), {
    status: 0,
    stdout: `${spelled}.arc.json: ok (2 train, 1 test)\n`,
    stderr: '',
  });
  const unknownCommand = cli('\u001b[31mx');
  assert.equal(unknownCommand.status, 2);
  assert.match(unknownCommand.stderr, /^trm-lens: unknown command "\\u001b\[31mx"\n/);
  for (const output of [solved, json, noSuchTest, unknownCommand].flatMap((run) => [run.stdout, run.stderr])) {
    // eslint-disable-next-line no-control-regex -- the test is that no raw escape reaches the terminal
    assert.doesNotMatch(output, /[\u001b\u009b]/);
  }
});

test('a duplicate key and nesting too deep under an unknown key are validation problems with their paths', () => {
  fs.writeFileSync(
    path.join(dir, 'dup.arc.json'),
    '{"train": [{"input": [[1]], "output": [[2]],\n  "input": [[3]]}], "test": [{"input": [[4]]}]}',
  );
  assert.deepEqual(cli('validate', 'dup.arc.json'), {
    status: 1,
    stdout: 'dup.arc.json:2:3: $.train[0]: duplicate key "input"\n',
    stderr: '',
  });
  const deep = `${'['.repeat(20)}${']'.repeat(20)}`;
  fs.writeFileSync(
    path.join(dir, 'deep.arc.json'),
    `{"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[4]]}], "x": ${deep}}`,
  );
  const run = cli('validate', 'deep.arc.json');
  assert.equal(run.status, 1);
  assert.match(
    run.stdout,
    /^deep\.arc\.json:1:\d+: \$\.x(\[0\]){15}: nested too deeply: more than 16 levels of arrays and objects\n$/,
  );
});
