// Grid <-> token sequence, as a bundle's manifest describes it. Two layouts cover the public datasets:
// "fixed" (Sudoku, Maze: the grid is exactly the canvas) and "arc-eos" (ARC: the grid top-left on a PAD
// canvas, EOS on the row under it and the column right of it, as the reference dataset builder lays it).

import type { Grid } from './arcTask';
import type { Encoding } from './bundle';

/** A grid that cannot be encoded: `where` names the JSON path of the grid. */
export class EncodingError extends Error {
  override readonly name = 'EncodingError';
}

/** Why a model with this encoding cannot take `grid` (its size or a value), or null when it can. */
export function gridProblem(grid: Grid, enc: Encoding, where: string): string | null {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  if (enc.layout === 'fixed' ? rows !== enc.height || cols !== enc.width : rows > enc.height || cols > enc.width) {
    const want = enc.layout === 'fixed' ? `exactly ${enc.height}x${enc.width}` : `at most ${enc.height}x${enc.width}`;
    return `${where}: the grid is ${rows}x${cols}; this model takes grids of ${want}`;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = grid[r][c];
      if (!Number.isInteger(v) || v < 0 || v >= enc.numValues)
        return `${where}[${r}][${c}]: value ${v} is outside this model's 0..${enc.numValues - 1}`;
    }
  }
  return null;
}

/** Tokens of `grid` on the canvas, row-major (int64 for onnxruntime). */
export function encodeGrid(grid: Grid, enc: Encoding, where: string): BigInt64Array {
  const problem = gridProblem(grid, enc, where);
  if (problem) throw new EncodingError(problem);
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  const tokens = new BigInt64Array(enc.height * enc.width).fill(BigInt(enc.padToken));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) tokens[r * enc.width + c] = BigInt(grid[r][c] + enc.valueOffset);
  }
  if (enc.layout === 'arc-eos') {
    const eos = BigInt(enc.eosToken ?? 0);
    if (rows < enc.height) for (let c = 0; c < cols; c++) tokens[rows * enc.width + c] = eos;
    if (cols < enc.width) for (let r = 0; r < rows; r++) tokens[r * enc.width + cols] = eos;
  }
  return tokens;
}

function isValue(token: number, enc: Encoding): boolean {
  return token >= enc.valueOffset && token < enc.valueOffset + enc.numValues;
}

/** Where the decoded grid sits on the canvas: its size (the crop). */
export interface Crop {
  readonly height: number;
  readonly width: number;
}

/**
 * The grid the model answers. For "arc-eos", the largest top-left rectangle whose rows are runs of value
 * tokens, scanning rows while the run (limited by the rows above) stays non-empty, as the public ARC
 * evaluator crops; for "fixed", the whole canvas (a non-value token reads as 0).
 */
export function cropOf(tokens: ArrayLike<number>, enc: Encoding): Crop {
  if (enc.layout === 'fixed') return { height: enc.height, width: enc.width };
  let best = { height: 0, width: 0 };
  let width = enc.width;
  for (let r = 0; r < enc.height; r++) {
    let run = 0;
    while (run < width && isValue(tokens[r * enc.width + run], enc)) run++;
    width = run;
    if ((r + 1) * width > best.height * best.width) best = { height: r + 1, width };
  }
  return best;
}

export function decodeTokens(tokens: ArrayLike<number>, enc: Encoding, crop: Crop = cropOf(tokens, enc)): number[][] {
  const grid: number[][] = [];
  for (let r = 0; r < crop.height; r++) {
    const row: number[] = [];
    for (let c = 0; c < crop.width; c++) {
      const t = tokens[r * enc.width + c];
      row.push(isValue(t, enc) ? t - enc.valueOffset : 0);
    }
    grid.push(row);
  }
  return grid;
}
