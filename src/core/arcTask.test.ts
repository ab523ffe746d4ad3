import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkSolutions,
  isCombinedFile,
  LIMITS,
  parseCombined,
  parseSolutions,
  parseTask,
  sizeProblem,
  withSolutions,
  type ArcTask,
  type Grid,
  type TaskProblem,
} from './arcTask';
import { MALFORMED } from './arcTask.fixtures';

// Tests compile to out/src/core/; the repo root is three folders up, the shared data beside it.
const DATA = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'data', 'arc-agi-1');
const CHALLENGES = path.join(DATA, 'training_challenges.json');
const SOLUTIONS = path.join(DATA, 'training_solutions.json');
const noData =
  fs.existsSync(CHALLENGES) && fs.existsSync(SOLUTIONS) ? false : `ARC-AGI-1 training data not found in ${DATA}`;

function problemsOf(text: string): readonly TaskProblem[] {
  const parsed = parseTask(text, 't');
  assert.equal(parsed.ok, false, 'expected problems');
  return parsed.ok ? [] : parsed.problems;
}

/** What a problem says and the text its range covers, for one deepEqual. */
function shown(text: string, problems: readonly TaskProblem[]) {
  return problems.map((p) => ({ message: p.message, path: p.path, node: text.slice(p.offset, p.offset + p.length) }));
}

test('all 400 training tasks parse, and each round-trips through JSON unchanged', { skip: noData }, () => {
  const text = fs.readFileSync(CHALLENGES, 'utf8');
  const combined = parseCombined(text);
  assert.ok(combined.ok);
  assert.equal(combined.ids.length, 400);
  const file = JSON.parse(text) as Record<string, { train: unknown[]; test: unknown[] }>;
  assert.deepEqual(combined.ids, Object.keys(file));
  for (const id of combined.ids) {
    const parsed = combined.task(id);
    assert.ok(parsed.ok, `${id}: ${JSON.stringify(!parsed.ok && parsed.problems)}`);
    const raw = file[id]!;
    assert.equal(parsed.task.train.length, raw.train.length);
    const { id: _id, ...body } = parsed.task;
    const again = parseTask(JSON.stringify(body, null, 1), id);
    assert.ok(again.ok);
    assert.deepEqual(again.task, parsed.task);
    assert.deepEqual(body, raw, 'the parsed task holds exactly the file content');
  }
});

test('solutions fill in every test output of the combined file, in test order', { skip: noData }, () => {
  const combined = parseCombined(fs.readFileSync(CHALLENGES, 'utf8'));
  const solutionsText = fs.readFileSync(SOLUTIONS, 'utf8');
  const solutions = parseSolutions(solutionsText);
  assert.ok(combined.ok && solutions.ok);
  assert.equal(solutions.solutions.size, 400);
  assert.deepEqual(checkSolutions(solutionsText, solutions.solutions, combined), []);
  const raw = JSON.parse(solutionsText) as Record<string, Grid[]>;
  let outputs = 0;
  for (const id of combined.ids) {
    const parsed = combined.task(id, solutions.solutions);
    assert.ok(parsed.ok);
    assert.deepEqual(
      parsed.task.test.map((pair) => pair.output),
      raw[id],
    );
    outputs += parsed.task.test.length;
  }
  assert.equal(outputs, 416);
});

test('isCombinedFile tells a combined file from a single task and a solutions file', { skip: noData }, () => {
  assert.equal(isCombinedFile(fs.readFileSync(CHALLENGES, 'utf8')), true);
  assert.equal(isCombinedFile(fs.readFileSync(SOLUTIONS, 'utf8')), false);
  assert.equal(isCombinedFile('{"train": [], "test": []}'), false);
  assert.equal(isCombinedFile(' {\n "test": [], "train": []}'), false);
  assert.equal(isCombinedFile('{"abc": {"train": []}}'), true);
  assert.equal(isCombinedFile('{"abc": {"test": []}}'), true);
  assert.equal(isCombinedFile('{"meta": {"author": "x"}, "train": [], "test": []}'), false);
  assert.equal(isCombinedFile('[]'), false);
  assert.equal(isCombinedFile('{}'), false);
  assert.equal(isCombinedFile('not json'), false);
});

