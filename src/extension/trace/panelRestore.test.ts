import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEEP_SAVED_TRACES, RestorableFiles, restoredState, type KeyValueStore } from './panelRestore';

/** An in-memory workspace state, which keeps values as JSON as VS Code's does. */
function memento(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    get: <T>(key: string) => (values.has(key) ? (JSON.parse(values.get(key)!) as T) : undefined),
    update: async (key, value) => void values.set(key, JSON.stringify(value)),
  };
}

const view = {
  index: 7,
  overlays: ['changed', 'wrong'],
  norm: 'z',
  pickedCell: 3,
  threshold: 0.5,
  speed: 3,
  moreCharts: false,
};

test('a restored panel finds the saved trace by the id its webview kept; the webview never sees the path', async () => {
  const traces = new RestorableFiles(memento());
  const source = await traces.remember('/storage/traces/sudoku-1.trace.json');
  assert.deepEqual(Object.keys(source), ['id']);
  assert.ok(!source.id.includes('sudoku'));
  assert.equal(traces.lookup(source.id), '/storage/traces/sudoku-1.trace.json');
});

test('an id the host never gave restores nothing, whatever the webview puts in its state', async () => {
  const store = memento();
  const traces = new RestorableFiles(store);
  await traces.remember('/storage/traces/a.trace.json');
  for (const id of ['/etc/passwd', '../../secret', '', 'constructor', '__proto__', 42, null, undefined, { id: 'x' }]) {
    assert.equal(traces.lookup(id), null, String(id));
  }
  assert.equal(new RestorableFiles(store).lookup('/storage/traces/a.trace.json'), null, 'a path is not an id');
});

test('ids survive a window reload, and the oldest are forgotten past the number of traces kept', async () => {
  const store = memento();
  let n = 0;
  const traces = new RestorableFiles(store, () => `id-${n++}`);
  const first = await traces.remember('/t/0.trace.json');
  for (let i = 1; i <= KEEP_SAVED_TRACES; i++) await traces.remember(`/t/${i}.trace.json`);
  const reloaded = new RestorableFiles(store);
  assert.equal(reloaded.lookup(first.id), null, 'the oldest is forgotten, as its file is deleted');
  assert.equal(reloaded.lookup('id-1'), '/t/1.trace.json');
  assert.equal(reloaded.lookup(`id-${KEEP_SAVED_TRACES}`), `/t/${KEEP_SAVED_TRACES}.trace.json`);
});

test('files under another store key are not found by an id of the saved traces, nor the other way', async () => {
  const store = memento();
  const traces = new RestorableFiles(store);
  const reports = new RestorableFiles(store, undefined, 'trmLens.reportPanels');
  const trace = await traces.remember('/t/a.trace.json');
  const report = await reports.remember('/runs/report.json');
  assert.equal(reports.lookup(trace.id), null);
  assert.equal(traces.lookup(report.id), null);
  assert.equal(reports.lookup(report.id), '/runs/report.json');
});

test("the webview's persisted state is checked: an id, no trace, or a path kept by an older version", () => {
  assert.deepEqual(restoredState({ source: { id: 'abc' }, view }), { trace: { id: 'abc' }, view });
  assert.deepEqual(restoredState({ source: null, view }), { trace: 'none', view });
  assert.deepEqual(restoredState(undefined), { trace: 'none', view: null });
  assert.equal(restoredState({ source: { path: '/etc/passwd' } }).trace, 'malformed');
  assert.equal(restoredState({ source: '/etc/passwd' }).trace, 'malformed');
});

test('every play speed restores, the slowest (index 0) too', () => {
  for (const speed of [0, 3, 6])
    assert.equal(restoredState({ source: null, view: { ...view, speed } }).view?.speed, speed);
});

test('a view that is not well formed is dropped, so the host never indexes a trace with it', () => {
  for (const bad of [
    { ...view, index: -1 },
    { ...view, index: 1.5 },
    { ...view, overlays: ['x'] },
    { ...view, norm: 'q' },
    { ...view, pickedCell: '1' },
    { ...view, threshold: 0 },
    { ...view, speed: Infinity },
    { ...view, speed: 7 },
    { ...view, speed: 1.5 },
    { ...view, overlays: ['motion', 'glow'] },
    { ...view, moreCharts: 'yes' },
    [view],
    'view',
  ]) {
    assert.equal(restoredState({ source: null, view: bad }).view, null, JSON.stringify(bad));
  }
});

test('a view with the movement overlays and the extra charts restores with them', () => {
  const moving = { ...view, overlays: ['changed', 'motion', 'regressed'], moreCharts: true };
  assert.deepEqual(restoredState({ source: { id: 'abc' }, view: moving }).view, moving);
  const entropy = { ...view, overlays: ['entropy'] };
  assert.deepEqual(restoredState({ source: null, view: entropy }).view, entropy);
});

test('a view saved before the movement overlays and the extra charts existed restores with them off', () => {
  const { moreCharts: _, ...earlier } = view;
  assert.deepEqual(restoredState({ source: { id: 'abc' }, view: earlier }).view, { ...earlier, moreCharts: false });
});
