// The trace panel's webview: shows one step of a trace (input, answer, target, overlays, where it is
// in the recursion, charts over the run) and moves through the steps. The host sends step summaries
// for the whole run and step details (per-cell arrays) on request; details are cached by page and the
// next page is fetched before the user reaches it, so stepping paints from memory.

import './panel.css';
import type { ExportFormat, Granularity, Overlay, PanelAction, RunToCondition } from '../src/shared/panelAction';
import type { HostToPanel, PanelToHost, PanelViewState, Recording, TraceSource } from '../src/shared/protocol';
import { detailsPageSize, type Grid, type StepDetail, type StepSummary, type TraceMeta } from '../src/shared/traceView';
import { untagNonFinite } from '../src/shared/wireNumbers';
import { cellLook } from './cellLook';
import { bindings, actionFor, isVscodeKey, vscodeKeys } from './keymap';
import { LiveGrid } from './liveGrid';
import { RunCharts } from './runCharts';
import { describeStep, haltLine, locationLine, runTo, stepIndex } from './stepNav';

interface VsCodeApi {
  postMessage(message: PanelToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

/** Steps per second for play. */
const SPEEDS = [1, 2, 4, 8, 15, 30, 60] as const;
const OVERLAYS: readonly Overlay[] = ['changed', 'wrong', 'confidence', 'norm'];

/** Measurements the end-to-end bench reads from the page (see test/e2e/panel.test.ts). */
interface PanelPerf {
  keyToPaint: number[];
  /** ms from the host having the trace to the first painted step. */
  readyMs: number | null;
  /** Epoch ms, to see where readyMs went: the host had the trace, this script started, the trace arrived. */
  openedAt: number | null;
  readonly scriptStartedAt: number;
  loadReceivedAt: number | null;
}
const perf: PanelPerf = { keyToPaint: [], readyMs: null, openedAt: null, scriptStartedAt: Date.now(), loadReceivedAt: null };
(window as unknown as { trmLensPerf: PanelPerf }).trmLensPerf = perf;

interface PersistedState {
  readonly source: TraceSource | null;
  readonly view: PanelViewState;
}

// ---------------------------------------------------------------- state

let meta: TraceMeta | null = null;
let steps: StepSummary[] = [];
let recording: Recording = 'solving';
const GROWING: Record<Exclude<Recording, 'complete'>, string> = { solving: ' (running)', debugging: ' (recorded so far)' };

function counterText(): string {
  return `step ${current + 1} / ${steps.length}${recording === 'complete' ? '' : GROWING[recording]}`;
}
let source: TraceSource | null = null;
const details = new Map<number, StepDetail>();
const requestedPages = new Set<number>();
let nextRequestId = 1;
let current = 0;
let view: PanelViewState = { index: 0, overlays: ['changed'], norm: 'z', pickedCell: null, threshold: 0.5, speed: 3 };
let granularity: Granularity = 'latent';
let playTimer: number | null = null;
let pendingKeyAt: number | null = null;
let openedAt: number | null = null;
let gridCursor = 0;
let chartsDirty = false;
/** This webview's state from before a reload, consulted by the first trace it is sent. */
let restoredState = vscode.getState() as PersistedState | undefined;
/** Steps per details request, sized by the grid so one page parses in a few milliseconds. */
let page = 64;

// ---------------------------------------------------------------- DOM

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { ariaLabel?: string } = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { ariaLabel, ...rest } = props;
  Object.assign(node, rest);
  if (ariaLabel) node.setAttribute('aria-label', ariaLabel);
  node.append(...children);
  return node;
}

function button(label: string, title: string, onClick: () => void, id?: string): HTMLButtonElement {
  const b = el('button', { type: 'button', textContent: label, title, ariaLabel: title });
  if (id) b.id = id;
  b.addEventListener('click', onClick);
  return b;
}

const app = document.getElementById('app') ?? document.body;
const banner = el('div', { id: 'banner', className: 'banner', hidden: true });
banner.setAttribute('role', 'alert');
const solving = el('div', { id: 'solving', className: 'solving', hidden: true });
const location_ = el('div', { id: 'location', className: 'location' });
const halt = el('div', { id: 'halt-line', className: 'halt-line' });
const counter = el('span', { id: 'step-counter', className: 'counter' });
const live = el('div', { id: 'live', className: 'visually-hidden' });
live.setAttribute('aria-live', 'polite');
const notice = el('div', { id: 'notice', className: 'notice' });
notice.setAttribute('role', 'status');

const scrubber = el('input', { id: 'scrubber', type: 'range', min: '0', max: '0', value: '0', ariaLabel: 'Step' });
scrubber.addEventListener('input', () => go(Number(scrubber.value)));

const granularitySelect = el('select', { id: 'granularity', ariaLabel: 'Step by' },
  el('option', { value: 'latent', textContent: 'latent update' }),
  el('option', { value: 'answer', textContent: 'answer update' }),
  el('option', { value: 'supervision', textContent: 'supervision step' }));
granularitySelect.addEventListener('change', () => { granularity = granularitySelect.value as Granularity; });

const playButton = button('Play', 'Play (Space)', () => act({ type: 'togglePlay' }), 'play');
const speedSelect = el('select', { id: 'speed', ariaLabel: 'Play speed, steps per second' },
  ...SPEEDS.map((s, i) => el('option', { value: String(i), textContent: `${s}/s` })));
speedSelect.addEventListener('change', () => setView({ speed: Number(speedSelect.value) }));

const thresholdInput = el('input', { id: 'threshold', type: 'number', min: '0.01', max: '1', step: '0.05', value: '0.5', ariaLabel: 'Halting probability threshold' });
thresholdInput.addEventListener('change', () => {
  const t = Number(thresholdInput.value);
  if (t > 0 && t <= 1) setView({ threshold: t });
});

const overlayBoxes = new Map<Overlay, HTMLInputElement>();
const overlayTitles: Record<Overlay, string> = { changed: 'Changed (1)', wrong: 'Wrong (2)', confidence: 'Confidence (3)', norm: 'Norm (4)' };
const overlayControls = el('fieldset', { className: 'overlays' }, el('legend', { textContent: 'Overlays' }));
for (const o of OVERLAYS) {
  const box = el('input', { type: 'checkbox', id: `overlay-${o}` });
  box.addEventListener('change', () => setOverlay(o, box.checked));
  overlayBoxes.set(o, box);
  overlayControls.append(el('label', {}, box, overlayTitles[o]));
}
const normSelect = el('select', { id: 'norm-source', ariaLabel: 'Norm heat map of' },
  el('option', { value: 'y', textContent: '|y|' }), el('option', { value: 'z', textContent: '|z|' }));
normSelect.addEventListener('change', () => { setView({ norm: normSelect.value as 'y' | 'z' }); repaint(); });
overlayControls.append(normSelect);

const toolbar = el('div', { className: 'toolbar', ariaLabel: 'Trace controls' });
toolbar.setAttribute('role', 'toolbar');
toolbar.append(
  el('span', { className: 'group' },
    button('First', 'First step (Home)', () => act({ type: 'first' }), 'first'),
    button('◀ Back', 'Step back (← latent, ↑ answer, Page Up supervision)', () => act({ type: 'step', granularity, direction: -1 }), 'back'),
    button('Forward ▶', 'Step forward (→ latent, ↓ answer, Page Down supervision)', () => act({ type: 'step', granularity, direction: 1 }), 'forward'),
    button('Last', 'Last step (End)', () => act({ type: 'last' }), 'last'),
    granularitySelect, playButton, speedSelect),
  el('span', { className: 'group' }, el('span', { className: 'group-label', textContent: 'Run to' }),
    button('Halt', 'Run to the halting step (H)', () => act({ type: 'runTo', condition: 'halt' }), 'run-halt'),
    button('= Target', 'Run to the first step equal to the target (T)', () => act({ type: 'runTo', condition: 'target' }), 'run-target'),
    button('Change', 'Run to the next step where any cell changes (C)', () => act({ type: 'runTo', condition: 'anyChange' }), 'run-change'),
    button('Cell change', 'Run to the next step where the chosen cell changes (X); click a cell of the answer to choose it', () => act({ type: 'runTo', condition: 'cellChange' }), 'run-cell'),
    button('Halt p ≥', 'Run to the first step whose halting probability reaches the threshold (P)', () => act({ type: 'runTo', condition: 'haltThreshold' }), 'run-threshold'),
    thresholdInput,
    button('Non-finite', 'Go to the first update where y or z is not finite, NaN or infinite (F)', () => act({ type: 'runTo', condition: 'nonFinite' }), 'run-nonfinite')),
  el('span', { className: 'group' }, el('span', { className: 'group-label', textContent: 'Export' }),
    button('JSON', 'Export the trace as JSON', () => act({ type: 'export', format: 'json' }), 'export-json'),
    button('CSV', 'Export per-step metrics as CSV', () => act({ type: 'export', format: 'csv' }), 'export-csv'),
    button('PNG', 'Export the answer over the supervision steps as a PNG strip', () => act({ type: 'export', format: 'png' }), 'export-png')),
  button('?', 'Keyboard help (?)', () => act({ type: 'toggleHelp' }), 'help-button'),
);

const inputGrid = new LiveGrid(cellLook('arc', null), 'Test input');
const answerGrid = new LiveGrid(cellLook('arc', null), 'Answer at this step');
const targetGrid = new LiveGrid(cellLook('arc', null), 'Target');
inputGrid.element.id = 'input-grid';
answerGrid.element.id = 'answer-grid';
targetGrid.element.id = 'target-grid';
answerGrid.element.tabIndex = 0;
answerGrid.element.setAttribute('aria-label', 'Answer at this step. Arrow keys move the cell cursor, Enter chooses the cell for "run to cell change", Escape leaves the grid.');
// A click picks a cell without focusing the grid, so the arrow keys go on stepping; the grid's own
// cell cursor is for keyboard users who Tab to it.
answerGrid.element.addEventListener('mousedown', (e) => e.preventDefault());
answerGrid.element.addEventListener('click', (e) => {
  const cell = answerGrid.cellAt(e);
  if (cell !== null) pickCell(cell);
});
answerGrid.element.addEventListener('focus', () => { answerGrid.flag('cursor', [gridCursor]); answerGrid.render(); });
answerGrid.element.addEventListener('blur', () => { answerGrid.flag('cursor', []); answerGrid.render(); });
const heatLegend = el('div', { id: 'heat-legend', className: 'heat-legend' });
const targetFigure = el('figure', { className: 'grid-figure' }, el('figcaption', { textContent: 'Target' }), targetGrid.element);

const grids = el('section', { className: 'grids', ariaLabel: 'Grids' },
  el('figure', { className: 'grid-figure' }, el('figcaption', { textContent: 'Test input' }), inputGrid.element),
  el('figure', { className: 'grid-figure' }, el('figcaption', { id: 'answer-caption', textContent: 'Answer' }), answerGrid.element, heatLegend),
  targetFigure);

const charts = new RunCharts((i) => go(i));

const help = el('div', { id: 'help', className: 'help', hidden: true });
help.setAttribute('role', 'dialog');
help.setAttribute('aria-label', 'Keyboard help');
help.append(
  el('h2', { textContent: 'Keys' }),
  el('table', {}, ...[...bindings.map((b) => [b.label, b.description] as const), ...vscodeKeys.map((k) => [k.label, k.description] as const),
    ['Tab to the answer grid, then arrows / Enter', 'Move the cell cursor / choose the cell for "run to cell change"'] as const]
    .map(([k, d]) => el('tr', {}, el('th', { textContent: k, scope: 'row' }), el('td', { textContent: d })))),
  button('Close', 'Close help (Escape)', () => toggleHelp(false), 'help-close'));

const empty = el('div', { id: 'empty', className: 'empty', textContent: 'No trace yet. Run "TRM Lens: Solve" on a puzzle, or open a .trace.json file.' });
const header = el('header', { className: 'header' }, el('div', { id: 'title', className: 'title' }), counter);
const stack = el('div', { className: 'stack', ariaLabel: 'Where this step is in the recursion' }, location_, halt);
/** Everything that needs a trace; hidden until one arrives, so an empty panel shows only its message. */
const traceSection = el('div', { id: 'trace-view', hidden: true }, toolbar, el('div', { className: 'scrub' }, scrubber), stack, grids, overlayControls, charts.element);
app.replaceChildren(header, banner, solving, traceSection, notice, empty, help, live);

// ---------------------------------------------------------------- view state

function setView(patch: Partial<PanelViewState>): void {
  view = { ...view, ...patch };
  persist();
}

let persistTimer: number | null = null;
/** Saves state for a window reload; debounced because playback moves many steps a second. */
function persist(): void {
  if (persistTimer !== null) return;
  persistTimer = window.setTimeout(() => {
    persistTimer = null;
    const state: PersistedState = { source, view: { ...view, index: current } };
    vscode.setState(state);
    vscode.postMessage({ type: 'panel/position', index: current });
  }, 250);
}

function syncControls(): void {
  for (const [o, box] of overlayBoxes) box.checked = view.overlays.includes(o);
  normSelect.value = view.norm;
  thresholdInput.value = String(view.threshold);
  speedSelect.value = String(view.speed);
}

function setOverlay(o: Overlay, on: boolean): void {
  let next = view.overlays.filter((x) => x !== o);
  if (on) {
    // The two heat maps share the cells' tint, so turning one on turns the other off.
    if (o === 'confidence') next = next.filter((x) => x !== 'norm');
    if (o === 'norm') next = next.filter((x) => x !== 'confidence');
    next.push(o);
  }
  setView({ overlays: next });
  syncControls();
  repaint();
}

/** Whether the notice only describes where a run-to landed, and so goes once the user moves on. */
let noticeUntilMove = false;

function say(message: string, untilMove = false): void {
  notice.textContent = message;
  noticeUntilMove = untilMove;
}

// ---------------------------------------------------------------- details cache

function pageOf(i: number): number {
  return Math.floor(i / page);
}

function requestPage(n: number): void {
  if (n < 0 || n * page >= steps.length || requestedPages.has(n)) return;
  requestedPages.add(n);
  vscode.postMessage({ type: 'trace/requestDetails', requestId: nextRequestId++, from: n * page, count: Math.min(page, steps.length - n * page) });
}

/** Fetches the page of the current step and its neighbours, so stepping either way finds them cached. */
function prefetch(i: number): void {
  const n = pageOf(i);
  requestPage(n);
  requestPage(n + 1);
  requestPage(n - 1);
}

function addDetails(list: readonly StepDetail[]): void {
  for (const d of list) details.set(d.index, d);
}

// ---------------------------------------------------------------- painting

function wrongCells(answer: Grid, target: Grid | null): number[] {
  if (!target) return [];
  const out: number[] = [];
  if (answer.height !== target.height || answer.width !== target.width) {
    for (let i = 0; i < answer.cells.length; i++) out.push(i);
    return out;
  }
  for (let i = 0; i < answer.cells.length; i++) if (answer.cells[i] !== target.cells[i]) out.push(i);
  return out;
}

/** Heat in [0, 1] over the finite values; a NaN or infinite cell glows at full heat, so it stands out. */
function normalised(values: readonly number[]): { values: number[]; max: number } {
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && v > max) max = v;
  return { values: values.map((v) => (!Number.isFinite(v) ? 1 : max > 0 ? v / max : 0)), max };
}