for (const bad of MALFORMED) {
  test(`a malformed task is reported with message, path and range: ${bad.name}`, () => {
    assert.deepEqual(shown(bad.text, problemsOf(bad.text)), [{ message: bad.message, path: bad.path, node: bad.node }]);
  });
}

test('every problem in a file is reported, in document order', () => {
  const text = '{"train":[{"input":[[1,2],[3]],"output":[[1]]}],"test":[{"input":[[10, 1.5]]}, 4]}';
  assert.deepEqual(shown(text, problemsOf(text)), [
    { message: 'row has 1 cell, but row 0 has 2', path: '$.train[0].input[1]', node: '[3]' },
    { message: 'expected an integer 0-9, got 10', path: '$.test[0].input[0][0]', node: '10' },
    { message: 'expected an integer 0-9, got 1.5', path: '$.test[0].input[0][1]', node: '1.5' },
    { message: 'expected a pair {"input": grid, "output": grid}, got 4', path: '$.test[1]', node: '4' },
  ]);
});

test('a test pair may omit its output, and then the parsed pair has none', () => {
  const parsed = parseTask('{"train":[{"input":[[1]],"output":[[2]]}],"test":[{"input":[[3]]}]}', 'x');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.task, { id: 'x', train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]] }] });
  assert.equal('output' in parsed.task.test[0]!, false);
});

const NO_DEMONSTRATIONS =
  'no demonstration pairs: fine for a Sudoku or Maze puzzle, but an ARC task shows its rule by "train" pairs';

test('a task with an empty "train" is valid, with advice on "train" that it has no demonstrations', () => {
  const text = '{"train": [], "test": [{"input": [[1, 2]], "output": [[3, 4]]}]}';
  const parsed = parseTask(text, 'sudoku');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.task, { id: 'sudoku', train: [], test: [{ input: [[1, 2]], output: [[3, 4]] }] });
  assert.deepEqual(shown(text, parsed.advice), [{ message: NO_DEMONSTRATIONS, path: '$.train', node: '[]' }]);
});

test('a task without "train" is valid, with the advice on the task object', () => {
  const text = '{"test": [{"input": [[1]]}]}';
  const parsed = parseTask(text, 'maze');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.task.train, []);
  assert.deepEqual(shown(text, parsed.advice), [{ message: NO_DEMONSTRATIONS, path: '$', node: text }]);
});

test('a task with demonstrations gets no advice, and a "train" that is not a list is still a problem', () => {
  const parsed = parseTask('{"train":[{"input":[[1]],"output":[[2]]}],"test":[{"input":[[3]]}]}', 'x');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.advice, []);
  assert.deepEqual(
    problemsOf('{"train": 3, "test": [{"input": [[1]]}]}').map((p) => p.message),
    ['"train" must be an array of pairs, got 3'],
  );
});

test('in a combined file, a task without demonstrations is valid, with advice at its own path', () => {
  const combined = parseCombined('{"s1": {"train": [], "test": [{"input": [[1]]}]}}');
  assert.ok(combined.ok);
  const parsed = combined.task('s1');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.task.train, []);
  assert.deepEqual(
    parsed.advice.map((a) => a.path),
    ['$.s1.train'],
  );
});

test('unknown keys are ignored, as the schema ignores them', () => {
  const parsed = parseTask(
    '{"name":"x","train":[{"input":[[1]],"output":[[2]],"note":1}],"test":[{"input":[[3]]}]}',
    'x',
  );
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.task.train, [{ input: [[1]], output: [[2]] }]);
});

test('a file with thousands of problems lists the first 100 and says there are more', () => {
  const bad = JSON.stringify(Array.from({ length: 30 }, () => Array(30).fill(10)));
  const text = `{"train":[{"input":${bad},"output":${bad}}],"test":[{"input":${bad}}]}`;
  const problems = problemsOf(text);
  assert.equal(problems.length, LIMITS.maxProblems + 1);
  assert.equal(problems[0]!.path, '$.train[0].input[0][0]');
  assert.equal(problems[99]!.path, '$.train[0].input[3][9]');
  assert.deepEqual(problems[100], {
    message: 'more problems not listed: only the first 100 are',
    path: '$',
    offset: 0,
    length: 0,
  });
});

