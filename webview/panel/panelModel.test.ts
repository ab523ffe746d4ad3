import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Channel } from '../../src/shared/channel';
import {
  parsePanelMessage,
  type HostToPanel,
  type NotifyLane,
  type PanelLane,
  type PanelNotification,
  type PanelViewState,
  type PersistedPanelState,
  type StepDetail,
  type StepSummary,
  type TraceMeta,
} from '../../src/shared/protocol';
import { PanelModel, PERSIST_MS, type PanelChange, type Scheduler } from './panelModel';

/** A clock the test moves by hand: `advance` runs what falls due, in order. */
class ManualScheduler implements Scheduler {
  private now = 0;
  private timers: { at: number; run: () => void; live: boolean }[] = [];
  after(ms: number, run: () => void): () => void {
    const timer = { at: this.now + ms, run, live: true };
    this.timers.push(timer);
    return () => (timer.live = false);
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      this.now = due.at;
      due.run();
    }
    this.now = end;
    this.timers = this.timers.filter((t) => t.live);
  }
  get pending(): number {
    return this.timers.filter((t) => t.live).length;
  }
}

/** Per supervision step: 2 latent updates then 1 answer update; the model halts on the last answer. */
function summaries(count: number): StepSummary[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    supStep: Math.floor(index / 3),
    hCycle: 0,
    lCycle: index % 3 === 2 ? null : index % 3,
    kind: index % 3 === 2 ? 'answer' : 'latent',
    haltProb: Math.min(1, index / count),
    halts: index === count - 1,
    loss: null,
    cellAccuracy: null,
    exact: null,
    yNorm: 1,
    zNorm: 1,
    ms: 0,
    changed: index % 5 === 0 ? [index % 900] : [],
    moves: null,
    meanEntropy: null,
    sketch: null,
    turnedWrong: [],
    turnedRight: [],
  }));
}

const detail = (index: number, value = index % 10): StepDetail => ({
  index,
  answer: { height: 30, width: 30, cells: Array<number>(900).fill(value) },
  confidence: Array<number>(900).fill(0.5),
  yNormCells: Array<number>(900).fill(1),
  zNormCells: Array<number>(900).fill(2),
  motionCells: null,
  entropyCells: null,
  latentAnswer: null,
  changeCounts: Array<number>(900).fill(0),
});

/** 30x30 grids: 18 steps a details page (detailsPageSize). */
const meta: TraceMeta = {
  taskName: 't',
  testIndex: 0,
  modelName: 'm',
  provider: 'cpu',
  schedule: { hCycles: 1, lCycles: 2, haltMaxSteps: 20 },
  palette: 'arc',
  cellLabels: null,
  input: { height: 30, width: 30, cells: Array<number>(900).fill(0) },
  target: null,
};

type Load = Extract<HostToPanel, { type: 'panel/load' }>;
const load = (count: number, patch: Partial<Load> = {}): Load => ({
  type: 'panel/load',
  meta,
  steps: summaries(count),
  details: [detail(0)],
  recording: 'complete',
  source: { id: 'a.trace.json' },
  view: null,
  openedAt: 1,
  ...patch,
});

