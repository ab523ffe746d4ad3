// One cell size for the grids shown side by side (input, answer, the latent's answer when the trace has
// it, target), so they compare at the same scale, fitted to the panel's width and to a height that
// leaves the charts in view.

import type { CellGrid } from '../../src/shared/protocol';

type Shape = Pick<CellGrid, 'height' | 'width'>;

/** Pixels per cell for these grids side by side in `availableWidth`. */
export function cellSize(grids: readonly Shape[], availableWidth: number): number {
  const cols = grids.reduce((sum, g) => sum + g.width, 0);
  const rows = Math.max(0, ...grids.map((g) => g.height));
  const avail = Math.max(120, availableWidth - 48 * grids.length);
  return Math.max(6, Math.min(40, Math.floor(avail / cols) - 1, Math.floor(420 / Math.max(1, rows))));
}
