// The picture of a solve for a paper: the answer grid at the end of every supervision step, left to
// right, between the test input and the target, each labelled, the halting step underlined.
// Drawn into an RGBA raster here (no canvas in the extension host) and written by pngEncoder.

import type { RgbaImage } from './pngEncoder';
import { ARC_COLOURS, MAZE_COLOURS } from '../../shared/cellColours';
import type { CellGrid, Palette } from '../../shared/protocol';

export interface StripFrame {
  /** Up to a few characters from STRIP_GLYPHS: "IN", "T", a step number. */
  readonly label: string;
  readonly grid: CellGrid;
  /** Underline this frame (the step where the model halts). */
  readonly halts: boolean;
}

type Rgb = readonly [number, number, number];

// 3x5 bitmap glyphs, rows top to bottom, bits left to right.
const GLYPHS: Record<string, readonly number[]> = {
  '0': [7, 5, 5, 5, 7],
  '1': [2, 6, 2, 2, 7],
  '2': [7, 1, 7, 4, 7],
  '3': [7, 1, 7, 1, 7],
  '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7],
  '6': [7, 4, 7, 5, 7],
  '7': [7, 1, 1, 1, 1],
  '8': [7, 5, 7, 5, 7],
  '9': [7, 5, 7, 1, 7],
  I: [7, 2, 2, 2, 7],
  N: [5, 7, 7, 5, 5],
  T: [7, 2, 2, 2, 2],
  H: [5, 5, 7, 5, 5],
};
export const STRIP_GLYPHS = Object.keys(GLYPHS).join('');

const BACKGROUND: Rgb = [255, 255, 255];
const GAP: Rgb = [200, 200, 200];
const INK: Rgb = [34, 34, 34];
const HALT: Rgb = [229, 20, 0];
const DIGIT_BLANK: Rgb = [240, 240, 240];

function hex(colour: string): Rgb {
  const n = parseInt(colour.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function fillOf(palette: Palette): (v: number) => Rgb {
  const arc = ARC_COLOURS.map(hex);
  const maze = MAZE_COLOURS.map(hex);
  switch (palette) {
    case 'arc':
      return (v) => arc[v] ?? BACKGROUND;
    case 'maze':
      return (v) => maze[v] ?? BACKGROUND;
    case 'digits':
      return (v) => (v === 0 ? DIGIT_BLANK : BACKGROUND);
  }
}

class Raster {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 4);
    this.rect(0, 0, width, height, BACKGROUND);
  }
  rect(x: number, y: number, w: number, h: number, [r, g, b]: Rgb): void {
    for (let yy = Math.max(0, y); yy < Math.min(this.height, y + h); yy++)
      for (let xx = Math.max(0, x); xx < Math.min(this.width, x + w); xx++) {
        const o = 4 * (yy * this.width + xx);
        this.data[o] = r;
        this.data[o + 1] = g;
        this.data[o + 2] = b;
        this.data[o + 3] = 255;
      }
  }
  text(s: string, x: number, y: number, scale: number, colour: Rgb): void {
    for (const [k, ch] of [...s].entries()) {
      const glyph = GLYPHS[ch];
      if (!glyph) continue;
      for (let row = 0; row < 5; row++)
        for (let col = 0; col < 3; col++)
          if (glyph[row] & (4 >> col)) this.rect(x + (k * 4 + col) * scale, y + row * scale, scale, scale, colour);
    }
  }
}

/** Pixels per cell so that a strip of 6x6 Sudoku and one of 30x30 ARC grids both stay legible. */
export function stripCellSize(frames: readonly StripFrame[]): number {
  const side = Math.max(1, ...frames.map((f) => Math.max(f.grid.height, f.grid.width)));
  return Math.max(4, Math.min(24, Math.floor(144 / side)));
}

export function renderStrip(frames: readonly StripFrame[], palette: Palette): RgbaImage {
  if (frames.length === 0) throw new RangeError('renderStrip: no frames to draw');
  const cell = stripCellSize(frames);
  const margin = 8;
  const labelScale = 2;
  const labelHeight = 5 * labelScale + 4;
  const gridW = (g: CellGrid) => g.width * (cell + 1) + 1;
  const gridH = (g: CellGrid) => g.height * (cell + 1) + 1;
  const tallest = Math.max(...frames.map((f) => gridH(f.grid)));
  const width = margin + frames.reduce((sum, f) => sum + gridW(f.grid) + margin, 0);
  const height = margin + labelHeight + tallest + 6 + margin;
  const raster = new Raster(width, height);
  const fill = fillOf(palette);
  const glyphScale = Math.floor(cell / 7);
  let x = margin;
  for (const frame of frames) {
    const g = frame.grid;
    const top = margin + labelHeight;
    raster.text(frame.label, x, margin, labelScale, frame.halts ? HALT : INK);
    raster.rect(x, top, gridW(g), gridH(g), GAP);
    for (let r = 0; r < g.height; r++)
      for (let c = 0; c < g.width; c++) {
        const v = g.cells[r * g.width + c];
        const cx = x + 1 + c * (cell + 1);
        const cy = top + 1 + r * (cell + 1);
        raster.rect(cx, cy, cell, cell, fill(v));
        if (palette === 'digits' && v !== 0 && glyphScale >= 1) {
          const label = String(v);
          const w = (label.length * 4 - 1) * glyphScale;
          raster.text(
            label,
            cx + Math.floor((cell - w) / 2),
            cy + Math.floor((cell - 5 * glyphScale) / 2),
            glyphScale,
            INK,
          );
        }
      }
    if (frame.halts) raster.rect(x, top + gridH(g) + 2, gridW(g), 3, HALT);
    x += gridW(g) + margin;
  }
  return { width, height, data: raster.data };
}