function nonFiniteNote(values: readonly number[]): string {
  const count = values.filter((v) => !Number.isFinite(v)).length;
  return count === 0 ? '' : `; ${count} NaN or infinite cell${count === 1 ? '' : 's'} at full heat`;
}

function paintDetail(step: StepSummary, detail: StepDetail): void {
  const before = answerGrid.shape;
  answerGrid.show(detail.answer);
  if (before.width !== detail.answer.width || before.height !== detail.answer.height) fitCells();
  const on = (o: Overlay) => view.overlays.includes(o);
  answerGrid.flag('changed', on('changed') ? step.changed : []);
  answerGrid.flag('wrong', on('wrong') && meta ? wrongCells(detail.answer, meta.target) : []);
  answerGrid.flag('picked', view.pickedCell === null ? [] : [view.pickedCell]);
  if (on('confidence')) {
    // Heat shows doubt: 1 - confidence, so uncertain cells glow.
    answerGrid.setHeat(detail.confidence.map((c) => (Number.isFinite(c) ? 1 - c : 1)));
    heatLegend.textContent = 'Heat: 1 − confidence (brighter = less sure)' + nonFiniteNote(detail.confidence);
  } else if (on('norm')) {
    const cells = view.norm === 'y' ? detail.yNormCells : detail.zNormCells;
    const { values, max } = normalised(cells);
    answerGrid.setHeat(values);
    heatLegend.textContent = `Heat: |${view.norm}| per position, 0 – ${max.toPrecision(3)}` + nonFiniteNote(cells);
  } else {
    answerGrid.setHeat(null);
    heatLegend.textContent = '';
  }
  answerGrid.render();
  document.body.dataset.paintedIndex = String(step.index);
  notePaint();
}

