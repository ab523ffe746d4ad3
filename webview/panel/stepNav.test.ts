import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Schedule, StepSummary } from '../../src/shared/protocol';
import { describeStep, locationLine, runTo, stepIndex } from './stepNav';

/** Step summaries in the engine's order for a schedule: per supervision step, hCycles x (lCycles latent, 1 answer). */
function schedule(supSteps: number, hCycles: number, lCycles: number): StepSummary[] {
  const steps: StepSummary[] = [];
  for (let s = 0; s < supSteps; s++)
    for (let h = 0; h < hCycles; h++)
      for (let l = 0; l <= lCycles; l++) {
        const kind = l < lCycles ? 'latent' : 'answer';
        steps.push({
          index: steps.length,
          supStep: s,
          hCycle: h,
          lCycle: kind === 'latent' ? l : null,
          kind,
          haltProb: 0.5,
          halts: false,
          loss: null,
          cellAccuracy: null,
          exact: null,
          yNorm: 1,
          zNorm: 1,
          ms: 0,
          changed: [],
          moves: null,
          meanEntropy: null,
          sketch: null,
          turnedWrong: [],
          turnedRight: [],
        });
      }
  return steps;
}

function walk(steps: StepSummary[], granularity: 'latent' | 'answer' | 'supervision'): number[] {
  const visited: number[] = [];
  let i = 0;
  for (;;) {
    const next = stepIndex(steps, i, granularity, 1);
    if (next === i) return visited;
    visited.push(next);
    i = next;
  }
}

test('latent-update stepping visits every step in order', () => {
  const steps = schedule(2, 2, 3);
  assert.deepEqual(
    walk(steps, 'latent'),
    steps.slice(1).map((s) => s.index),
  );
});

test('answer-update stepping stops only on answer updates', () => {
  const steps = schedule(3, 2, 3);
  const expected = steps.filter((s) => s.kind === 'answer' && s.index > 0).map((s) => s.index);
  assert.deepEqual(walk(steps, 'answer'), expected);
  assert.equal(expected.length, 6);
});

test('supervision stepping stops on the last update of each supervision step', () => {
  const steps = schedule(4, 2, 3);
  assert.deepEqual(walk(steps, 'supervision'), [7, 15, 23, 31]);
});

test('stepping back before the first stop lands on the first step', () => {
  const steps = schedule(2, 2, 3);
  assert.equal(stepIndex(steps, 2, 'answer', -1), 0);
  assert.equal(stepIndex(steps, 9, 'supervision', -1), 7);
  assert.equal(stepIndex(steps, 7, 'supervision', -1), 0);
});

test('forward then back at one granularity returns to the stop it started from', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 6 }),
      fc.constantFrom('latent' as const, 'answer' as const, 'supervision' as const),
      fc.nat(),
      (sup, h, l, granularity, pick) => {
        const steps = schedule(sup, h, l);
        const stops = [0, ...walk(steps, granularity)];
        const start = stops[pick % stops.length];
        const forward = stepIndex(steps, start, granularity, 1);
        if (forward === start) return; // already at the last stop
        assert.equal(stepIndex(steps, forward, granularity, -1), start);
      },
    ),
  );
});

test('run to halt, target and threshold find the first matching step of the run', () => {
  const steps = schedule(3, 1, 2).map((s) => ({
    ...s,
    haltProb: [0.1, 0.6, 0.9][s.supStep],
    halts: s.supStep === 2 && s.kind === 'answer',
    exact: s.supStep >= 1 && s.kind === 'answer',
  }));
  const none = { cell: null, threshold: 0.5 };
  assert.equal(runTo(steps, 8, 'halt', none), 8);
  assert.equal(runTo(steps, 8, 'target', none), 5);
  assert.equal(runTo(steps, 8, 'haltThreshold', none), 3);
  assert.equal(runTo(steps, 0, 'haltThreshold', { cell: null, threshold: 0.95 }), null);
});

test('run to a change searches forward from the step after the current one', () => {
  const steps = schedule(2, 1, 2).map((s) => ({ ...s, changed: s.index === 2 ? [4, 7] : s.index === 5 ? [7] : [] }));
  assert.equal(runTo(steps, 0, 'anyChange', { cell: null, threshold: 0.5 }), 2);
  assert.equal(runTo(steps, 2, 'anyChange', { cell: null, threshold: 0.5 }), 5);
  assert.equal(runTo(steps, 2, 'cellChange', { cell: 4, threshold: 0.5 }), null);
  assert.equal(runTo(steps, 2, 'cellChange', { cell: 7, threshold: 0.5 }), 5);
  assert.equal(runTo(steps, 0, 'cellChange', { cell: null, threshold: 0.5 }), null);
});

test('the location line counts from one like a call stack', () => {
  const plan: Schedule = { hCycles: 2, lCycles: 3, haltMaxSteps: 16 };
  const steps = schedule(2, 2, 3);
  assert.equal(locationLine(steps[9], plan), 'supervision step 2 of 16 › cycle 1 of 2 › latent update 2 of 3');
  assert.equal(locationLine(steps[7], plan), 'supervision step 1 of 16 › cycle 2 of 2 › answer update');
  const described = describeStep(
    { ...steps[7], halts: true, haltProb: 0.75, changed: [1], cellAccuracy: 0.5 },
    16,
    plan,
  );
  assert.match(
    described,
    /^Step 8 of 16: .*halts here \(halt probability 75\.0%\); 1 cell changed; cell accuracy 50\.0%\.$/,
  );
});

test('"Non-finite" runs to the first update where y or z is NaN or infinite, and the summary says so', () => {
  const steps = schedule(2, 2, 2).map((s) =>
    s.index === 4 ? { ...s, zNorm: NaN } : s.index > 4 ? { ...s, yNorm: Infinity, haltProb: NaN } : s,
  );
  assert.equal(runTo(steps, steps.length - 1, 'nonFinite', { cell: null, threshold: 0.5 }), 4);
  assert.equal(runTo(schedule(2, 2, 2), 0, 'nonFinite', { cell: null, threshold: 0.5 }), null);
  const sentence = describeStep(steps[5], steps.length, { hCycles: 2, lCycles: 2, haltMaxSteps: 2 });
  assert.match(sentence, /halt probability NaN/);
  assert.match(sentence, /y or z is not finite \(\|y\| Infinity, \|z\| 1\)/);
});