test('a file of 50 MiB or more is refused from its size, naming its size and the limit', () => {
  const text = ' '.repeat(LIMITS.maxBytes);
  const problems = problemsOf(text);
  assert.deepEqual(problems, [
    {
      message: 'file too large: 50 MiB (52,428,800 bytes); files must be smaller than 50 MiB (52,428,800 bytes)',
      path: '$',
      offset: 0,
      length: 0,
    },
  ]);
  assert.equal(sizeProblem(LIMITS.maxBytes - 1), undefined);
  assert.deepEqual(sizeProblem(LIMITS.maxBytes), problems[0]);
});

test('the size limit counts UTF-8 bytes, not characters', () => {
  const euros = Math.ceil(LIMITS.maxBytes / 3);
  const text = `"${'€'.repeat(euros)}"`; // three bytes per character, under the limit in characters
  assert.ok(text.length < LIMITS.maxBytes);
  const [problem] = problemsOf(text);
  assert.equal(
    problem?.message,
    `file too large: 50.0 MiB (${(euros * 3 + 2).toLocaleString('en-US')} bytes); ` +
      'files must be smaller than 50 MiB (52,428,800 bytes)',
  );
});

// Timeouts here only turn a hang into a failure; speed is measured by npm run bench:open.
test('deep nesting is refused, whether the JSON is cut short or complete', { timeout: 60_000 }, () => {
  const depth = 100_000;
  const message = `nested too deeply: more than ${LIMITS.maxDepth} levels of arrays and objects`;
  for (const text of [
    '['.repeat(depth),
    '['.repeat(depth) + ']'.repeat(depth),
    '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
  ]) {
    const problems = problemsOf(text);
    const [offset, path] =
      text[0] === '['
        ? [LIMITS.maxDepth, `$${'[0]'.repeat(LIMITS.maxDepth)}`]
        : [LIMITS.maxDepth * '{"a":'.length, `$${'.a'.repeat(LIMITS.maxDepth)}`];
    assert.deepEqual(problems, [{ message, path, offset, length: 1 }]);
  }
});

test('nesting inside the limit is no refusal: a cell that is an array is just a bad cell', () => {
  const text = `{"train":[{"input":[[${'['.repeat(10)}${']'.repeat(10)}]],"output":[[1]]}],"test":[{"input":[[1]]}]}`;
  assert.deepEqual(shown(text, problemsOf(text)), [
    {
      message: 'expected an integer 0-9, got an array',
      path: '$.train[0].input[0][0]',
      node: `${'['.repeat(10)}${']'.repeat(10)}`,
    },
  ]);
});

test('a 49 MiB valid-JSON file of the wrong shape is reported without hanging', { timeout: 300_000 }, () => {
  const rows = '[0,0],'.repeat(Math.floor((49 * 1024 * 1024) / 6));
  const text = `{"train":[{"input":[${rows}[0,0]],"output":[[0]]}],"test":[{"input":[[1]]}]}`;
  const problems = problemsOf(text);
  assert.deepEqual(
    problems.map((p) => [p.path, p.message, p.offset]),
    [['$.train[0].input', `grid is ${rows.length / 6 + 1}x2 (rows x columns): at most 30x30 is allowed`, 19]],
  );
});

// Combined files and solutions -------------------------------------------------------------------

const SMALL_COMBINED =
  '{"00aa": {"train":[{"input":[[1]],"output":[[2]]}],"test":[{"input":[[3]]}]},\n' +
  '"bb": {"train":[{"input":[[1,"x"]],"output":[[2]]}],"test":[{"input":[[3]]},{"input":[[4]]}]}}';