/** Runs `then` once the frame with the DOM as it is now has been painted. */
function afterPaint(then: () => void): void {
  requestAnimationFrame(() => {
    // The rAF callback runs before the frame is painted; a message posted from it is handled after.
    const channel = new MessageChannel();
    channel.port1.onmessage = then;
    channel.port2.postMessage(null);
  });
}

/** Records readiness (the trace's first painted step) and key-to-paint latency (key event to the repainted frame). */
function notePaint(): void {
  if (openedAt !== null && perf.readyMs === null) {
    const at = openedAt;
    afterPaint(() => {
      if (perf.readyMs !== null || openedAt !== at) return; // an earlier paint of this trace counted, or a newer trace came
      perf.readyMs = Date.now() - at;
      document.body.dataset.readyMs = String(perf.readyMs);
    });
  }
  if (pendingKeyAt === null) return;
  const start = pendingKeyAt;
  pendingKeyAt = null;
  afterPaint(() => {
    perf.keyToPaint.push(performance.now() - start);
    document.body.dataset.keyToPaintCount = String(perf.keyToPaint.length);
  });
}

function repaint(): void {
  const step = steps[current];
  if (!step) return;
  const detail = details.get(current);
  if (detail) paintDetail(step, detail);
}

/** The last step the host heard of from this panel (reported or followed), so each move is reported once. */
let reported = -1;

