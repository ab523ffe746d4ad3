import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderStrip, stripCellSize, type StripFrame } from './gridStrip';
import { ARC_COLOURS } from '../../shared/cellColours';

function pixel(img: { width: number; data: Uint8Array }, x: number, y: number): string {
  const o = 4 * (y * img.width + x);
  return '#' + [...img.data.subarray(o, o + 3)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const frame = (label: string, cells: number[], halts = false): StripFrame => ({
  label,
  halts,
  grid: { height: 2, width: 2, cells },
});

test('each frame shows its grid in the ARC colours, left to right', () => {
  const frames = [frame('IN', [1, 2, 3, 4]), frame('1', [5, 6, 7, 8]), frame('T', [9, 0, 9, 0])];
  const img = renderStrip(frames, 'arc');
  const cell = stripCellSize(frames);
  const gridW = 2 * (cell + 1) + 1;
  const top = 8 + 14;
  frames.forEach((f, k) => {
    const x0 = 8 + k * (gridW + 8);
    for (let i = 0; i < 4; i++) {
      const x = x0 + 1 + (i % 2) * (cell + 1) + cell / 2;
      const y = top + 1 + Math.floor(i / 2) * (cell + 1) + cell / 2;
      assert.equal(
        pixel(img, Math.floor(x), Math.floor(y)),
        ARC_COLOURS[f.grid.cells[i]],
        `frame ${f.label} cell ${i}`,
      );
    }
  });
  assert.equal(img.width, 8 + 3 * (gridW + 8));
});

test('the halting frame is underlined in red and the others are not', () => {
  const frames = [frame('1', [0, 0, 0, 0]), frame('2', [0, 0, 0, 0], true)];
  const img = renderStrip(frames, 'arc');
  const cell = stripCellSize(frames);
  const gridW = 2 * (cell + 1) + 1;
  const underline = 8 + 14 + 2 * (cell + 1) + 1 + 3;
  assert.equal(pixel(img, 8 + 2, underline), '#ffffff');
  assert.equal(pixel(img, 8 + gridW + 8 + 2, underline), '#e51400');
});

test('digits are drawn in the cells of a digits palette and blanks stay empty', () => {
  const img = renderStrip([{ label: '1', halts: false, grid: { height: 1, width: 2, cells: [8, 0] } }], 'digits');
  const cell = stripCellSize([{ label: '1', halts: false, grid: { height: 1, width: 2, cells: [8, 0] } }]);
  const top = 8 + 14 + 1;
  const inked = (x0: number) => {
    let n = 0;
    for (let y = top; y < top + cell; y++) for (let x = x0; x < x0 + cell; x++) if (pixel(img, x, y) === '#222222') n++;
    return n;
  };
  assert.ok(inked(9) > 0, 'the 8 is drawn');
  assert.equal(inked(9 + cell + 1), 0, 'the blank has no ink');
});

test('an empty strip is refused', () => {
  assert.throws(() => renderStrip([], 'arc'), /no frames/);
});