/** The model on a real channel to a host end that serves details as tracePanel.ts does and records the rest. */
function setup(restored?: PersistedPanelState) {
  const scheduler = new ManualScheduler();
  const received: PanelNotification[] = [];
  const asked: [number, number][] = [];
  const saved: PersistedPanelState[] = [];
  const changes: PanelChange[] = [];
  /** What the host's answer grids hold (undefined serves `detail(i)`), and whether it holds its replies back. */
  const serving: { value?: number; held?: (() => void)[] } = {};
  const carry = (to: () => { handle(raw: unknown): void }) => (message: unknown) =>
    to().handle(JSON.parse(JSON.stringify(message)));
  const host: Channel<NotifyLane<HostToPanel>, PanelLane> = new Channel({
    post: carry(() => page),
    parse: parsePanelMessage,
  });
  const page: Channel<PanelLane, NotifyLane<HostToPanel>> = new Channel({
    post: carry(() => host),
    parse: (raw) => raw as HostToPanel,
  });
  host.onNotification((message) => received.push(message));
  host.onRequest({
    'panel/details': ({ from, count }) => {
      asked.push([from, count]);
      const details = Array.from({ length: count }, (_, i) => detail(from + i, serving.value));
      const held = serving.held;
      return held ? new Promise<StepDetail[]>((resolve) => held.push(() => resolve(details))) : details;
    },
  });
  const model = new PanelModel({ channel: page, scheduler, saveState: (state) => saved.push(state), restored });
  page.onNotification((message) => model.receive(message));
  model.onChange((change) => changes.push(change));
  const moves = () => received.filter((m) => m.type === 'panel/moved').map((m) => (m as { index: number }).index);
  return { model, host, scheduler, received, asked, saved, changes, moves, serving };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a loaded trace shows its first step at once and fetches that page and the next', async () => {
  const { model, host, asked, changes } = setup();
  host.notify(load(60));
  assert.equal(model.current, 0);
  assert.deepEqual(model.currentDetail, detail(0), 'the detail sent with the load paints without a round trip');
  assert.deepEqual(changes.slice(0, 2), ['trace', 'position']);
  assert.deepEqual(asked, [
    [0, 18],
    [18, 18],
  ]);
  await settle();
  model.go(20);
  assert.deepEqual(
    asked,
    [
      [0, 18],
      [18, 18],
      [36, 18],
    ],
    'a page is fetched once, the one ahead before it is reached',
  );
  model.go(59);
  assert.deepEqual(asked.at(-1), [54, 6], 'the last page is as long as the trace');
});

test('a step paints when its details arrive, and details asked for an older trace are ignored', async () => {
  const { model, host, changes, serving } = setup();
  host.notify(load(60, { details: [] }));
  assert.equal(model.currentDetail, undefined);
  await settle();
  assert.deepEqual(model.currentDetail, detail(0));
  assert.equal(changes.filter((c) => c === 'detail').length, 1);
  // The replies to the second trace's first requests come after a third load: they must not be cached.
  serving.value = 7;
  serving.held = [];
  host.notify(load(60, { details: [] }));
  const late = serving.held;
  serving.held = undefined;
  serving.value = 3;
  host.notify(load(60, { details: [], meta: { ...meta, taskName: 'other' } }));
  await settle();
  late.forEach((release) => release());
  await settle();
  assert.equal(model.meta?.taskName, 'other');
  assert.deepEqual(model.currentDetail, detail(0, 3));
});

test('stepping by granularity, first and last, and the host hears of each move the user made once', () => {
  const { model, host, moves } = setup();
  host.notify(load(12));
  model.act({ type: 'step', granularity: 'answer', direction: 1 });
  assert.equal(model.current, 2);
  model.act({ type: 'step', granularity: 'supervision', direction: 1 });
  assert.equal(model.current, 5);
  model.act({ type: 'step', granularity: 'latent', direction: -1 });
  assert.equal(model.current, 4);
  model.act({ type: 'last' });
  model.act({ type: 'last' });
  model.act({ type: 'first' });
  assert.deepEqual(moves(), [2, 5, 4, 11, 0]);
});

test('a step the debugger stands at is shown, not reported back', () => {
  const { model, host, moves } = setup();
  host.notify(load(12));
  host.notify({ type: 'panel/follow', index: 7 });
  assert.equal(model.current, 7);
  model.go(7);
  assert.deepEqual(moves(), [], 'the host already knows the debugger is there');
});

test('run to names where it landed until the user moves on, or why it did not move', () => {
  const { model, host } = setup();
  host.notify(load(12));
  model.act({ type: 'runTo', condition: 'halt' });
  assert.equal(model.current, 11);
  assert.equal(model.notice, 'Ran to the halting step: step 12.');
  model.go(3);
  assert.equal(model.notice, '', 'the run-to notice goes with the next move');
  model.act({ type: 'runTo', condition: 'cellChange' });
  assert.match(model.notice, /^Choose a cell first/);
  assert.equal(model.current, 3);
  model.act({ type: 'runTo', condition: 'target' });
  assert.equal(model.notice, 'No step equal to the target in this trace.');
  host.notify(load(12, { recording: 'solving' }));
  model.act({ type: 'runTo', condition: 'target' });
  assert.equal(model.notice, 'No step equal to the target in this trace yet.');
});