/**
 * Shows step `index`. A move the user made is reported to the host at once (a debugger on this trace
 * follows it), except step by step while playing: the step where playback stops is reported then.
 */
function go(index: number, cause: 'user' | 'host' = 'user'): void {
  if (steps.length === 0) return;
  const previous = current;
  current = Math.max(0, Math.min(steps.length - 1, index));
  if (noticeUntilMove && current !== previous) say('');
  if (cause === 'host') reported = current;
  else if (playTimer === null && current !== reported) {
    reported = current;
    vscode.postMessage({ type: 'panel/moved', index: current });
  }
  const step = steps[current];
  document.body.dataset.stepIndex = String(current);
  scrubber.value = String(current);
  counter.textContent = counterText();
  if (meta) {
    location_.textContent = locationLine(step, meta.schedule);
    halt.textContent = haltLine(step);
    halt.classList.toggle('halts', step.halts);
    if (playTimer === null) live.textContent = describeStep(step, steps.length, meta.schedule);
  }
  charts.setCursor(current);
  const detail = details.get(current);
  if (detail) paintDetail(step, detail);
  prefetch(current);
  persist();
}

// ---------------------------------------------------------------- actions

function pickCell(cell: number): void {
  setView({ pickedCell: cell });
  gridCursor = cell;
  const { width } = answerGrid.shape;
  say(`Chosen cell: row ${Math.floor(cell / width) + 1}, column ${(cell % width) + 1}. "Cell change" (X) runs to the next step where it changes.`);
  repaint();
}

