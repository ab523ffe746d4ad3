// What a grid looks like, without a DOM: the ARC palette, sizes, hover text, zoom steps and the order
// in which a task's grids are shown. Everything here is pure so node:test pins it; gridView.ts and
// taskView.ts only turn it into elements.

import type { ArcTask, Grid } from '../../src/core/arcTask';
import type { Palette } from '../../src/shared/protocol';

/** Names of the ARC colours (value 0..9), for hover text and screen readers; the hex values are shared. */
const COLOUR_NAMES = [
  'black',
  'blue',
  'red',
  'green',
  'yellow',
  'grey',
  'magenta',
  'orange',
  'light blue',
  'maroon',
] as const;

export function colourName(value: number): string {
  return COLOUR_NAMES[value] ?? 'unknown';
}

export interface GridShape {
  readonly rows: number;
  readonly cols: number;
}

export function gridShape(grid: Grid): GridShape {
  return { rows: grid.length, cols: grid[0]?.length ?? 0 };
}

/** `3×7`: rows by columns, as ARC tools (and numpy shapes) write it. */
export function sizeLabel(grid: Grid): string {
  const { rows, cols } = gridShape(grid);
  return `${rows}×${cols}`;
}

/** What each value of a maze is, as the public maze builder's charset "# SGo" orders them. */
const MAZE_NAMES = ['wall', 'open', 'start', 'goal', 'path'];

function valueDescription(value: number, look: Palette): string {
  if (look === 'arc') return `${value} (${colourName(value)})`;
  if (look === 'maze') return `${value} (${MAZE_NAMES[value] ?? 'not a maze cell'})`;
  return value === 0 ? '0 (blank)' : String(value);
}

/**
 * The hover text of a cell: its colour's name when colours are shown, what it is in a maze; for digits, the
 * value (0 is blank). Rows and columns count from 1, as the trace panel's readout and notices do.
 */
export function cellDescription(row: number, col: number, value: number, look: Palette = 'arc'): string {
  const what = valueDescription(value, look);
  return `row ${row + 1}, column ${col + 1}: ${what}`;
}

/** Cell sizes in CSS pixels the zoom steps through; the default shows a 30×30 grid in 600 px. */
export const CELL_SIZES = [4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48] as const;
export const DEFAULT_CELL_SIZE = 20;

export type ZoomAction = 'in' | 'out' | 'reset';

/** The next cell size for a zoom action; sizes off the ladder snap to the nearest step in that direction. */
export function zoomed(cellSize: number, action: ZoomAction): number {
  if (action === 'reset') return DEFAULT_CELL_SIZE;
  if (action === 'in') return CELL_SIZES.find((size) => size > cellSize) ?? CELL_SIZES[CELL_SIZES.length - 1];
  return [...CELL_SIZES].reverse().find((size) => size < cellSize) ?? CELL_SIZES[0];
}

/** Room a fitted pair leaves around its cells (page and pair padding, the arrow between input and output). */
const PAIR_CHROME_PX = { width: 120, height: 150 } as const;

/**
 * Fit to window: the largest cell size on the ladder at which the widest pair (input and output side by
 * side) fits `width` and the tallest grid fits `height`; the smallest when none does.
 */
export function fittedCellSize(pairs: readonly PairView[], width: number, height: number): number {
  const cols = Math.max(1, ...pairs.map((p) => gridShape(p.input).cols + (p.output ? gridShape(p.output).cols : 0)));
  const rows = Math.max(1, ...pairs.flatMap((p) => [gridShape(p.input).rows, p.output ? gridShape(p.output).rows : 0]));
  const fits = (size: number) =>
    size * cols + PAIR_CHROME_PX.width <= width && size * rows + PAIR_CHROME_PX.height <= height;
  return [...CELL_SIZES].reverse().find(fits) ?? CELL_SIZES[0];
}

/** One example of a task as the viewer lays it out: input -> output (output absent for an unsolved test). */
export interface PairView {
  /** Stable id, also the DOM id: `train-0`, `test-1`. */
  readonly id: string;
  readonly role: 'train' | 'test';
  readonly heading: string;
  readonly input: Grid;
  readonly output: Grid | undefined;
}

export function pairViews(task: ArcTask): PairView[] {
  const views = (role: 'train' | 'test', pairs: ArcTask['train']): PairView[] =>
    pairs.map((pair, i) => ({
      id: `${role}-${i}`,
      role,
      heading: `${role === 'train' ? 'Train' : 'Test'} ${i + 1}`,
      input: pair.input,
      output: pair.output,
    }));
  return [...views('train', task.train), ...views('test', task.test)];
}

/** How the toolbar counts demonstrations: Sudoku and Maze puzzles have none, and it says so in words. */
export function demonstrationCount(train: number): string {
  return train === 0 ? 'no demonstration pairs' : plural(train, 'train pair');
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