test('run to a chosen cell stops at the next step that changes it', () => {
  const { model, host } = setup();
  host.notify(load(30));
  model.pickCell(10, 30);
  assert.equal(
    model.notice,
    'Chosen cell: row 1, column 11. "Cell change" (X) runs to the next step where it changes.',
  );
  model.act({ type: 'runTo', condition: 'cellChange' });
  assert.equal(model.current, 10);
});

test('playback steps at the chosen speed, reports only where it stops, and stops at the end', () => {
  const { model, host, scheduler, moves } = setup();
  host.notify(load(6));
  model.act({ type: 'speed', direction: 1 });
  assert.equal(model.notice, 'Play speed 15 steps per second.');
  model.act({ type: 'togglePlay' });
  assert.equal(model.playing, true);
  scheduler.advance(1000 / 15);
  assert.equal(model.current, 1);
  scheduler.advance((1000 / 15) * 4);
  assert.equal(model.current, 5);
  assert.equal(model.playing, true);
  scheduler.advance(1000 / 15);
  assert.equal(model.playing, false, 'a finished trace stops at its last step');
  assert.deepEqual(moves(), [5]);
  model.act({ type: 'togglePlay' });
  assert.equal(model.current, 0, 'play from the last step starts over');
  model.act({ type: 'togglePlay' });
  assert.equal(model.playing, false);
  assert.equal(scheduler.pending, 1, 'only the persistence timer is left');
});

test('playback by answer updates, and a trace still recording keeps playing at its end', () => {
  const { model, host, scheduler } = setup();
  host.notify(load(6, { recording: 'solving' }));
  model.setGranularity('answer');
  model.act({ type: 'togglePlay' });
  scheduler.advance(1000 / 8);
  assert.equal(model.current, 2);
  scheduler.advance(1000 / 8);
  scheduler.advance(1000 / 8);
  assert.equal(model.current, 5);
  assert.equal(model.playing, true);
  host.notify({ type: 'panel/append', steps: summaries(9).slice(6), details: [] });
  assert.equal(model.current, 5, 'playback, not the solve, moves the panel while playing');
  scheduler.advance(1000 / 8);
  assert.equal(model.current, 8);
});

test('the new steps of a solve are followed from the newest step only', () => {
  const { model, host, changes } = setup();
  host.notify(load(3, { recording: 'solving' }));
  model.go(2);
  host.notify({ type: 'panel/append', steps: summaries(6).slice(3), details: [] });
  assert.equal(model.current, 5);
  assert.equal(model.solving.label, 'Solving… 6 steps so far');
  model.go(1);
  host.notify({ type: 'panel/append', steps: summaries(9).slice(6), details: [] });
  assert.equal(model.current, 1);
  assert.equal(changes.at(-1), 'steps');
  host.notify({ type: 'panel/complete', source: { id: 'b.trace.json' } });
  assert.equal(model.recording, 'complete');
});

test('state is saved once a burst of moves settles, with the step shown', () => {
  const { model, host, scheduler, saved, received } = setup();
  host.notify(load(12));
  for (let i = 1; i <= 5; i++) model.go(i);
  model.setOverlay('norm', true);
  assert.deepEqual(saved, []);
  scheduler.advance(PERSIST_MS);
  assert.equal(saved.length, 1);
  assert.deepEqual(saved[0], {
    source: { id: 'a.trace.json' },
    view: {
      index: 5,
      overlays: ['changed', 'norm'],
      norm: 'z',
      pickedCell: null,
      threshold: 0.5,
      speed: 3,
      moreCharts: false,
    },
  });
  assert.deepEqual(
    received.filter((m) => m.type === 'panel/position'),
    [{ type: 'panel/position', view: (saved as PersistedPanelState[])[0].view }],
    'the host hears the whole view, so the next trace in this panel keeps its overlays',
  );
});