function runToCondition(condition: RunToCondition): void {
  if (condition === 'cellChange' && view.pickedCell === null) {
    say('Choose a cell first: click it in the answer grid (or Tab to the grid, move with the arrows, press Enter).');
    return;
  }
  const target = runTo(steps, current, condition, { cell: view.pickedCell, threshold: view.threshold });
  const names: Record<RunToCondition, string> = {
    halt: 'the halting step',
    target: 'a step equal to the target',
    anyChange: 'a later step where a cell changes',
    cellChange: 'a later step where the chosen cell changes',
    haltThreshold: `a step with halting probability ≥ ${view.threshold}`,
    nonFinite: 'the first update where y or z is not finite',
  };
  if (target === null) {
    say(`No ${names[condition].replace(/^(a|the) /, '')} in this trace${recording === 'complete' ? '' : ' yet'}.`);
    return;
  }
  go(target);
  say(`Ran to ${names[condition]}: step ${target + 1}.`, true);
}

function stopPlay(cause: 'user' | 'host' = 'user'): void {
  if (playTimer !== null) window.clearTimeout(playTimer);
  playTimer = null;
  playButton.textContent = 'Play';
  playButton.setAttribute('aria-label', 'Play (Space)');
  go(current, cause);
}

function tick(): void {
  if (current >= steps.length - 1 && recording === 'complete') {
    stopPlay();
    return;
  }
  go(stepIndex(steps, current, granularity, 1));
  playTimer = window.setTimeout(tick, 1000 / SPEEDS[view.speed]);
}

