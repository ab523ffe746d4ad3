import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VoteCandidateView, VoteResult } from '../../src/shared/protocol';
import { cellSize, VoteModel, type VoteChange } from './voteModel';

const grid = { height: 1, width: 2, cells: [1, 2] };
const winner: VoteCandidateView = {
  answer: grid,
  count: 2,
  meanHaltProbability: 0.7344,
  correct: true,
  voters: [0, 2],
};
const loser: VoteCandidateView = { answer: grid, count: 1, meanHaltProbability: 0.9, correct: false, voters: [1] };

const result: VoteResult = {
  taskName: 'taskA',
  testIndex: 0,
  modelName: 'tiny-arc',
  provider: 'cpu',
  palette: 'arc',
  cellLabels: null,
  input: grid,
  target: grid,
  runs: [
    { position: 0, identifier: 'taskA', haltProbability: 0.5, steps: 12 },
    { position: 1, identifier: 'taskA|||t1|||0213456789', haltProbability: 0.9, steps: 12 },
    { position: 2, identifier: 'taskA|||t2|||0123456789', haltProbability: 0.9688, steps: 1 },
  ],
  skipped: [{ position: 3, identifier: 'taskA|||t9|||0123456789', reason: 'the transform must be t0..t7' }],
  candidates: [winner, loser],
  passAt1: true,
  passAt2: true,
};

function shown(r: VoteResult = result): { model: VoteModel; changes: VoteChange[] } {
  const model = new VoteModel();
  const changes: VoteChange[] = [];
  model.onChange((c) => changes.push(c));
  model.receive({ type: 'vote/show', result: r, source: { id: 'v1' } });
  return { model, changes };
}

test('a shown vote is titled, counted and scored', () => {
  const { model, changes } = shown();
  assert.deepEqual(model.source, { id: 'v1' });
  assert.deepEqual(changes, ['result']);
  assert.equal(model.title(), 'Vote: taskA, test 1, on tiny-arc (cpu)');
  assert.equal(model.counts(), '3 runs, 1 skipped, 2 candidates');
  assert.equal(model.score(), 'pass@1 yes, pass@2 yes');
  const missed = shown({ ...result, passAt1: false, passAt2: true }).model;
  assert.equal(missed.score(), 'pass@1 no, pass@2 yes');
  const unknown = shown({ ...result, target: null, passAt1: null, passAt2: null }).model;
  assert.match(unknown.score(), /no output for this test input, so pass@1 and pass@2 are not scored/);
});

test('before any vote the panel says nothing but its name', () => {
  const model = new VoteModel();
  assert.equal(model.title(), 'Vote');
  assert.equal(model.counts(), '');
  assert.equal(model.score(), '');
  assert.deepEqual(model.status, { kind: 'idle' });
});

test('each candidate reads its votes, mean halt probability, verdict and voters in run order', () => {
  const { model } = shown();
  assert.equal(model.candidateLine(winner), '2 votes, mean halt probability 0.734');
  assert.equal(model.candidateLine(loser), '1 vote, mean halt probability 0.900');
  assert.equal(model.verdict(winner), 'equals the test output');
  assert.equal(model.verdict(loser), 'differs from the test output');
  assert.equal(model.verdict({ ...loser, correct: null }), null);
  const voters = model.voters(winner);
  assert.deepEqual(
    voters.map((run) => run.identifier),
    ['taskA', 'taskA|||t2|||0123456789'],
  );
  assert.equal(model.voterLabel(voters[1]!), 'taskA|||t2|||0123456789 · p 0.969');
  assert.equal(
    model.voterTitle(voters[1]!),
    'Open the trace of taskA|||t2|||0123456789 (1 step), shown as the puzzle was given',
  );
  assert.equal(
    model.debugTitle(voters[1]!),
    "Debug taskA|||t2|||0123456789: step through this run in VS Code's debugger",
  );
});

test('a vote under way or failed changes the status line and keeps the vote shown', () => {
  const { model, changes } = shown();
  model.receive({ type: 'vote/running', label: 'Voting on taskA, test 1…' });
  assert.deepEqual(model.status, { kind: 'running', text: 'Voting on taskA, test 1…' });
  model.receive({ type: 'vote/error', message: 'Vote cancelled.' });
  assert.deepEqual(model.status, { kind: 'error', text: 'Vote cancelled.' });
  assert.equal(model.result, result);
  assert.deepEqual(changes, ['result', 'status', 'status']);
  model.receive({ type: 'vote/show', result, source: null });
  assert.deepEqual(model.status, { kind: 'idle' }, 'a new vote clears the line');
  assert.equal(model.source, null, 'a vote that could not be saved leaves nothing to restore');
});

test('cells are large on small grids and a 30x30 grid stays near 300 pixels', () => {
  assert.equal(cellSize(3, 1), 20);
  assert.equal(cellSize(30, 30), 10);
  assert.equal(cellSize(0, 0), 20);
  assert.ok(cellSize(200, 1) >= 6);
});