test('the two heat maps share the tint: turning one on turns the other off', () => {
  const { model, host } = setup();
  host.notify(load(3));
  model.act({ type: 'toggleOverlay', overlay: 'confidence' });
  model.act({ type: 'toggleOverlay', overlay: 'norm' });
  assert.deepEqual(model.view.overlays, ['changed', 'norm']);
  model.act({ type: 'toggleOverlay', overlay: 'changed' });
  model.act({ type: 'switchNorm' });
  assert.deepEqual([model.view.overlays, model.view.norm], [['norm'], 'y']);
});

test('a reloaded page reopens the same trace where it was; another trace starts at its first step', () => {
  const view: PanelViewState = {
    index: 7,
    overlays: ['wrong'],
    norm: 'y',
    pickedCell: 3,
    threshold: 0.9,
    speed: 5,
    moreCharts: false,
  };
  const same = setup({ source: { id: 'a.trace.json' }, view });
  assert.deepEqual(
    same.model.view,
    { ...view, moreCharts: false },
    'the controls show the remembered view before a trace arrives',
  );
  same.host.notify(load(12));
  assert.equal(same.model.current, 7);
  const other = setup({ source: { id: 'elsewhere.trace.json' }, view });
  other.host.notify(load(12));
  assert.equal(other.model.current, 0);
  assert.deepEqual(
    other.model.view,
    { ...view, index: 0, pickedCell: null, moreCharts: false },
    'the overlays are kept',
  );
  other.host.notify(load(12, { view: { ...view, index: 4 } }));
  assert.equal(other.model.current, 4, 'a view the host sends wins');
});

test('a page without a trace asks again when the host says a load went before it was ready', () => {
  const { model, host, received } = setup();
  host.notify({ type: 'panel/sent' });
  assert.deepEqual(received, [{ type: 'panel/ready' }]);
  host.notify(load(3));
  host.notify({ type: 'panel/sent' });
  assert.equal(received.filter((m) => m.type === 'panel/ready').length, 1);
  model.act({ type: 'export', format: 'csv' });
  assert.deepEqual(received.at(-1), { type: 'panel/export', format: 'csv' });
});

test('a solve that fails shows its error over the previous trace; a new solve clears it', () => {
  const { model, host } = setup();
  host.notify(load(3));
  host.notify({ type: 'panel/solving', label: 'Solving t' });
  assert.deepEqual([model.solving, model.error], [{ label: 'Solving t', shown: true }, null]);
  host.notify({ type: 'panel/error', message: 'boom' });
  assert.deepEqual([model.solving.shown, model.error, model.steps.length], [false, 'boom', 3]);
  host.notify({ type: 'panel/solving', label: 'Solving t' });
  assert.equal(model.error, null);
});

test('run to non-finite goes to the first update where y or z stops being finite', () => {
  const { model, host } = setup();
  const steps = summaries(12).map((s) => (s.index >= 7 ? { ...s, zNorm: NaN } : s));
  host.notify(load(12, { steps }));
  model.go(10);
  model.act({ type: 'runTo', condition: 'nonFinite' });
  assert.equal(model.current, 7);
  assert.equal(model.notice, 'Ran to the first update where y or z is not finite: step 8.');
});

test('a state saved by an earlier version, naming its trace by path, is not taken for the trace shown', () => {
  const view = { index: 7, overlays: ['wrong' as const], norm: 'y' as const, pickedCell: 3, threshold: 0.9, speed: 5 };
  const older = { source: { path: 'a.trace.json' }, view } as unknown as PersistedPanelState;
  const { model, host } = setup(older);
  host.notify(load(12, { source: { id: 'a.trace.json' } }));
  assert.equal(model.current, 0);
});