function togglePlay(): void {
  if (playTimer !== null) {
    stopPlay();
    return;
  }
  if (current >= steps.length - 1) go(0);
  playButton.textContent = 'Pause';
  playButton.setAttribute('aria-label', 'Pause (Space)');
  playTimer = window.setTimeout(tick, 1000 / SPEEDS[view.speed]);
}

function toggleHelp(show = help.hidden): void {
  help.hidden = !show;
  if (show) (help.querySelector('button') as HTMLButtonElement).focus();
}

function exportAs(format: ExportFormat): void {
  vscode.postMessage({ type: 'panel/export', format });
}

function act(action: PanelAction): void {
  switch (action.type) {
    case 'step':
      return go(stepIndex(steps, current, action.granularity, action.direction));
    case 'first':
      return go(0);
    case 'last':
      return go(steps.length - 1);
    case 'togglePlay':
      return togglePlay();
    case 'speed': {
      const speed = Math.max(0, Math.min(SPEEDS.length - 1, view.speed + action.direction));
      setView({ speed });
      syncControls();
      return say(`Play speed ${SPEEDS[speed]} steps per second.`);
    }
    case 'runTo':
      return runToCondition(action.condition);
    case 'toggleOverlay':
      return setOverlay(action.overlay, !view.overlays.includes(action.overlay));
    case 'switchNorm':
      setView({ norm: view.norm === 'y' ? 'z' : 'y' });
      syncControls();
      return repaint();
    case 'toggleHelp':
      return toggleHelp();
    case 'export':
      return exportAs(action.format);
  }
}

function gridKey(e: KeyboardEvent): boolean {
  const { height, width } = answerGrid.shape;
  if (width === 0) return false;
  const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -width, ArrowDown: width };
  if (e.key in moves) {
    const next = gridCursor + moves[e.key];
    const sameRow = Math.floor(next / width) === Math.floor(gridCursor / width);
    if (next >= 0 && next < height * width && (Math.abs(moves[e.key]) !== 1 || sameRow)) gridCursor = next;
    answerGrid.flag('cursor', [gridCursor]);
    answerGrid.render();
    say(`Cell row ${Math.floor(gridCursor / width) + 1}, column ${(gridCursor % width) + 1}`);
    return true;
  }
  if (e.key === 'Enter' || e.key === ' ') {
    pickCell(gridCursor);
    return true;
  }
  if (e.key === 'Escape') {
    answerGrid.element.blur();
    return true;
  }
  return false;
}

document.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT') && target !== scrubber) return;
  if (target?.tagName === 'BUTTON' && (e.key === ' ' || e.key === 'Enter')) return;
  if (e.key === 'Escape' && !help.hidden) {
    toggleHelp(false);
    return;
  }
  if (target === answerGrid.element && gridKey(e)) {
    e.preventDefault();
    return;
  }
  if (isVscodeKey(e)) {
    e.preventDefault();
    return;
  }
  const action = actionFor(e);
  if (!action) return;
  e.preventDefault();
  // The scrubber would move itself on arrows too; the panel's own stepping wins.
  pendingKeyAt = e.timeStamp;
  act(action);
});

// ---------------------------------------------------------------- layout

/** One cell size for input, answer and target, so the three compare at the same scale. */
function fitCells(): void {
  if (!meta) return;
  const cols = [meta.input.width, answerGrid.shape.width, meta.target?.width ?? 0];
  const rows = Math.max(meta.input.height, answerGrid.shape.height, meta.target?.height ?? 0);
  const shown = meta.target ? 3 : 2;
  const avail = Math.max(120, app.clientWidth - 48 * shown);
  const size = Math.max(6, Math.min(40, Math.floor(avail / cols.reduce((a, b) => a + b, 0)) - 1, Math.floor(420 / Math.max(1, rows))));
  for (const g of [inputGrid, answerGrid, targetGrid]) {
    g.setCellSize(size);
    g.render();
  }
}
window.addEventListener('resize', fitCells);

