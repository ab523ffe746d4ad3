import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { brokenBundle, fixtures, variants } from './badBundle.fixtures';
import { openBundle, BundleError } from './bundle';
import { CancelledError, replay, solve, solveBatch } from './engine';
import type { Step } from './step';
import { exportCsv, exportJson, importTrace } from './trace';
import { startTaskSolve } from './taskSolve';
import type { ArcTask } from './arcTask';

const root = path.resolve(__dirname, '../../..');
const modelDir = path.join(root, 'models', 'sudoku6-tiny');

function example(n: number): ArcTask {
  const name = `sudoku6-${String(n).padStart(3, '0')}`;
  const json = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'sudoku6', `${name}.arc.json`), 'utf8'));
  return { id: name, train: json.train, test: json.test };
}

test('replaying an inner step from its supervision-step checkpoint is bit-identical to the first run', async () => {
  const bundle = await openBundle(modelDir);
  try {
    const solveRun = startTaskSolve(bundle, example(2), { testIndex: 0 });
    const records: Step[] = [];
    for await (const r of solveRun.steps) records.push(r);
    const trace = solveRun.trace;
    assert.equal(trace.checkpoints.length, bundle.manifest.schedule.haltMaxSteps);
    for (const index of [0, 4, 7, records.length - 1]) {
      const fromOwn = await replay(bundle, solveRun.request, trace.checkpointFor(index)!, index);
      const fromStart = await replay(bundle, solveRun.request, trace.checkpoints[0], index);
      assert.deepEqual(fromOwn.y, fromStart.y, `y after step ${index}`);
      assert.deepEqual(fromOwn.z, fromStart.z, `z after step ${index}`);
    }
    // The next checkpoint holds exactly the state the first run reached at the end of the step before.
    const end = trace.checkpoints[1].firstIndex - 1;
    const replayed = await replay(bundle, solveRun.request, trace.checkpoints[0], end);
    assert.deepEqual(replayed.y, trace.checkpoints[1].y);
    assert.deepEqual(replayed.z, trace.checkpoints[1].z);
  } finally {
    await bundle.release();
  }
});

test(
  'a solve records every update of the schedule, marks the halting step once, ' + 'and scores against the target',
  async () => {
    const bundle = await openBundle(modelDir);
    try {
      const { hCycles, lCycles, haltMaxSteps } = bundle.manifest.schedule;
      const run = startTaskSolve(bundle, example(3), { testIndex: 0 });
      const records: Step[] = [];
      for await (const r of run.steps) records.push(r);
      assert.equal(records.length, haltMaxSteps * hCycles * (lCycles + 1));
      assert.equal(records.filter((r) => r.halts).length <= 1, true);
      assert.ok(records.every((r) => r.cellAccuracy !== null && r.loss !== null && r.loss >= 0));
      const last = records[records.length - 1];
      assert.deepEqual(last.answer, example(3).test[0].output, 'the default model solves this held-out puzzle');
      assert.equal(last.exact, true);
      assert.ok(records.filter((r) => r.kind === 'latent').every((r) => r.lCycle !== null));
      // Exported JSON opens again with no model, and CSV has a row per step.
      const again = importTrace(exportJson(run.trace), 'mem.trace.json');
      assert.equal(again.steps.length, records.length);
      assert.deepEqual(again.steps[5].answer, records[5].answer);
      assert.equal(exportCsv(run.trace).trim().split('\n').length, records.length + 1);
    } finally {
      await bundle.release();
    }
  },
);

test('cancelling a solve stops it at the next update', async () => {
  const bundle = await openBundle(modelDir);
  try {
    const controller = new AbortController();
    let seen = 0;
    await assert.rejects(async () => {
      for await (const _ of solve(bundle, {
        input: example(1).test[0].input,
        target: null,
        where: '$.test[0].input',
        puzzleId: 0,
        signal: controller.signal,
      })) {
        if (++seen === 5) controller.abort();
      }
    }, CancelledError);
    assert.equal(seen, 5);
  } finally {
    await bundle.release();
  }
});