test('a combined file lists its ids and validates each task lazily, with paths into the file', () => {
  const combined = parseCombined(SMALL_COMBINED);
  assert.ok(combined.ok);
  assert.deepEqual(combined.ids, ['00aa', 'bb']);
  assert.equal(combined.task('00aa').ok, true);
  const bb = combined.task('bb');
  assert.ok(!bb.ok);
  assert.deepEqual(shown(SMALL_COMBINED, bb.problems), [
    { message: 'expected an integer 0-9, got "x"', path: '$.bb.train[0].input[0][1]', node: '"x"' },
  ]);
  const missing = combined.task('cc');
  assert.ok(!missing.ok);
  assert.deepEqual(missing.problems, [{ message: 'no task "cc" in this file', path: '$', offset: 0, length: 0 }]);
});

test('a combined file that is not an object of tasks is reported', () => {
  for (const [text, message] of [
    ['[]', 'expected an object keyed by task id, got an array'],
    ['{}', 'no tasks: the object is empty'],
  ] as const) {
    const combined = parseCombined(text);
    assert.ok(!combined.ok);
    assert.deepEqual(shown(text, combined.problems), [{ message, path: '$', node: text }]);
  }
  const combined = parseCombined('{"00aa": 5}');
  assert.ok(combined.ok);
  const task = combined.task('00aa');
  assert.ok(!task.ok);
  assert.deepEqual(shown('{"00aa": 5}', task.problems), [
    { message: 'expected a task {"train": [...], "test": [...]}, got 5', path: '$["00aa"]', node: '5' },
  ]);
});

test("solutions with the wrong number of outputs are a problem on the task's test array", () => {
  const combined = parseCombined('{"00aa": {"train":[{"input":[[1]],"output":[[2]]}],"test":[{"input":[[3]]}]}}');
  assert.ok(combined.ok);
  const task = combined.task('00aa', new Map([['00aa', [[[1]], [[2]]]]]));
  assert.ok(!task.ok);
  assert.deepEqual(
    task.problems.map((p) => [p.path, p.message]),
    [['$["00aa"].test', 'the solutions file has 2 output grids for this task, but "test" has 1 input']],
  );
  const unsolved = combined.task('00aa', new Map());
  assert.ok(unsolved.ok);
  assert.equal(unsolved.task.test[0]!.output, undefined, 'a task the solutions lack opens without outputs');
});

test('a solutions file with a bad grid is reported at the grid cell', () => {
  const text = '{"00aa": [[[1, 2], [3, 12]]], "bb": []}';
  const solutions = parseSolutions(text);
  assert.ok(!solutions.ok);
  assert.deepEqual(shown(text, solutions.problems), [
    { message: 'expected an integer 0-9, got 12', path: '$["00aa"][0][1][1]', node: '12' },
    { message: '"bb" is empty: it needs at least one output grid', path: '$.bb', node: '[]' },
  ]);
});

test('checkSolutions finds unknown ids, missing ids and count mismatches, in the solutions file', () => {
  const combined = parseCombined(SMALL_COMBINED.replace('"x"', '5'));
  assert.ok(combined.ok);
  const text = '{"bb": [[[1]]],\n "zz": [[[1]]]}';
  const solutions = parseSolutions(text);
  assert.ok(solutions.ok);
  assert.deepEqual(shown(text, checkSolutions(text, solutions.solutions, combined)), [
    { message: 'no solutions for task "00aa"', path: '$', node: text },
    { message: '1 output grid, but task "bb" has 2 test inputs', path: '$.bb', node: '[[[1]]]' },
    { message: 'no task "zz" in the challenges file', path: '$.zz', node: '[[[1]]]' },
  ]);
});

test('withSolutions fills test outputs in order and refuses a count mismatch', () => {
  const task: ArcTask = {
    id: 't',
    train: [{ input: [[1]], output: [[2]] }],
    test: [{ input: [[3]] }, { input: [[4]] }],
  };
  assert.deepEqual(withSolutions(task, [[[5]], [[6]]]).test, [
    { input: [[3]], output: [[5]] },
    { input: [[4]], output: [[6]] },
  ]);
  assert.throws(() => withSolutions(task, [[[5]]]), RangeError);
});

