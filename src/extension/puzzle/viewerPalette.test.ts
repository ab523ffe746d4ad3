import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ArcTask } from '../../core/arcTask';
import type { Encoding } from '../../core/bundle';
import { ModelManifests } from '../solve/modelManifests';
import { paletteFor } from './viewerPalette';

const root = path.resolve(__dirname, '../../../..');
const grid = (h: number, w: number, v = 1) => Array.from({ length: h }, () => Array<number>(w).fill(v));
const task = (...inputs: number[][][]): ArcTask => ({ id: 't', train: [], test: inputs.map((input) => ({ input })) });
const sudoku: Encoding = {
  layout: 'fixed',
  height: 6,
  width: 6,
  padToken: 0,
  eosToken: null,
  valueOffset: 1,
  numValues: 7,
  palette: 'digits',
  cellLabels: null,
};

test('a task the configured digits model can take is drawn as digits, as the trace panel will draw it', () => {
  assert.equal(paletteFor(task(grid(6, 6)), sudoku), 'digits');
});

test('a task the configured maze model can take is drawn as a maze', () => {
  const maze: Encoding = { ...sudoku, height: 4, width: 4, numValues: 5, palette: 'maze' };
  assert.equal(paletteFor(task(grid(4, 4, 0), grid(4, 4, 4)), maze), 'maze');
  assert.equal(paletteFor(task(grid(6, 6)), maze), 'arc', 'size');
});

test('ARC colours otherwise: an ARC model, a task the model cannot take, or no readable model', () => {
  assert.equal(paletteFor(task(grid(6, 6)), { ...sudoku, palette: 'arc' }), 'arc');
  assert.equal(paletteFor(task(grid(30, 30)), sudoku), 'arc', 'size');
  assert.equal(paletteFor(task(grid(6, 6), grid(6, 6, 9)), sudoku), 'arc', 'a value the model does not know');
  assert.equal(paletteFor(task(grid(6, 6)), null), 'arc');
});

test('with the bundled model, the Sudoku examples are digits and the ARC examples keep their colours', async () => {
  const manifests = new ModelManifests();
  const encoding = (await manifests.of(path.join(root, 'models', 'sudoku6-tiny')))?.encoding ?? null;
  const example = (p: string): ArcTask => ({
    id: p,
    ...JSON.parse(fs.readFileSync(path.join(root, 'examples', p), 'utf8')),
  });
  assert.equal(paletteFor(example('sudoku6/sudoku6-002.arc.json'), encoding), 'digits');
  assert.equal(paletteFor(example('arc/3631a71a.arc.json'), encoding), 'arc');
  assert.equal(await manifests.of(path.join(root, 'no-such-model')), null);
});
