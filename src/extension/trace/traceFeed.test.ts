import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Step } from '../../core/step';
import { Trace, type TraceHeader } from '../../core/trace';
import { STEP_SUMMARY_FIELDS, type StepDetail, type StepSummary } from '../../shared/protocol';
import { feedOf, safeStem, stripFrames } from './traceFeed';

test('file stems keep letters, digits, dots and dashes only', () => {
  assert.equal(safeStem('007bbfb7', 'sudoku6-tiny'), '007bbfb7-sudoku6-tiny');
  assert.equal(safeStem('../a b/c', 'm:1'), 'a_b_c-m_1');
  assert.equal(safeStem('', '///'), 'trace');
});

/** A 1x2 answer on a canvas 3 wide behind one puzzle-embedding position. */
function header(target: number[][] | null): TraceHeader {
  return {
    task: { id: 't', testIndex: 0, input: [[7, 7]], target },
    model: {
      name: 'm',
      digest: 'a'.repeat(64),
      family: 'trm',
      hiddenSize: 4,
      puzzleEmbLen: 1,
      schedule: { hCycles: 1, lCycles: 1, haltMaxSteps: 3, haltRule: 'q_halt_positive' },
      encoding: {
        layout: 'fixed',
        height: 1,
        width: 3,
        padToken: 0,
        eosToken: null,
        valueOffset: 1,
        numValues: 9,
        palette: 'arc',
        cellLabels: null,
      },
    },
    provider: { name: 'cpu', skipped: [] },
    identifier: { index: 0, name: '<blank>' },
    createdAt: '2026-01-01T00:00:00Z',
  };
}

function stepOf(index: number, supStep: number, kind: Step['kind'], halts = false): Step {
  return {
    index,
    supStep,
    hCycle: 0,
    lCycle: kind === 'latent' ? 0 : null,
    kind,
    answer: [[index, index + 1]],
    confidence: [0.12345, 1],
    changed: [0],
    yNorm: 1,
    zNorm: 2,
    yNormPerPos: [9, 0.123456, 0.5, 9],
    zNormPerPos: [9, 1, 2, 9],
    qHalt: halts ? 1 : -1,
    qContinue: 0,
    haltProb: 0.25,
    halts,
    loss: null,
    cellAccuracy: null,
    exact: null,
    latentAnswer: null,
    motion: null,
    entropy: null,
    ms: 3,
  };
}

/** Supervision steps of a latent and an answer update each. */
function traceOf(supSteps: number, haltAt: number | null, target: number[][] | null): Trace {
  const trace = new Trace(header(target));
  for (let s = 0; s < supSteps; s++) {
    trace.add(stepOf(2 * s, s, 'latent'));
    trace.add(stepOf(2 * s + 1, s, 'answer', s === haltAt));
  }
  return trace;
}

test('a summary holds exactly the fields the contract lists, taken from the stored step, and what moved', () => {
  const feed = feedOf(traceOf(1, null, null));
  const summary = feed.summary(1);
  const movement = ['moves', 'meanEntropy', 'sketch', 'turnedWrong', 'turnedRight'];
  assert.deepEqual(Object.keys(summary).sort(), [...STEP_SUMMARY_FIELDS, ...movement].sort());
  assert.equal(summary.kind, 'answer');
  assert.equal(summary.zNorm, 2);
  assert.equal(summary.moves, null, 'a step without a motion has no moves');
});

test('a detail counts, per answer cell, the updates so far that changed it', () => {
  // Answers [[0,1]], [[1,2]], [[2,3]], [[3,4]]: every update changes both cells.
  const feed = feedOf(traceOf(2, null, null));
  assert.deepEqual(feed.detail(0).changeCounts, [0, 0]);
  assert.deepEqual(feed.detail(3).changeCounts, [3, 3]);
});

test('with a target, a summary names the cells its update turned wrong and right', () => {
  // Answers [[0,1]], [[1,2]] against the target [[1,1]]: cell 0 turns right, cell 1 turns wrong.
  const feed = feedOf(traceOf(1, null, [[1, 1]]));
  assert.deepEqual(feed.summary(1).turnedWrong, [1]);
  assert.deepEqual(feed.summary(1).turnedRight, [0]);
  assert.deepEqual(feed.summary(0).turnedWrong, []);
});

test('a detail is the step per answer cell: the grid flattened, norms read past the puzzle positions', () => {
  const detail = feedOf(traceOf(1, null, null)).detail(0);
  assert.deepEqual(detail.answer, { height: 1, width: 2, cells: [0, 1] });
  assert.deepEqual(detail.confidence, [0.123, 1]);
  assert.deepEqual(detail.yNormCells, [0.1235, 0.5]);
  assert.deepEqual(detail.zNormCells, [1, 2]);
});

test('the feed hands on each step the trace records after it is listened to, and stops when disposed', () => {
  const trace = traceOf(1, null, null);
  const feed = feedOf(trace);
  const heard: [StepSummary, StepDetail][] = [];
  const subscription = feed.onStep((summary, detail) => heard.push([summary, detail]));
  trace.add(stepOf(2, 1, 'latent'));
  subscription.dispose();
  trace.add(stepOf(3, 1, 'answer'));
  assert.deepEqual(
    heard.map(([s, d]) => [s.index, d.index]),
    [[2, 2]],
  );
  assert.equal(feed.length, 4, 'the feed reads the trace, not a copy of its steps');
});

test('the strip holds the input, the last update of each supervision step and the target', () => {
  const frames = stripFrames(feedOf(traceOf(3, 1, [[9, 9]])));
  assert.deepEqual(
    frames.map((f) => f.label),
    ['IN', '1', '2', '3', 'T'],
  );
  assert.deepEqual(
    frames.map((f) => f.grid.cells[0]),
    [7, 1, 3, 5, 9],
  );
  assert.deepEqual(
    frames.map((f) => f.halts),
    [false, false, true, false, false],
  );
});

test('a strip without a target ends at the last supervision step', () => {
  assert.deepEqual(
    stripFrames(feedOf(traceOf(2, null, null))).map((f) => f.label),
    ['IN', '1', '2'],
  );
});