// VS Code swaps the body's theme class (vscode-light, vscode-dark, vscode-high-contrast) on a theme change.
new MutationObserver(() => {
  for (const g of [inputGrid, answerGrid, targetGrid]) {
    g.themeChanged();
    g.render();
  }
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

function scheduleCharts(): void {
  if (chartsDirty) return;
  chartsDirty = true;
  requestAnimationFrame(() => {
    chartsDirty = false;
    charts.setSteps(steps);
    charts.setCursor(current);
  });
}

// ---------------------------------------------------------------- messages

function load(m: Extract<HostToPanel, { type: 'trace/load' }>): void {
  if (playTimer !== null) stopPlay('host');
  meta = m.meta;
  steps = [...m.steps];
  recording = m.recording;
  source = m.source;
  openedAt = m.openedAt;
  perf.readyMs = null;
  perf.openedAt = m.openedAt;
  perf.loadReceivedAt = Date.now();
  details.clear();
  requestedPages.clear();
  const cells = Math.max(meta.input.height * meta.input.width, meta.target ? meta.target.height * meta.target.width : 0, 1);
  page = detailsPageSize(cells);
  addDetails(m.details);
  // A restored panel gets its remembered view: from the host (a restored Solve panel), or from this
  // webview's own state when it shows the same trace file again (a custom editor after a reload).
  // A new trace keeps the overlays but starts at its first step.
  const remembered = restoredState !== undefined && restoredState.source?.id === m.source?.id && m.source !== null ? restoredState.view : null;
  restoredState = undefined;
  view = m.view ?? remembered ?? { ...view, index: 0, pickedCell: null };
  const look = cellLook(meta.palette, meta.cellLabels);
  for (const g of [inputGrid, answerGrid, targetGrid]) g.setLook(look);
  inputGrid.show(meta.input);
  inputGrid.render();
  if (meta.target) {
    targetGrid.show(meta.target);
    targetGrid.render();
  }
  targetFigure.hidden = meta.target === null;
  (document.getElementById('title') as HTMLElement).textContent =
    `${meta.taskName} · test ${meta.testIndex + 1} · ${meta.modelName} · ${meta.provider}`;
  empty.hidden = steps.length > 0;
  traceSection.hidden = false;
  banner.hidden = true;
  scrubber.max = String(Math.max(0, steps.length - 1));
  syncControls();
  const firstDetail = m.details[0];
  if (firstDetail) answerGrid.show(firstDetail.answer);
  fitCells();
  charts.setSteps(steps);
  go(Math.min(view.index, Math.max(0, steps.length - 1)), 'host');
}

function append(m: Extract<HostToPanel, { type: 'trace/append' }>): void {
  const wasAtEnd = current >= steps.length - 1;
  for (const step of m.steps) steps.push(step);
  addDetails(m.details);
  scrubber.max = String(Math.max(0, steps.length - 1));
  empty.hidden = steps.length > 0;
  solving.textContent = `Solving… ${steps.length} steps so far`;
  if (steps.length === m.steps.length) fitCells();
  scheduleCharts();
  // Follow the solve while the user is at the newest step; leave them where they are otherwise.
  if (wasAtEnd && playTimer === null) go(steps.length - 1, 'host');
  else counter.textContent = counterText();
}

window.addEventListener('message', (event: MessageEvent<HostToPanel>) => {
  const m = untagNonFinite(event.data);
  switch (m.type) {
    case 'trace/load':
      return load(m);
    case 'trace/sent':
      // Had VS Code dropped the early load (src/extension/pageLoads.ts), ask for it again.
      if (meta === null) vscode.postMessage({ type: 'panel/ready' });
      return;
    case 'trace/append':
      return append(m);
    case 'trace/complete':
      recording = 'complete';
      source = m.source;
      solving.hidden = true;
      persist();
      return go(current, 'host');
    case 'trace/details':
      addDetails(m.details);
      if (m.details.some((d) => d.index === current)) repaint();
      return;
    case 'trace/solving':
      banner.hidden = true;
      solving.hidden = false;
      solving.textContent = m.label;
      return;
    case 'trace/error':
      solving.hidden = true;
      banner.hidden = false;
      banner.textContent = m.message;
      return;
    case 'panel/action':
      pendingKeyAt = performance.now();
      return act(m.action);
    case 'panel/notice':
      return say(m.message);
    case 'panel/follow':
      if (playTimer !== null) stopPlay('host');
      return go(m.index, 'host');
  }
});

if (restoredState?.view) view = restoredState.view;
syncControls();
vscode.postMessage({ type: 'panel/ready' });