/** Steps that moved: each carries its sketch, and cells 1 and 2 turn wrong and right along the way. */
function moving(count: number): StepSummary[] {
  return summaries(count).map((s) => ({
    ...s,
    moves: { dy: s.kind === 'answer' ? 0.5 : 0, dz: s.kind === 'latent' ? 0.25 : 0, cosY: 1, cosZ: 0.9 },
    sketch: [s.index, s.index % 2],
    turnedWrong: s.index === 2 ? [1, 2] : s.index === 5 ? [1] : [],
    turnedRight: s.index === 4 ? [1] : s.index === 8 ? [2] : [],
  }));
}

test('the movement heat maps share the tint with the others; regressed is a mark, kept beside them', () => {
  const { model, host } = setup();
  host.notify(load(3));
  model.act({ type: 'toggleOverlay', overlay: 'confidence' });
  model.act({ type: 'toggleOverlay', overlay: 'regressed' });
  model.act({ type: 'toggleOverlay', overlay: 'motion' });
  assert.deepEqual(model.view.overlays, ['changed', 'regressed', 'motion']);
  model.act({ type: 'toggleOverlay', overlay: 'entropy' });
  assert.deepEqual(model.view.overlays, ['changed', 'regressed', 'entropy']);
  model.act({ type: 'toggleMoreCharts' });
  assert.equal(model.view.moreCharts, true);
});

test('the movement overlays and the extra charts are saved in the one view; a state saved before them restores', () => {
  const { model, host, scheduler, saved } = setup();
  host.notify(load(12));
  model.setOverlay('motion', true);
  model.setOverlay('regressed', true);
  model.act({ type: 'toggleMoreCharts' });
  scheduler.advance(PERSIST_MS);
  const state = saved[saved.length - 1];
  assert.deepEqual(Object.keys(state), ['source', 'view'], 'one view, the one the host reads back');
  assert.deepEqual([state.view.overlays, state.view.moreCharts], [['changed', 'motion', 'regressed'], true]);

  const again = setup(state);
  assert.deepEqual(again.model.view.overlays, ['changed', 'motion', 'regressed']);
  again.host.notify(load(12, { view: state.view }));
  assert.deepEqual(again.model.view.overlays, ['changed', 'motion', 'regressed'], 'kept in the host view');
  assert.equal(again.model.view.moreCharts, true);

  const { moreCharts: _, ...earlier } = { ...state.view, overlays: ['changed'] };
  const older = setup({ source: state.source, view: earlier } as unknown as PersistedPanelState);
  assert.deepEqual([older.model.view.overlays, older.model.view.moreCharts], [['changed'], false]);
  older.host.notify(load(12));
  older.scheduler.advance(PERSIST_MS);
  assert.equal(older.saved[0].view.moreCharts, false, 'saved again in the current form');
});

test('regressed cells: turned wrong at or before the step shown, and not turned right again since', () => {
  const { model, host } = setup();
  host.notify(load(12, { steps: moving(12) }));
  const at = (i: number) => (model.go(i), model.regressed);
  assert.deepEqual([at(1), at(2), at(4), at(5), at(8)], [[], [1, 2], [2], [1, 2], [1]]);
  assert.deepEqual(
    model.turns.map((t) => [t.index, t.cell, t.turned]),
    [
      [2, 1, 'wrong'],
      [2, 2, 'wrong'],
      [4, 1, 'right'],
      [5, 1, 'wrong'],
      [8, 2, 'right'],
    ],
  );
});

test('a turn in the list goes to its step and chooses its cell', () => {
  const { model, host, moves } = setup();
  host.notify(load(12, { steps: moving(12), meta: { ...meta, target: meta.input } }));
  model.goToTurn(3);
  assert.deepEqual([model.current, model.view.pickedCell, moves()], [5, 1, [5]]);
  assert.match(model.notice, /Step 6: the cell at row 1, column 2 turned wrong/);
});

