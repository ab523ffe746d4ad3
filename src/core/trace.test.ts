import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import type { ArcTask } from './arcTask';
import { openBundle } from './bundle';
import { nanBundle, tinyTask } from './nanBundle.fixtures';
import { startTaskSolve } from './taskSolve';
import { checkTraceSize, exportCsv, exportJson, importTrace, MAX_TRACE_BYTES, TraceFormatError } from './trace';

const root = path.resolve(__dirname, '../../..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'trace.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile<unknown>(schema);

async function solvedTrace(bundleDir: string, task: ArcTask): Promise<string> {
  const bundle = await openBundle(bundleDir, { provider: 'cpu' });
  try {
    const run = startTaskSolve(bundle, task, { testIndex: 0 });
    for await (const _ of run.steps);
    return exportJson(run.trace);
  } finally {
    await bundle.release();
  }
}

async function recordedTrace(): Promise<string> {
  const json = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'sudoku6', 'sudoku6-004.arc.json'), 'utf8'));
  return solvedTrace(path.join(root, 'models', 'sudoku6-tiny'), {
    id: 'sudoku6-004',
    train: json.train,
    test: json.test,
  });
}

test('an exported trace satisfies the published JSON Schema and imports again', async () => {
  const text = await recordedTrace();
  assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(importTrace(text, 'x.trace.json').steps.length, JSON.parse(text).steps.length);
});

