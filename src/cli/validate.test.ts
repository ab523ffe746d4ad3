// The CLI as a user runs it: `node dist/cli.js ...` (built by `npm test` before the unit tests) on
// files in a temporary folder, checking what it prints and its exit status.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { LIMITS } from '../core/arcTask';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const DATA = path.resolve(REPO, '..', 'shared', 'data', 'arc-agi-1');
const noData = fs.existsSync(path.join(DATA, 'training_challenges.json'))
  ? false
  : `ARC-AGI-1 training data not found in ${DATA}`;

let dir = '';

before(() => {
  if (!fs.existsSync(CLI)) {
    const build = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'build.mjs')], {
      cwd: REPO,
      encoding: 'utf8',
    });
    assert.equal(build.status, 0, build.stderr);
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-lens-validate-'));
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const TASK = '{"train": [{"input": [[1, 2]], "output": [[3, 4]]}],\n "test": [{"input": [[5]]}, {"input": [[6]]}]}';

test('a valid task prints "FILE: ok (N train, M test)" and exits 0', () => {
  write('good.arc.json', TASK);
  assert.deepEqual(cli('validate', 'good.arc.json'), {
    status: 0,
    stdout: 'good.arc.json: ok (1 train, 2 test)\n',
    stderr: '',
  });
});

test('a byte order mark at the start of a file is not an error', () => {
  write('bom.arc.json', `\ufeff${TASK}`);
  assert.deepEqual(cli('validate', 'bom.arc.json'), {
    status: 0,
    stdout: 'bom.arc.json: ok (1 train, 2 test)\n',
    stderr: '',
  });
});

test('each problem prints as FILE:LINE:COL: path: message, and the exit status is 1', () => {
  write(
    'bad.arc.json',
    '{"train": [{"input": [[1, 2]],\n   "output": [[3, 4], [5]]}],\n "test": [{"input": [[5, 10]]}]}',
  );
  assert.deepEqual(cli('validate', 'bad.arc.json'), {
    status: 1,
    stdout:
      'bad.arc.json:2:23: $.train[0].output[1]: row has 1 cell, but row 0 has 2\n' +
      'bad.arc.json:3:26: $.test[0].input[0][1]: expected an integer 0-9, got 10\n',
    stderr: '',
  });
});

test('invalid JSON names the line and column of the first error', () => {
  write('broken.arc.json', '{"train": [],\n  "test": [] // none\n}');
  assert.deepEqual(cli('validate', 'broken.arc.json'), {
    status: 1,
    stdout: 'broken.arc.json:2:14: $.test: invalid JSON: comments are not allowed\n',
    stderr: '',
  });
});

test('several files: every one is reported, and one bad file makes the status 1', () => {
  write('good.arc.json', TASK);
  write('empty.arc.json', '{"train": [], "test": []}');
  const run = cli('validate', 'good.arc.json', 'empty.arc.json', 'missing.arc.json');
  assert.equal(run.status, 1);
  assert.equal(
    run.stdout,
    'good.arc.json: ok (1 train, 2 test)\n' +
      'empty.arc.json:1:23: $.test: "test" is empty: it needs at least one pair\n' +
      'missing.arc.json: cannot read the task file: no such file\n',
  );
});

test('a puzzle without demonstrations is ok, with a warning line that leaves the exit status 0', () => {
  write('sudoku.arc.json', '{"train": [],\n "test": [{"input": [[1]], "output": [[2]]}]}');
  write('maze.arc.json', '{"test": [{"input": [[1]]}]}');
  assert.deepEqual(cli('validate', 'sudoku.arc.json', 'maze.arc.json'), {
    status: 0,
    stdout:
      'sudoku.arc.json: ok (0 train, 1 test)\n' +
      'sudoku.arc.json:1:11: warning: $.train: no demonstration pairs: fine for a Sudoku or Maze puzzle, ' +
      'but an ARC task shows its rule by "train" pairs\n' +
      'maze.arc.json: ok (0 train, 1 test)\n' +
      'maze.arc.json:1:1: warning: $: no demonstration pairs: fine for a Sudoku or Maze puzzle, ' +
      'but an ARC task shows its rule by "train" pairs\n',
    stderr: '',
  });
});

test('a combined file is checked task by task, and its sibling solutions against it', () => {
  write(
    'x_challenges.json',
    `{"aa00": ${TASK},\n"bb11": {"train": [{"input": [[1]], "output": [[1, 7.5]]}], "test": [{"input": [[1]]}]}}`,
  );
  write('x_solutions.json', '{"aa00": [[[1]]],\n "cc22": [[[1]]]}');
  const run = cli('validate', 'x_challenges.json');
  assert.equal(run.status, 1);
  assert.equal(
    run.stdout,
    'x_challenges.json:3:52: $.bb11.train[0].output[0][1]: expected an integer 0-9, got 7.5\n' +
      'x_solutions.json:1:1: $: no solutions for task "bb11"\n' +
      'x_solutions.json:1:10: $.aa00: 1 output grid, but task "aa00" has 2 test inputs\n' +
      'x_solutions.json:2:10: $.cc22: no task "cc22" in the challenges file\n',
  );
});

test('the real training set and its solutions validate, each file once', { skip: noData }, () => {
  const challenges = path.join(DATA, 'training_challenges.json');
  const solutions = path.join(DATA, 'training_solutions.json');
  assert.deepEqual(cli('validate', challenges, solutions), {
    status: 0,
    stdout: `${challenges}: ok (400 tasks: 1302 train, 416 test)\n${solutions}: ok (400 tasks)\n`,
    stderr: '',
  });
});

test('a file of 50 MiB is refused without being read', () => {
  const file = write('huge.arc.json', '');
  fs.truncateSync(file, LIMITS.maxBytes);
  const run = cli('validate', 'huge.arc.json');
  assert.equal(run.status, 1);
  assert.equal(
    run.stdout,
    'huge.arc.json:1:1: $: file too large: 50 MiB (52,428,800 bytes); ' +
      'files must be smaller than 50 MiB (52,428,800 bytes)\n',
  );
});

test('usage errors exit 2 with the usage on stderr; --help exits 0', () => {
  for (const args of [['validate'], ['validate', '--strict', 'x.json'], ['frobnicate'], []]) {
    const run = cli(...args);
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /Usage: trm-lens/);
  }
  const help = cli('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^ {2}validate {2}check ARC task files/m);
  const validateHelp = cli('validate', '--help');
  assert.equal(validateHelp.status, 0);
  assert.match(validateHelp.stdout, /^Usage: trm-lens validate FILE\.\.\./);
});

test('--version prints the version from package.json', () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual(cli('--version'), { status: 0, stdout: `${version}\n`, stderr: '' });
});