function copyBundle(mutate: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-bundle-'));
  for (const f of fs.readdirSync(modelDir))
    if (f !== 'checkpoint.pt') fs.copyFileSync(path.join(modelDir, f), path.join(dir, f));
  mutate(dir);
  return dir;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits raw manifest JSON at any depth
function editManifest(dir: string, edit: (m: Record<string, any>) => void): void {
  const file = path.join(dir, 'manifest.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(m);
  fs.writeFileSync(file, JSON.stringify(m));
}

test('bad bundles each give their own clear error naming the file and the field or tensor', async () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    [
      'missing graph',
      (d) => fs.rmSync(path.join(d, 'heads.onnx')),
      /heads\.onnx: graph "heads" named in manifest\.json is missing/,
    ],
    ['truncated graph', (d) => fs.truncateSync(path.join(d, 'net.onnx'), 1000), /net\.onnx: not a valid ONNX graph \(/],
    [
      'other format version',
      (d) =>
        editManifest(d, (m) => {
          m.formatVersion = 3;
        }),
      /manifest\.json: \$\.formatVersion: this TRM Lens reads bundle format versions 1, 2, the bundle is version 3/,
    ],
    [
      'wrong hidden size',
      (d) =>
        editManifest(d, (m) => {
          m.architecture.hiddenSize = 32;
          m.initialState.y = m.initialState.y.slice(0, 32);
          m.initialState.z = m.initialState.z.slice(0, 32);
        }),
      /embed\.onnx: tensor "x" has shape \[1, 37, 64\], the manifest implies \[1, 37, 32\]/,
    ],
    [
      'wrong vocabulary',
      (d) =>
        editManifest(d, (m) => {
          m.architecture.vocabSize = 9;
        }),
      /heads\.onnx: tensor "logits" has shape \[1, 36, 8\], the manifest implies \[1, 36, 9\]/,
    ],
    [
      'bad encoding',
      (d) =>
        editManifest(d, (m) => {
          m.encoding.height = 5;
        }),
      /\$\.encoding: canvas 5x6 does not match architecture\.seqLen 36/,
    ],
    [
      'swapped graph',
      (d) =>
        editManifest(d, (m) => {
          m.graphs.heads = 'embed.onnx';
        }),
      /embed\.onnx: graph "heads" has no input tensor "state"/,
    ],
  ];
  for (const [name, mutate, message] of cases) {
    const dir = copyBundle(mutate);
    try {
      await assert.rejects(openBundle(dir), (e: Error) => {
        assert.match(e.message, message, name);
        assert.ok(e.message.includes(dir), `${name}: names the bundle's file`);
        return true;
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.ok(BundleError);
});

/** A step without its timing, which a batch shares between its rows. */
const untimed = ({ ms: _ms, ...rest }: Step) => rest;

test('rows solved as one batch get the records each gets alone, and each its own checkpoints', async () => {
  const bundle = await openBundle(modelDir);
  try {
    const tasks = [example(4), example(5), example(6)];
    const alone: Step[][] = [];
    for (const task of tasks) {
      const run = startTaskSolve(bundle, task, { testIndex: 0 });
      const records: Step[] = [];
      for await (const r of run.steps) records.push(r);
      alone.push(records);
    }
    const solves = tasks.map((task) => startTaskSolve(bundle, task, { testIndex: 0 }));
    let updates = 0;
    for await (const steps of solveBatch(
      bundle,
      solves.map((s) => s.request),
    )) {
      assert.equal(steps.length, tasks.length);
      steps.forEach((step, b) => solves[b].trace.add(step));
      updates++;
    }
    assert.equal(updates, alone[0].length);
    solves.forEach((s, b) => {
      const batched = s.trace.steps;
      assert.deepEqual(
        batched.map((r) => r.answer),
        alone[b].map((r) => r.answer),
        `row ${b}'s answers`,
      );
      // A batch is one larger matrix product per update: the same sums, so the same floats up to the
      // kernel's blocking; compare within a tolerance any x86-64 BLAS meets.
      batched.forEach((r, i) => {
        const own = untimed(alone[b][i]);
        assert.ok(Math.abs(r.qHalt - own.qHalt) <= 1e-4 * (1 + Math.abs(own.qHalt)), `row ${b} step ${i} q_halt`);
        assert.equal(r.halts, own.halts, `row ${b} step ${i} halts`);
      });
      assert.equal(s.trace.checkpoints.length, bundle.manifest.schedule.haltMaxSteps);
    });
    // Replay from a row's own checkpoint reaches that row's state (row 1: not the batch's first).
    const row = solves[1];
    const index = row.trace.steps.length - 1;
    const replayed = await replay(bundle, row.request, row.trace.checkpointFor(index)!, index);
    const ownRun = startTaskSolve(bundle, tasks[1], { testIndex: 0 });
    for await (const _ of ownRun.steps);
    const own = await ownRun.materialise(index);
    const maxDiff = replayed.y.reduce((m, v, i) => Math.max(m, Math.abs(v - own.y[i])), 0);
    assert.ok(maxDiff < 1e-4, `y after the last step differs by ${maxDiff}`);
  } finally {
    await bundle.release();
  }
});

test("a net that outputs the heads' reading gives the records a run of the heads graph gives", async () => {
  const readsHeads = await openBundle(path.join(fixtures, 'tiny-trm', 'bundle'));
  const outOnly = brokenBundle('tiny-trm', (d) =>
    fs.copyFileSync(path.join(variants, 'net-out-only.onnx'), path.join(d, 'net.onnx')),
  );
  const headsGraph = await openBundle(outOnly.dir);
  try {
    assert.deepEqual(readsHeads.netReadout, { latentNet: true, answerNet: true });
    assert.deepEqual(headsGraph.netReadout, { latentNet: false, answerNet: false });
    const grid = (shift: number) => [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => (r * 4 + c + shift) % 5));
    const rows = [0, 1].map((shift) => ({ input: grid(shift), target: grid(shift + 2), where: '$', puzzleId: 0 }));
    const records = async (bundle: typeof readsHeads) => {
      const out: Step[][] = [];
      for await (const steps of solveBatch(bundle, rows)) out.push(steps);
      return out.flat();
    };
    const [fromNet, fromHeads] = [await records(readsHeads), await records(headsGraph)];
    assert.equal(fromNet.length, fromHeads.length);
    const near = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * (1 + Math.abs(b));
    fromNet.forEach((step, i) => {
      const other = fromHeads[i];
      const at = `record ${i} (${step.kind})`;
      for (const field of ['answer', 'latentAnswer', 'changed', 'halts', 'exact'] as const)
        assert.deepEqual(step[field], other[field], `${at} ${field}`);
      for (const field of ['qHalt', 'qContinue', 'loss', 'zNorm', 'yNorm'] as const)
        assert.ok(near(step[field] ?? 0, other[field] ?? 0), `${at} ${field}: ${step[field]} vs ${other[field]}`);
      step.confidence.forEach((c, k) => assert.ok(near(c, other.confidence[k]), `${at} confidence[${k}]`));
    });
  } finally {
    await Promise.all([readsHeads.release(), headsGraph.release()]);
    outOnly.remove();
  }
});
