// A finished vote as the vote panel shows it: the ranked candidates with the runs that voted for each,
// the runs skipped, and pass@1 / pass@2 when the test output is known. Pure, so it is unit-tested.

import type { Grid } from '../../core/arcTask';
import type { Manifest } from '../../core/bundle';
import type { AugmentationRun, Skipped } from '../../core/taskVote';
import { haltProbability, solvedAt, vote, type Candidate } from '../../core/vote';
import type { CellGrid, VoteCandidateView, VoteResult } from '../../shared/protocol';

export interface FinishedVote {
  readonly taskName: string;
  readonly testIndex: number;
  readonly input: Grid;
  readonly target: Grid | null;
  readonly manifest: Manifest;
  readonly provider: string;
  readonly runs: readonly AugmentationRun[];
  readonly skipped: readonly Skipped[];
}

function cellGrid(rows: Grid): CellGrid {
  return { height: rows.length, width: rows[0]?.length ?? 0, cells: rows.flat() };
}

/** Each candidate's voters by run position: grids compare as the vote groups them, whatever the names. */
function candidateViews(
  runs: readonly AugmentationRun[],
  candidates: readonly Candidate[],
  target: Grid | null,
): VoteCandidateView[] {
  const rank = new Map(candidates.map((c, i) => [JSON.stringify(c.answer), i]));
  const voters = candidates.map((): number[] => []);
  for (const run of runs) voters[rank.get(JSON.stringify(run.prediction.answer))!]!.push(run.position);
  return candidates.map((c, i) => ({
    answer: cellGrid(c.answer),
    count: c.count,
    meanHaltProbability: c.meanHaltProbability,
    correct: target ? solvedAt([c], target, 1) : null,
    voters: voters[i]!,
  }));
}

export function voteResult(finished: FinishedVote): VoteResult {
  const { runs, target, manifest } = finished;
  const candidates = vote(runs.map((run) => run.prediction));
  const pass = (k: number) => (target ? solvedAt(candidates, target, k) : null);
  return {
    taskName: finished.taskName,
    testIndex: finished.testIndex,
    modelName: manifest.name,
    provider: finished.provider,
    palette: manifest.encoding.palette,
    cellLabels: manifest.encoding.cellLabels,
    input: cellGrid(finished.input),
    target: target ? cellGrid(target) : null,
    runs: runs.map((run) => ({
      position: run.position,
      identifier: run.identifier.name,
      haltProbability: haltProbability(run.prediction.qHalt),
      steps: run.trace.steps.length,
    })),
    skipped: finished.skipped.map((s) => ({ position: s.position, identifier: s.identifier.name, reason: s.reason })),
    candidates: candidateViews(runs, candidates, target),
    passAt1: pass(1),
    passAt2: pass(2),
  };
}