// Properties over generated tasks ----------------------------------------------------------------

const gridArb = fc
  .record({
    rows: fc.integer({ min: 1, max: LIMITS.maxGridSide }),
    columns: fc.integer({ min: 1, max: LIMITS.maxGridSide }),
  })
  .chain(({ rows, columns }) =>
    fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: columns, maxLength: columns }), {
      minLength: rows,
      maxLength: rows,
    }),
  );
const pairArb = (requiredKeys: ('input' | 'output')[]) =>
  fc.record({ input: gridArb, output: gridArb }, { requiredKeys, noNullPrototype: true });
const taskArb = fc.record(
  {
    train: fc.array(pairArb(['input', 'output']), { minLength: 1, maxLength: 4 }),
    test: fc.array(pairArb(['input']), { minLength: 1, maxLength: 2 }),
  },
  { noNullPrototype: true },
);
const indentArb = fc.constantFrom(undefined, 1, 2, '\t');
const badCellArb = fc.oneof(
  fc.integer({ min: 10, max: 10_000 }),
  fc.integer({ min: -10_000, max: -1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
  fc.string({ maxLength: 5 }),
  fc.constant(null),
  fc.boolean(),
);

test('property: every generated valid task round-trips through its JSON text', () => {
  fc.assert(
    fc.property(taskArb, indentArb, (task, indent) => {
      const parsed = parseTask(JSON.stringify(task, null, indent), 'gen');
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.task, { id: 'gen', ...task });
    }),
    { numRuns: 200 },
  );
});

test('property: one corrupted cell is reported once, at exactly its path and its text', () => {
  fc.assert(
    fc.property(
      taskArb,
      indentArb,
      fc.nat(),
      fc.nat(),
      fc.nat(),
      fc.nat(),
      badCellArb,
      (task, indent, pick, gridPick, r, c, bad) => {
        const list = pick % 2 === 0 ? 'train' : 'test';
        const pairs = task[list] as { input: number[][]; output?: number[][] }[];
        const pairIndex = pick % pairs.length;
        const pair = pairs[pairIndex]!;
        const which = gridPick % 2 === 0 || !pair.output ? 'input' : 'output';
        const grid = pair[which]!;
        const row = r % grid.length;
        const column = c % grid[0]!.length;
        (grid[row] as unknown[])[column] = bad;
        const text = JSON.stringify(task, null, indent);
        const problems = problemsOf(text);
        assert.equal(problems.length, 1);
        assert.equal(problems[0]!.path, `$.${list}[${pairIndex}].${which}[${row}][${column}]`);
        assert.equal(text.slice(problems[0]!.offset, problems[0]!.offset + problems[0]!.length), JSON.stringify(bad));
        assert.match(problems[0]!.message, /^expected an integer 0-9, got /);
      },
    ),
    { numRuns: 300 },
  );
});

// Duplicate keys and nesting that JSON.parse lets through ---------------------------------------------

test('a duplicate key is a problem on the object that repeats it, pointing at the repeat', () => {
  const text = '{"train": [{"input": [[1]], "output": [[2]], "input": [[3]]}], "test": [{"input": [[4]]}]}';
  assert.deepEqual(shown(text, problemsOf(text)), [
    { message: 'duplicate key "input"', path: '$.train[0]', node: '"input"' },
  ]);
});

test('duplicate keys are listed first with the other problems, which point at the value that was kept', () => {
  const text =
    '{"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[10]]}], "train": [{"input": [[1]]}]}';
  assert.deepEqual(shown(text, problemsOf(text)), [
    { message: 'duplicate key "train"', path: '$', node: '"train"' },
    { message: 'missing "output"', path: '$.train[0]', node: '{"input": [[1]]}' },
    { message: 'expected an integer 0-9, got 10', path: '$.test[0].input[0][0]', node: '10' },
  ]);
});

test('a key written with an escape is the same key: "\\u0069nput" repeats "input"', () => {
  const text = '{"train": [{"input": [[1]], "output": [[2]], "\\u0069nput": [[3]]}], "test": [{"input": [[4]]}]}';
  assert.deepEqual(shown(text, problemsOf(text)), [
    { message: 'duplicate key "input"', path: '$.train[0]', node: '"\\u0069nput"' },
  ]);
});

test('the same key in two different objects is no duplicate, nor is a string value equal to a key', () => {
  const text =
    '{"train": [{"input": [[1]], "output": [[2]], "note": "input"}], "test": [{"input": [[4]], "x": {"input": 1}}]}';
  assert.equal(parseTask(text, 't').ok, true);
});

test('a duplicate task id in a combined file fails the file; a duplicate inside a task fails that task', () => {
  const pair = '{"train":[{"input":[[1]],"output":[[2]]}],"test":[{"input":[[3]]}]}';
  const twice = `{"aa": ${pair}, "bb": ${pair}, "aa": ${pair}}`;
  const parsedTwice = parseCombined(twice);
  assert.equal(parsedTwice.ok, false);
  if (!parsedTwice.ok) {
    assert.deepEqual(shown(twice, parsedTwice.problems), [{ message: 'duplicate key "aa"', path: '$', node: '"aa"' }]);
  }
  const inner = `{"aa": ${pair}, "bb": {"train":[{"input":[[1]],"output":[[2]]}],"test":[{"input":[[3]]}],"test":[]}}`;
  const combined = parseCombined(inner);
  assert.ok(combined.ok);
  assert.equal(combined.task('aa').ok, true);
  const bb = combined.task('bb');
  assert.equal(bb.ok, false);
  if (!bb.ok) {
    assert.deepEqual(shown(inner, bb.problems), [
      { message: 'duplicate key "test"', path: '$.bb', node: '"test"' },
      { message: '"test" is empty: it needs at least one pair', path: '$.bb.test', node: '[]' },
    ]);
    assert.equal(bb.problems[1]?.offset, inner.lastIndexOf('[]'), 'the value JSON.parse kept is the one underlined');
  }
});

test('a duplicate task id in a solutions file is a problem', () => {
  const text = '{"aa": [[[1]]], "aa": [[[2]]]}';
  const parsed = parseSolutions(text);
  assert.equal(parsed.ok, false);
  if (!parsed.ok) {
    assert.deepEqual(shown(text, parsed.problems), [{ message: 'duplicate key "aa"', path: '$', node: '"aa"' }]);
  }
});

test('nesting deeper than the limit under an unknown key is refused, naming where it goes too deep', () => {
  const tooDeep = `nested too deeply: more than ${LIMITS.maxDepth} levels of arrays and objects`;
  const deep = '['.repeat(LIMITS.maxDepth) + ']'.repeat(LIMITS.maxDepth);
  const text = `{"train": [{"input": [[1]], "output": [[2]], "notes": ${deep}}], "test": [{"input": [[4]]}]}`;
  const problems = problemsOf(text);
  assert.deepEqual(
    problems.map((p) => [p.path, p.message, text[p.offset]]),
    [[`$.train[0].notes${'[0]'.repeat(LIMITS.maxDepth - 3)}`, tooDeep, '[']],
  );
  const inside = text.replace(deep, deep.slice(4, -4));
  assert.equal(parseTask(inside, 't').ok, true, 'the same nesting within the limit is accepted');
});

test('a task id with a terminal escape is quoted with the escape spelled out, in paths and messages', () => {
  const pair = '{"train":[{"input":[[1]],"output":[[2]]}],"test":[{"input":[[10]]}]}';
  const text = `{"\\u001b[31m\\u009bx": ${pair}}`;
  const combined = parseCombined(text);
  assert.ok(combined.ok);
  const id = combined.ids[0]!;
  const parsed = combined.task(id);
  assert.equal(parsed.ok, false);
  if (!parsed.ok) assert.equal(parsed.problems[0]?.path, '$["\\u001b[31m\\u009bx"].test[0].input[0][0]');
  const missing = combined.task(`${id}\u0007`);
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.equal(missing.problems[0]?.message, 'no task "\\u001b[31m\\u009bx\\u0007" in this file');
});