test(
  'a solve with NaN weights exports NaN as a string, imports again with its values, ' +
    'and finds the first non-finite update',
  async () => {
    const dir = nanBundle();
    try {
      const text = await solvedTrace(dir, tinyTask());
      const json = JSON.parse(text) as { steps: { zNorm: unknown }[] };
      assert.ok(validate(json), JSON.stringify(validate.errors?.slice(0, 3)));
      // The first latent update makes z NaN; y stays finite until the first answer update.
      assert.equal(json.steps[0].zNorm, 'NaN');
      const again = importTrace(text, 'nan.trace.json');
      assert.ok(Number.isNaN(again.steps[0].zNorm));
      assert.ok(Number.isFinite(again.steps[0].yNorm));
      const answerUpdate = again.steps.findIndex((s) => s.kind === 'answer');
      assert.ok(Number.isNaN(again.steps[answerUpdate].yNorm));
      assert.ok(again.steps[answerUpdate].confidence.every((c) => Number.isNaN(c)));
      assert.equal(again.firstNonFinite(), 0);
      const row = exportCsv(again).split('\n')[1].split(',');
      assert.deepEqual([row[12], row[13]], [String(again.steps[0].yNorm), 'NaN']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'infinities round-trip through JSON and CSV, ' +
    'and the first non-finite update is the first with y or z not finite',
  async () => {
    const good = JSON.parse(await recordedTrace());
    good.steps[5].zNorm = 'Infinity';
    good.steps[6].yNorm = '-Infinity';
    good.steps[6].yNormPerPos[0] = 'NaN';
    good.steps[2].confidence[0] = 'NaN'; // the heads' output, not the state: y and z are still finite there
    const trace = importTrace(JSON.stringify(good), 'inf.trace.json');
    assert.equal(trace.steps[5].zNorm, Infinity);
    assert.equal(trace.steps[6].yNorm, -Infinity);
    assert.ok(Number.isNaN(trace.steps[6].yNormPerPos[0]));
    assert.equal(trace.firstNonFinite(), 5);
    const again = JSON.parse(exportJson(trace));
    assert.deepEqual([again.steps[6].yNorm, again.steps[2].confidence[0]], ['-Infinity', 'NaN']);
    const rows = exportCsv(trace).split('\n');
    assert.equal(rows[6].split(',')[13], 'Inf');
    assert.equal(rows[7].split(',')[12], '-Inf');
  },
);

/** A recorded trace as an earlier format version wrote it: the halting step under its old name. */
function olderVersion(good: Record<string, unknown>, formatVersion: number): Record<string, unknown> {
  const { haltRuleFiresAt, ...rest } = good;
  return { ...rest, formatVersion, haltedAt: haltRuleFiresAt };
}

test('a version 3 trace names the halting step haltedAt, and opens; version 4 calls it haltRuleFiresAt', async () => {
  const good = JSON.parse(await recordedTrace());
  assert.equal(good.formatVersion, 4);
  assert.ok('haltRuleFiresAt' in good && !('haltedAt' in good));
  const old = importTrace(JSON.stringify(olderVersion(good, 3)), 'v3.trace.json');
  assert.equal(old.haltRuleFiresAt, importTrace(JSON.stringify(good), 'v4.trace.json').haltRuleFiresAt);
  assert.throws(
    () => importTrace(JSON.stringify({ ...good, formatVersion: 3 }), 'v3.trace.json'),
    /\$\.haltedAt: expected an integer >= 0/,
  );
  const { haltRuleFiresAt: _h, ...unnamed } = good;
  assert.throws(() => importTrace(JSON.stringify(unnamed), 'v4.trace.json'), /\$\.haltRuleFiresAt: expected/);
});

test('a format version 1 trace still imports; only version 2 on may write non-finite numbers as strings', async () => {
  const good = JSON.parse(await recordedTrace());
  assert.equal(importTrace(JSON.stringify(olderVersion(good, 1)), 'v1.trace.json').steps.length, good.steps.length);
  good.steps[0].zNorm = 'NaN';
  assert.throws(
    () => importTrace(JSON.stringify(olderVersion(good, 1)), 'v1.trace.json'),
    /\$\.steps\[0\]\.zNorm: expected a number$/,
  );
});

test('a version 2 trace, written before steps had a motion and an entropy, opens with both absent', async () => {
  const good = JSON.parse(await recordedTrace());
  assert.ok(
    good.steps.every((s: { motion: unknown }) => s.motion !== null),
    'a recording has every motion',
  );
  const old = {
    ...olderVersion(good, 2),
    steps: good.steps.map(({ motion: _m, entropy: _e, ...rest }: Record<string, unknown>) => rest),
  };
  const trace = importTrace(JSON.stringify(old), 'v2.trace.json');
  assert.ok(trace.steps.every((s) => s.motion === null && s.entropy === null));
});

test('a step whose answer is empty (end-of-row in the first cell) imports, as it was recorded', async () => {
  const good = JSON.parse(await recordedTrace());
  good.steps[1].answer = [];
  good.steps[1].latentAnswer = [];
  const trace = importTrace(JSON.stringify(good), 'empty.trace.json');
  assert.deepEqual([trace.steps[1].answer, trace.steps[1].latentAnswer], [[], []]);
  const asFile: unknown = JSON.parse(JSON.stringify(good));
  assert.ok(validate(asFile), JSON.stringify(validate.errors?.slice(0, 3)));
  good.steps[1].answer = [[]];
  assert.throws(() => importTrace(JSON.stringify(good), 'e.trace.json'), /\$\.steps\[1\]\.answer\[0\]: expected a row/);
});

test('a version 3 step whose motion is malformed is refused with its JSON path', async () => {
  const good = JSON.parse(await recordedTrace());
  good.steps[3].motion.sketch = [1, 2];
  assert.throws(
    () => importTrace(JSON.stringify(good), 'm.trace.json'),
    /\$\.steps\[3\]\.motion\.sketch: expected 32 numbers$/,
  );
  good.steps[3].motion = { residual: 'x' };
  assert.throws(
    () => importTrace(JSON.stringify(good), 'm.trace.json'),
    /\$\.steps\[3\]\.motion\.residual: expected a number/,
  );
  delete good.steps[3].motion;
  good.steps[2].entropy = 'high';
  assert.throws(() => importTrace(JSON.stringify(good), 'm.trace.json'), /\$\.steps\[2\]\.entropy: /);
});

test('a trace of 200,000 steps imports (no argument spread of its steps)', () => {
  const step = (i: number) => ({
    index: i,
    supStep: 0,
    hCycle: 0,
    lCycle: 0,
    kind: 'latent',
    answer: [[1]],
    confidence: [1],
    changed: [],
    yNorm: 1,
    zNorm: 1,
    yNormPerPos: [1],
    zNormPerPos: [1],
    qHalt: 0,
    qContinue: 0,
    haltProb: 0.5,
    halts: false,
    loss: null,
    cellAccuracy: null,
    exact: null,
    latentAnswer: null,
    ms: 0,
  });
  const file = {
    format: 'trm-lens-trace',
    formatVersion: 2,
    haltedAt: null,
    steps: Array.from({ length: 200_000 }, (_, i) => step(i)),
    header: {
      task: { id: 'long', testIndex: 0, input: [[1]], target: null },
      model: {
        name: 'm',
        digest: 'a'.repeat(64),
        family: 'trm',
        hiddenSize: 1,
        puzzleEmbLen: 0,
        schedule: { hCycles: 1, lCycles: 1, haltMaxSteps: 1, haltRule: 'q_halt_positive' },
        encoding: {
          layout: 'fixed',
          height: 1,
          width: 1,
          padToken: 0,
          eosToken: null,
          valueOffset: 1,
          numValues: 5,
          palette: 'digits',
          cellLabels: null,
        },
      },
      provider: { name: 'cpu', skipped: [] },
      identifier: { index: 0, name: '<blank>' },
      createdAt: '2026-01-01T00:00:00Z',
    },
  };
  assert.equal(importTrace(JSON.stringify(file), 'long.trace.json').steps.length, 200_000);
});

test('a file that is not a trace is refused with the file and JSON path at fault', async () => {
  const good = JSON.parse(await recordedTrace());
  const h = good.header;
  const withStep = (i: number, patch: object) => ({
    ...good,
    steps: good.steps.map((s: object, j: number) => (j === i ? { ...s, ...patch } : s)),
  });
  const withModel = (patch: object) => ({ ...good, header: { ...h, model: { ...h.model, ...patch } } });
  const cases: [unknown, RegExp][] = [
    ['{', /^bad\.trace\.json: \$: not valid JSON/],
    [{ ...good, formatVersion: 9 }, /\$\.formatVersion: this TRM Lens reads trace format versions 1, 2, 3, 4, got 9/],
    [withStep(3, { kind: 'jump' }), /\$\.steps\[3\]\.kind: expected "latent" or "answer"/],
    [withStep(2, { answer: [[1, 2], [3]] }), /\$\.steps\[2\]\.answer\[1\]: expected a row of 2 integers/],
    [
      withStep(1, { qContinue: 'high' }),
      /\$\.steps\[1\]\.qContinue: expected a number, "NaN", "Infinity" or "-Infinity"/,
    ],
    [withStep(1, { confidence: [0.5, 'Inf'] }), /\$\.steps\[1\]\.confidence\[1\]: expected a number/],
    [withStep(4, { changed: [-1] }), /\$\.steps\[4\]\.changed\[0\]: expected an integer >= 0/],
    [withStep(4, { latentAnswer: 'no' }), /\$\.steps\[4\]\.latentAnswer: expected a grid/],
    [{ ...good, haltRuleFiresAt: 'soon' }, /\$\.haltRuleFiresAt: expected an integer >= 0/],
    [
      { ...good, header: { ...h, task: { ...h.task, input: 'grid' } } },
      /\$\.header\.task\.input: expected a non-empty grid/,
    ],
    [
      { ...good, header: { ...h, task: { ...h.task, id: 7 } } },
      /^bad\.trace\.json: \$\.header\.task\.id: expected a string$/,
    ],
    [
      { ...good, header: { ...h, task: { ...h.task, testIndex: -1 } } },
      /\$\.header\.task\.testIndex: expected an integer >= 0/,
    ],
    [withModel({ name: null }), /\$\.header\.model\.name: expected a string/],
    [withModel({ digest: 'abc' }), /\$\.header\.model\.digest: expected 64 hex digits/],
    [withModel({ family: 'gpt' }), /\$\.header\.model\.family: expected one of "trm", "hrm"/],
    [withModel({ hiddenSize: 0 }), /\$\.header\.model\.hiddenSize: expected an integer >= 1/],
    [
      withModel({ schedule: { ...h.model.schedule, haltRule: 'never' } }),
      /\$\.header\.model\.schedule\.haltRule: expected one of/,
    ],
    [
      withModel({ encoding: { ...h.model.encoding, palette: 'neon' } }),
      /\$\.header\.model\.encoding\.palette: expected one of "arc", "digits", "maze"/,
    ],
    [
      withModel({ encoding: { ...h.model.encoding, cellLabels: ['a'] } }),
      /\$\.header\.model\.encoding\.cellLabels: expected null or \d+ strings/,
    ],
    [
      withModel({ encoding: { ...h.model.encoding, width: '6' } }),
      /\$\.header\.model\.encoding\.width: expected an integer >= 1/,
    ],
    [
      { ...good, header: { ...h, provider: { name: 'cpu', skipped: [3] } } },
      /\$\.header\.provider\.skipped\[0\]: expected a string/,
    ],
    [{ ...good, header: { ...h, identifier: { index: 0 } } }, /\$\.header\.identifier\.name: expected a string/],
    [{ ...good, header: { ...h, createdAt: 0 } }, /\$\.header\.createdAt: expected a string/],
  ];
  for (const [value, message] of cases) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    assert.throws(
      () => importTrace(text, 'bad.trace.json'),
      (e: Error) => e instanceof TraceFormatError && message.test(e.message),
      String(message),
    );
  }
});

test('a trace file over the size limit is refused from its size alone, naming the file and the limit', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-big-'));
  try {
    const file = path.join(dir, 'big.trace.json');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, MAX_TRACE_BYTES + 1); // sparse: nothing is written or read
    const size = fs.statSync(file).size;
    assert.throws(
      () => checkTraceSize(size, file),
      (e: Error) =>
        e instanceof TraceFormatError && e.message === `${file}: 257 MB is over the 256 MB a trace may have`,
    );
    assert.doesNotThrow(() => checkTraceSize(MAX_TRACE_BYTES, file));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a trace records its bundle's precision; an older one opens without it, a wrong one is refused", async () => {
  const good = JSON.parse(await recordedTrace());
  assert.equal(good.header.model.precision, 'fp32');
  const schemaAccepts = validate(structuredClone(good));
  assert.ok(schemaAccepts, JSON.stringify(validate.errors));
  delete good.header.model.precision;
  assert.equal(importTrace(JSON.stringify(good), 'old.trace.json').header.model.precision, undefined);
  good.header.model.precision = 'fp16';
  assert.throws(
    () => importTrace(JSON.stringify(good), 'bad.trace.json'),
    /bad\.trace\.json.*\$\.header\.model\.precision/,
  );
});
