import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ViewerContent, ViewerShow } from '../../src/shared/protocol';
import { CELL_SIZES, DEFAULT_CELL_SIZE } from './gridModel';
import { INITIAL_STATE, restoreState, ViewerModel, type ViewerChange, type ViewerState } from './viewerModel';

const task: ViewerContent = { kind: 'task', task: { id: 't', train: [], test: [{ input: [[1]] }] } };

const show = (version: number, palette: ViewerShow['palette'] = 'arc', title = `v${version}`): ViewerShow => ({
  type: 'viewer/show',
  document: { title, version, readOnly: false },
  content: task,
  palette,
});

/** A model whose saved states and announced changes are recorded. */
function setup(restored?: unknown) {
  const saved: ViewerState[] = [];
  const changes: ViewerChange[] = [];
  const model = new ViewerModel({ saveState: (state) => saved.push(state), restored });
  model.onChange((change) => changes.push(change));
  return { model, saved, changes };
}

test('saved viewer state is restored, and junk or an old shape falls back to defaults', () => {
  assert.deepEqual(restoreState({ cellSize: 32, scrollX: 10, scrollY: 400, look: 'digits' }), {
    cellSize: 32,
    scrollX: 10,
    scrollY: 400,
    look: 'digits',
  });
  assert.deepEqual(restoreState({ cellSize: 32, scrollX: 10, scrollY: 400 }), {
    cellSize: 32,
    scrollX: 10,
    scrollY: 400,
    look: null,
  });
  assert.equal(restoreState({ look: 'hex' }).look, null);
  assert.deepEqual(restoreState(undefined), INITIAL_STATE);
  assert.deepEqual(restoreState('zoom=3'), INITIAL_STATE);
  assert.deepEqual(restoreState({ cellSize: 'big', scrollY: -5 }), INITIAL_STATE);
  assert.equal(restoreState({ cellSize: 1e6 }).cellSize, CELL_SIZES[CELL_SIZES.length - 1]);
  assert.equal(restoreState({ cellSize: 1 }).cellSize, CELL_SIZES[0]);
});

test('a first start shows nothing at the default zoom and saves nothing until the user acts', () => {
  const { model, saved, changes } = setup();
  assert.equal(model.shown, null);
  assert.equal(model.cellSize, DEFAULT_CELL_SIZE);
  assert.equal(model.look, 'arc');
  assert.deepEqual(saved, []);
  assert.deepEqual(changes, []);
});

test('a document older than the one shown is dropped; the same or a newer version replaces it', () => {
  const { model, changes } = setup();
  model.show(show(3));
  model.show(show(2));
  assert.equal(model.shown?.document.title, 'v3', 'a stale edit arriving late is not shown');
  model.show(show(3, 'arc', 'v3 again'));
  assert.equal(model.shown?.document.title, 'v3 again', 'the host resends the current version when asked');
  model.show(show(5));
  assert.equal(model.shown?.document.title, 'v5');
  assert.deepEqual(changes, ['shown', 'shown', 'shown']);
});

test("the look follows the host's palette for the task until the user toggles it", () => {
  const { model, saved } = setup();
  model.show(show(1, 'digits'));
  assert.equal(model.look, 'digits', "the host's default");
  model.toggleLook();
  assert.equal(model.look, 'arc');
  assert.equal(saved.at(-1)?.look, 'arc', 'the choice is saved');
  model.show(show(2, 'digits'));
  assert.equal(model.look, 'arc', "the user's choice wins over the host's default");
  model.toggleLook();
  assert.equal(model.look, 'digits');
});

test("a maze model's task toggles between maze glyphs and colours, and a saved maze look is restored", () => {
  const { model } = setup();
  model.show(show(1, 'maze'));
  assert.equal(model.look, 'maze');
  model.toggleLook();
  assert.equal(model.look, 'arc');
  model.toggleLook();
  assert.equal(model.look, 'maze');
  assert.equal(restoreState({ cellSize: 20, scrollX: 0, scrollY: 0, look: 'maze' }).look, 'maze');
});

test('toggling the look before any document starts from colours', () => {
  const { model, changes } = setup();
  model.toggleLook();
  assert.equal(model.look, 'digits');
  assert.deepEqual(changes, ['look']);
});

test('a look chosen before a reload wins over the host default after it', () => {
  const { model } = setup({ cellSize: 20, scrollX: 0, scrollY: 0, look: 'digits' });
  model.show(show(1, 'arc'));
  assert.equal(model.look, 'digits');
});

test('zoom steps the cell size, announces it and saves it with the rest of the state', () => {
  const { model, saved, changes } = setup({ cellSize: 20, scrollX: 5, scrollY: 60, look: 'digits' });
  model.zoom('in');
  assert.equal(model.cellSize, 24);
  model.zoom('out');
  model.zoom('out');
  assert.equal(model.cellSize, 16);
  model.zoom('reset');
  assert.equal(model.cellSize, DEFAULT_CELL_SIZE);
  assert.deepEqual(changes, ['zoom', 'zoom', 'zoom', 'zoom']);
  assert.deepEqual(
    saved.map((s) => s.cellSize),
    [24, 20, 16, DEFAULT_CELL_SIZE],
  );
  assert.deepEqual(saved.at(-1), { cellSize: DEFAULT_CELL_SIZE, scrollX: 5, scrollY: 60, look: 'digits' });
});

test('scrolling is saved without redrawing anything', () => {
  const { model, saved, changes } = setup();
  model.scrolled(12, 340);
  assert.deepEqual(saved, [{ ...INITIAL_STATE, scrollX: 12, scrollY: 340 }]);
  assert.deepEqual(changes, []);
});

test('the saved scroll position is restored once, when the first document is shown', () => {
  const { model } = setup({ cellSize: 20, scrollX: 8, scrollY: 900, look: null });
  assert.equal(model.scrollToRestore(), null, 'nothing to scroll before content arrives');
  model.show(show(1));
  assert.deepEqual(model.scrollToRestore(), { x: 8, y: 900 });
  model.scrolled(0, 100);
  model.show(show(2));
  assert.equal(model.scrollToRestore(), null, "later documents keep the user's scrolling");
});

test('a listener that unsubscribes hears no more changes', () => {
  const { model } = setup();
  const heard: ViewerChange[] = [];
  const off = model.onChange((change) => heard.push(change));
  model.zoom('in');
  off();
  model.zoom('in');
  assert.deepEqual(heard, ['zoom']);
});
