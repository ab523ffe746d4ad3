import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ArcTask } from './arcTask';
import { readManifest } from './bundle';
import { BundledModels, DEFAULT_BUNDLED_MODEL } from './bundledModels';

const root = path.resolve(__dirname, '../../..');
const reader = (dir: string) => readManifest(dir).catch(() => null);
const grid = (h: number, w: number, v = 1) => Array.from({ length: h }, () => Array<number>(w).fill(v));
const task = (id: string, ...inputs: number[][][]): ArcTask => ({
  id,
  train: [],
  test: inputs.map((input) => ({ input })),
});

/** A models folder: the default model (a fixed 4x4 digits bundle) and an ARC bundle (up to 8x8) trained on taskA. */
function modelsFolder(t: { after: (fn: () => void) => void }): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-models-'));
  t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
  fs.cpSync(path.join(root, 'test/fixtures/tiny-trm/bundle'), path.join(folder, DEFAULT_BUNDLED_MODEL), {
    recursive: true,
  });
  fs.cpSync(path.join(root, 'test/fixtures/tiny-arc/bundle'), path.join(folder, 'arc-tiny'), { recursive: true });
  fs.mkdirSync(path.join(folder, 'not-a-model'));
  return folder;
}

test('a task goes to the bundled model that can take its test inputs, the default where both can', async (t) => {
  const models = new BundledModels(modelsFolder(t), reader);
  const name = async (tk: ArcTask) => path.basename(await models.dirFor(tk));
  assert.equal(await name(task('x', grid(4, 4))), DEFAULT_BUNDLED_MODEL);
  assert.equal(await name(task('x', grid(3, 3))), 'arc-tiny', 'a 3x3 grid only the ARC model takes');
  assert.equal(await name(task('x', grid(4, 4), grid(6, 6))), 'arc-tiny', 'every test input must fit');
});

test('a model trained on the task wins over one that only takes it; if none takes it, the default', async (t) => {
  const models = new BundledModels(modelsFolder(t), reader);
  assert.equal(path.basename(await models.dirFor(task('taskA', grid(4, 4)))), 'arc-tiny');
  assert.equal(path.basename(await models.dirFor(task('x', grid(30, 30)))), DEFAULT_BUNDLED_MODEL);
  const listed = (await models.list()).map((m) => path.basename(m.dir));
  assert.deepEqual(listed, [DEFAULT_BUNDLED_MODEL, 'arc-tiny'], 'folders that are not bundles are left out');
});

test('the shipped models send the Sudoku examples to the Sudoku model, the ARC ones to the ARC model', async () => {
  const models = new BundledModels(path.join(root, 'models'), reader);
  const open = (file: string) => JSON.parse(fs.readFileSync(path.join(root, 'examples', file), 'utf8'));
  const to = async (id: string, file: string) => path.basename(await models.dirFor({ id, ...open(file) }));
  assert.equal(await to('sudoku6-002', 'sudoku6/sudoku6-002.arc.json'), DEFAULT_BUNDLED_MODEL);
  assert.equal(await to('ce22a75a', 'arc/ce22a75a.arc.json'), 'arc-mini');
  assert.equal(await to('0d3d703e', 'arc/0d3d703e.arc.json'), 'arc-mini', 'a 3x3 task it was trained on');
});
