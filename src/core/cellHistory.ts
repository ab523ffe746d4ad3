// Cells across a run: which cells an update turned wrong (right at the update before, wrong after) or
// right, counted in the target's frame (an ARC answer may be cropped to another size), and how often the run
// changed each cell. A cell an answer does not cover has no value, so it is not right.

import type { Grid } from './arcTask';

const valueAt = (grid: Grid, r: number, c: number): number | null => grid[r]?.[c] ?? null;

/** Row-major cells of `frame` where `test(before, after, want)` holds. */
function cellsWhere(
  frame: Grid,
  before: Grid,
  after: Grid,
  test: (was: number | null, now: number | null, want: number) => boolean,
): number[] {
  const out: number[] = [];
  const width = frame[0]?.length ?? 0;
  for (let r = 0; r < frame.length; r++) {
    for (let c = 0; c < width; c++) {
      if (test(valueAt(before, r, c), valueAt(after, r, c), frame[r][c])) out.push(r * width + c);
    }
  }
  return out;
}

/** Cells (row-major in the target) equal to the target in `before` and not in `after`. */
export function turnedWrong(before: Grid, after: Grid, target: Grid): number[] {
  return cellsWhere(target, before, after, (was, now, want) => was === want && now !== want);
}

/** Cells (row-major in the target) not equal to the target in `before` and equal in `after`. */
export function turnedRight(before: Grid, after: Grid, target: Grid): number[] {
  return cellsWhere(target, before, after, (was, now, want) => was !== want && now === want);
}

/**
 * Per cell of `frame` (row-major), how many of `answers` differ there from the answer before: how often
 * the run changed the cell up to the last of them. A cell outside an answer counts as no value.
 */
export function changeCounts(answers: readonly Grid[], frame: Grid): number[] {
  const width = frame[0]?.length ?? 0;
  const counts = new Array<number>(frame.length * width).fill(0);
  for (let i = 1; i < answers.length; i++) {
    for (const cell of cellsWhere(frame, answers[i - 1], answers[i], (was, now) => was !== now)) counts[cell]++;
  }
  return counts;
}
