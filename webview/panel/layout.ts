// One cell size for input, answer and target, so the three compare at the same scale, fitted to the
// panel's width and to a height that leaves the charts in view.

import type { CellGrid } from '../../src/shared/protocol';

type Shape = Pick<CellGrid, 'height' | 'width'>;

/** Pixels per cell for these grids side by side in `availableWidth` (the target only when there is one). */
export function cellSize(input: Shape, answer: Shape, target: Shape | null, availableWidth: number): number {
  const cols = input.width + answer.width + (target?.width ?? 0);
  const rows = Math.max(input.height, answer.height, target?.height ?? 0);
  const shown = target ? 3 : 2;
  const avail = Math.max(120, availableWidth - 48 * shown);
  return Math.max(6, Math.min(40, Math.floor(avail / cols) - 1, Math.floor(420 / Math.max(1, rows))));
}
