import assert from 'node:assert/strict';
import { test } from 'node:test';
import { haltProbability } from '../../core/vote';
import { finishedVote, NAMES, output } from './vote.fixtures';
import { voteResult } from './voteResult';

test('the view lists every run once under the candidate it voted for, ranked as the vote ranks', async () => {
  const finished = await finishedVote(output);
  const result = voteResult(finished);
  assert.deepEqual(
    result.runs.map((r) => [r.position, r.identifier]),
    [
      [0, 'taskA'],
      [1, 'taskA|||t1|||0213456789'],
    ],
  );
  const voters = result.candidates.flatMap((c) => c.voters).sort();
  assert.deepEqual(voters, [0, 1], 'each run votes exactly once');
  assert.equal(
    result.candidates.reduce((sum, c) => sum + c.count, 0),
    result.runs.length,
  );
  for (const c of result.candidates) assert.equal(c.voters.length, c.count);
  // Each candidate's grid is the mapped-back answer of its voters.
  for (const c of result.candidates) {
    for (const position of c.voters) {
      const run = finished.runs.find((r) => r.position === position)!;
      assert.deepEqual(c.answer.cells, run.prediction.answer.flat());
      assert.equal(c.answer.height, run.prediction.answer.length);
    }
  }
  assert.equal(result.runs[1]!.haltProbability, haltProbability(finished.runs[1]!.prediction.qHalt));
  assert.equal(result.runs[0]!.steps, finished.runs[0]!.trace.steps.length);
  assert.deepEqual(result.skipped, [{ position: 2, identifier: NAMES[2], reason: result.skipped[0]!.reason }]);
  assert.match(result.skipped[0]!.reason, /t0\.\.t7/);
  // tiny-arc's random weights answer neither run with the test output.
  assert.deepEqual(
    result.candidates.map((c) => c.correct),
    result.candidates.map(() => false),
  );
  assert.equal(result.passAt1, false);
  assert.equal(result.passAt2, false);
  assert.deepEqual(result.target, { height: 3, width: 1, cells: [1, 9, 1] });
  assert.equal(result.palette, 'arc');
  assert.equal(result.modelName, 'tiny-arc');
});

test('a candidate equal to the target is marked and scores pass@k; no target scores nothing', async () => {
  const finished = await finishedVote(output);
  const best = voteResult(finished).candidates[0]!;
  const rows = Array.from({ length: best.answer.height }, (_, r) =>
    best.answer.cells.slice(r * best.answer.width, (r + 1) * best.answer.width),
  );
  const hit = voteResult({ ...finished, target: rows });
  assert.equal(hit.candidates[0]!.correct, true);
  assert.equal(hit.passAt1, true);
  assert.equal(hit.passAt2, true);
  const unknown = voteResult({ ...finished, target: null });
  assert.equal(unknown.passAt1, null);
  assert.equal(unknown.passAt2, null);
  assert.equal(unknown.target, null);
  assert.ok(unknown.candidates.every((c) => c.correct === null));
});
