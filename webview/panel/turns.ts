// Where cells turned wrong or right against the target over a run, from the steps' summaries: the list
// the panel shows to jump to them, and the cells that regressed (right at some earlier step, wrong now).

import type { StepSummary } from '../../src/shared/protocol';

type Turns = Pick<StepSummary, 'turnedWrong' | 'turnedRight'>;

export interface TurnEvent {
  readonly index: number;
  /** Row-major cell of the target. */
  readonly cell: number;
  readonly turned: 'wrong' | 'right';
}

export function turnEvents(steps: readonly Turns[]): TurnEvent[] {
  const out: TurnEvent[] = [];
  steps.forEach((s, index) => {
    for (const cell of s.turnedWrong) out.push({ index, cell, turned: 'wrong' });
    for (const cell of s.turnedRight) out.push({ index, cell, turned: 'right' });
  });
  return out;
}

/**
 * Cells wrong after step `index` that were right before some step up to it: a cell that turned wrong
 * and has not turned right again since. Ascending.
 */
export function regressedCells(steps: readonly Turns[], index: number): number[] {
  const regressed = new Set<number>();
  for (let i = 0; i <= index && i < steps.length; i++) {
    for (const cell of steps[i].turnedWrong) regressed.add(cell);
    for (const cell of steps[i].turnedRight) regressed.delete(cell);
  }
  return [...regressed].sort((a, b) => a - b);
}