test('distance to the last state: known once the run is complete, carried over the updates that leave it', () => {
  const { model, host } = setup();
  host.notify(load(6, { steps: moving(6), recording: 'solving' }));
  assert.equal(model.distanceToLast('z'), null, 'a run still going has no last state');
  host.notify({ type: 'panel/complete', source: null });
  // z at latent steps 0, 1, 3, 4 (sketches [i, i % 2]), last [4, 0]; y at answer steps 2 and 5, last [5, 1].
  const z = model.distanceToLast('z')!;
  assert.deepEqual(z, [1, Math.sqrt(10) / 4, Math.sqrt(10) / 4, Math.sqrt(2) / 4, 0, 0]);
  const y = model.distanceToLast('y')!;
  assert.deepEqual(y, [
    null,
    null,
    Math.sqrt(10) / Math.sqrt(26),
    Math.sqrt(10) / Math.sqrt(26),
    Math.sqrt(10) / Math.sqrt(26),
    0,
  ]);
});

test('the trajectory has a point per update of its state, recomputed as steps come; a point picked is gone to', () => {
  const { model, host, moves } = setup();
  host.notify(load(6, { steps: moving(6), recording: 'solving' }));
  assert.deepEqual(
    model.trajectory('z').map((p) => p.index),
    [0, 1, 3, 4],
  );
  assert.deepEqual(
    model.trajectory('y').map((p) => p.index),
    [2, 5],
  );
  host.notify({ type: 'panel/append', steps: moving(9).slice(6), details: [] });
  assert.deepEqual(
    model.trajectory('y').map((p) => p.index),
    [2, 5, 8],
  );
  model.go(0);
  model.selectTrajectoryPoint('y', 1);
  assert.equal(model.current, 5);
  assert.deepEqual(moves().slice(-1), [5]);
  const p = model.trajectory('z');
  assert.ok(p[p.length - 1].x > p[0].x, 'the first axis runs from the first point to the last');
});

test('a trace recorded before motion was measured has no motion, trajectory or distances', () => {
  const { model, host } = setup();
  host.notify(load(6));
  assert.equal(model.hasMotion, false);
  assert.deepEqual(model.trajectory('z'), []);
  assert.deepEqual(model.distanceToLast('y'), [null, null, null, null, null, null]);
});

test('the test switcher asks the host for another test input only, and only where the host offered tests', async () => {
  const { model, host, received, changes } = setup();
  model.solveTest(1);
  await settle();
  assert.deepEqual(
    received.filter((m) => m.type === 'panel/solveTest'),
    [],
    'no tests offered: nothing asked',
  );
  host.notify({ type: 'panel/tests', count: 3, current: 0 });
  await settle();
  assert.deepEqual(model.tests, { count: 3, current: 0 });
  assert.ok(changes.includes('tests'));
  model.solveTest(0);
  model.solveTest(3);
  model.solveTest(2);
  await settle();
  assert.deepEqual(
    received.filter((m) => m.type === 'panel/solveTest'),
    [{ type: 'panel/solveTest', index: 2 }],
    'the test shown and one out of range are not asked for',
  );
});

test("an augmented puzzle's trace offers the other orientation until a trace of another puzzle loads", async () => {
  const { model, host, received, changes } = setup();
  host.notify(load(4));
  await settle();
  model.orient('model');
  await settle();
  assert.deepEqual(
    received.filter((m) => m.type === 'panel/orient'),
    [],
    'no orientation offered: nothing asked',
  );
  host.notify({ type: 'panel/orientation', identifier: 'taskA|||t1|||0213456789', shown: 'asGiven' });
  await settle();
  assert.deepEqual(model.orientation, { identifier: 'taskA|||t1|||0213456789', shown: 'asGiven' });
  assert.ok(changes.includes('orientation'));
  model.orient('asGiven');
  model.orient('model');
  await settle();
  assert.deepEqual(
    received.filter((m) => m.type === 'panel/orient'),
    [{ type: 'panel/orient', orientation: 'model' }],
    'the orientation shown is not asked for again',
  );
  host.notify(load(4));
  await settle();
  assert.equal(model.orientation, null, 'a new load forgets the orientation until the host offers it again');
});
