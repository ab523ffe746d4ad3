// The trace panel's state and behaviour, without a DOM: the trace shown, where it stands, the details
// cache, stepping and "run to", playback, the notice line, what goes to webview state, and what is derived
// from the whole run (the trajectory of y and z, distances to the last state, cells turned wrong or right). The views
// (the other modules of this folder) render from it and call its methods; each change is announced
// with what changed, so a view redraws only its part. Timers come from an injected Scheduler, so tests
// drive playback and the persistence debounce without waiting.

import type { Channel } from '../../src/shared/channel';
import {
  DEFAULT_PANEL_VIEW,
  detailsPageSize,
  PLAY_SPEEDS,
  type Granularity,
  type HostToPanel,
  type NotifyLane,
  type Orientation,
  type Overlay,
  type PanelAction,
  type PanelLane,
  type PanelViewState,
  type PersistedPanelState,
  type Recording,
  type RunToCondition,
  type StepDetail,
  type StepSummary,
  type SavedSource,
  type TraceMeta,
} from '../../src/shared/protocol';
import { distanceToLast, principalPlane, sketchedState, type StateName } from '../../src/shared/trajectory';
import { runTo, stepIndex } from './stepNav';
import { regressedCells, turnEvents, type TurnEvent } from './turns';
import { Changes } from '../common/changes';

export interface Scheduler {
  /** Runs `run` once after `ms`; the returned function cancels it. */
  after(ms: number, run: () => void): () => void;
}

/**
 * What changed: `trace` a new trace (everything), `steps` steps appended, `position` the step shown,
 * `detail` the shown step's details arrived, `view` overlays or other view settings, `playing`,
 * `notice`, `status` (solving line, error banner, recording), `help`.
 */
export type PanelChange =
  | 'trace'
  | 'steps'
  | 'position'
  | 'detail'
  | 'view'
  | 'playing'
  | 'notice'
  | 'status'
  | 'help'
  | 'tests'
  | 'orientation';

export type MoveCause = 'user' | 'host';

export type PanelChannel = Channel<PanelLane, NotifyLane<HostToPanel>>;

export interface PanelModelOptions {
  readonly channel: PanelChannel;
  readonly scheduler: Scheduler;
  /** Writes webview state (what survives a reload). */
  readonly saveState: (state: PersistedPanelState) => void;
  /** This webview's state from before a reload, if any. */
  readonly restored: PersistedPanelState | undefined;
}

/** A point of a state's trajectory: the update whose sketch it is, placed on the sketches' principal plane. */
export interface TrajectoryPoint {
  readonly index: number;
  readonly supStep: number;
  readonly x: number;
  readonly y: number;
}

/** What the panel derives from the whole run, worked out again only when the run grows or completes. */
interface RunDerived {
  readonly trajectory: Partial<Record<StateName, readonly TrajectoryPoint[]>>;
  readonly distance: Partial<Record<StateName, readonly (number | null)[] | null>>;
  turns?: readonly TurnEvent[];
}

/** Webview state is saved this long after the last change: playback moves many steps a second. */
export const PERSIST_MS = 250;

/** The heat maps share the cells' tint: one at a time. */
const HEAT_OVERLAYS: readonly Overlay[] = ['confidence', 'norm', 'motion', 'entropy', 'churn'];

/** A state saved by an earlier version lacks the settings added since: they take their defaults. */
const withDefaults = (state: PersistedPanelState): PersistedPanelState => ({
  ...state,
  view: { ...DEFAULT_PANEL_VIEW, ...state.view },
});

const RUN_TO_NAMES: Record<RunToCondition, (threshold: number) => string> = {
  halt: () => 'the halting step',
  target: () => 'a step equal to the target',
  anyChange: () => 'a later step where a cell changes',
  cellChange: () => 'a later step where the chosen cell changes',
  haltThreshold: (threshold) => `a step with halting probability ≥ ${threshold}`,
  nonFinite: () => 'the first update where y or z is not finite',
};

export class PanelModel {
  private meta_: TraceMeta | null = null;
  private steps_: StepSummary[] = [];
  private recording_: Recording = 'solving';
  private source: SavedSource | null = null;
  private openedAt_: number | null = null;
  private readonly details = new Map<number, StepDetail>();
  private readonly requestedPages = new Set<number>();
  /** Counts loads, so details asked for an earlier trace are not mixed into this one. */
  private generation = 0;
  /** Steps per details request, sized by the grid so one page parses in a few milliseconds. */
  private page = 64;
  private current_ = 0;
  private view_: PanelViewState;
  private derived: RunDerived = { trajectory: {}, distance: {} };
  private granularity_: Granularity = 'latent';
  private stopTick: (() => void) | null = null;
  private persistPending: (() => void) | null = null;
  /** The last step the host heard of from this panel (reported or followed), so each move is reported once. */
  private reported = -1;
  private notice_ = '';
  /** Whether the notice only describes where a run-to landed, and so goes once the user moves on. */
  private noticeUntilMove = false;
  private solving_: { readonly label: string; readonly shown: boolean } = { label: '', shown: false };
  private error_: string | null = null;
  private helpOpen_ = false;
  /** The task's test inputs, where the host can solve the others (a Solve panel); null elsewhere. */
  private tests_: { readonly count: number; readonly current: number } | null = null;
  private orientation_: { readonly identifier: string; readonly shown: Orientation } | null = null;
  /** Consulted by the first trace this webview is sent, then forgotten. */
  private restored: PersistedPanelState | undefined;
  private readonly changes = new Changes<PanelChange>();

  constructor(private readonly options: PanelModelOptions) {
    this.restored = options.restored && withDefaults(options.restored);
    this.view_ = this.restored?.view ?? DEFAULT_PANEL_VIEW;
  }

  // ------------------------------------------------------------ what views read

  get meta(): TraceMeta | null {
    return this.meta_;
  }
  get steps(): readonly StepSummary[] {
    return this.steps_;
  }
  get recording(): Recording {
    return this.recording_;
  }
  get current(): number {
    return this.current_;
  }
  get view(): PanelViewState {
    return this.view_;
  }
  get granularity(): Granularity {
    return this.granularity_;
  }
  get playing(): boolean {
    return this.stopTick !== null;
  }
  get notice(): string {
    return this.notice_;
  }
  get solving(): { readonly label: string; readonly shown: boolean } {
    return this.solving_;
  }
  get error(): string | null {
    return this.error_;
  }
  get helpOpen(): boolean {
    return this.helpOpen_;
  }
  get tests(): { readonly count: number; readonly current: number } | null {
    return this.tests_;
  }
  /** For a trace of an augmented puzzle: its identifier and how it is shown; null for any other trace. */
  get orientation(): { readonly identifier: string; readonly shown: Orientation } | null {
    return this.orientation_;
  }
  /** When the host had the trace shown (epoch ms), to time readiness; null before the first. */
  get openedAt(): number | null {
    return this.openedAt_;
  }
  get currentStep(): StepSummary | undefined {
    return this.steps_[this.current_];
  }
  /** The shown step's details, once they are here. */
  get currentDetail(): StepDetail | undefined {
    return this.details.get(this.current_);
  }

  /** Whether the trace measured what moved at each step (traces recorded before that did not). */
  get hasMotion(): boolean {
    return this.steps_.some((s) => s.moves !== null);
  }

  /** The updates that changed `state`, on the principal plane of their sketches; empty without sketches. */
  trajectory(state: StateName): readonly TrajectoryPoint[] {
    return (this.derived.trajectory[state] ??= this.plane(state));
  }

  /** Per step, the distance of `state` to its last value (see trajectory.ts); null until the run is complete. */
  distanceToLast(state: StateName): readonly (number | null)[] | null {
    if (this.recording_ !== 'complete') return null;
    return (this.derived.distance[state] ??= distanceToLast(this.steps_, state));
  }

  /** Every cell that turned wrong or right against the target, in step order. */
  get turns(): readonly TurnEvent[] {
    return (this.derived.turns ??= turnEvents(this.steps_));
  }

  /** Cells wrong at the step shown that were right at some step before. */
  get regressed(): number[] {
    return regressedCells(this.steps_, this.current_);
  }

  onChange(listener: (change: PanelChange) => void): () => void {
    return this.changes.listen(listener);
  }

  // ------------------------------------------------------------ messages from the host

  receive(message: HostToPanel): void {
    switch (message.type) {
      case 'panel/load':
        return this.load(message);
      case 'panel/sent':
        // Had VS Code dropped the early load (src/extension/trace/pageLoads.ts), ask for it again.
        if (this.meta_ === null) this.options.channel.notify({ type: 'panel/ready' });
        return;
      case 'panel/append':
        return this.append(message.steps, message.details);
      case 'panel/complete':
        this.recording_ = 'complete';
        this.derived = { trajectory: {}, distance: {} };
        this.source = message.source;
        this.solving_ = { ...this.solving_, shown: false };
        this.changes.emit('status');
        this.persist();
        return this.go(this.current_, 'host');
      case 'panel/solving':
        this.error_ = null;
        this.solving_ = { label: message.label, shown: true };
        return this.changes.emit('status');
      case 'panel/error':
        this.solving_ = { ...this.solving_, shown: false };
        this.error_ = message.message;
        return this.changes.emit('status');
      case 'panel/action':
        return this.act(message.action);
      case 'panel/notice':
        return this.say(message.message);
      case 'panel/follow':
        if (this.playing) this.stopPlay('host');
        return this.go(message.index, 'host');
      case 'panel/tests':
        this.tests_ = { count: message.count, current: message.current };
        return this.changes.emit('tests');
      case 'panel/orientation':
        this.orientation_ = { identifier: message.identifier, shown: message.shown };
        return this.changes.emit('orientation');
    }
  }

  /** Asks the host to show the augmented puzzle's trace the other way, at the same step. */
  orient(orientation: Orientation): void {
    if (this.orientation_ && orientation !== this.orientation_.shown)
      this.options.channel.notify({ type: 'panel/orient', orientation });
  }

  /** Asks the host to solve another test input of the task (it opens or reuses that test's panel). */
  solveTest(index: number): void {
    if (this.tests_ && index !== this.tests_.current && index >= 0 && index < this.tests_.count)
      this.options.channel.notify({ type: 'panel/solveTest', index });
  }

  /** Asks the host for TRM Lens: Choose Model. */
  chooseModel(): void {
    this.options.channel.notify({ type: 'panel/chooseModel' });
  }

  private load(m: Extract<HostToPanel, { type: 'panel/load' }>): void {
    if (this.playing) this.stopPlay('host');
    this.meta_ = m.meta;
    // The host says after the load whether this trace is of an augmented puzzle.
    this.orientation_ = null;
    this.steps_ = [...m.steps];
    this.recording_ = m.recording;
    this.source = m.source;
    this.openedAt_ = m.openedAt;
    this.details.clear();
    this.requestedPages.clear();
    this.generation++;
    const { input, target } = m.meta;
    this.page = detailsPageSize(Math.max(input.height * input.width, target ? target.height * target.width : 0, 1));
    this.addDetails(m.details);
    // A restored panel gets its remembered view: from the host (a restored Solve panel), or from this
    // webview's own state when it shows the same trace file again (a custom editor after a reload).
    // A new trace keeps the overlays but starts at its first step.
    const restored = this.restored;
    this.restored = undefined;
    const remembered =
      restored !== undefined && m.source !== null && restored.source?.id === m.source.id ? restored.view : null;
    this.view_ = m.view ?? remembered ?? { ...this.view_, index: 0, pickedCell: null };
    this.derived = { trajectory: {}, distance: {} };
    this.error_ = null;
    this.changes.emit('trace');
    this.go(Math.min(this.view_.index, Math.max(0, this.steps_.length - 1)), 'host');
  }

  private append(steps: readonly StepSummary[], details: readonly StepDetail[]): void {
    const wasAtEnd = this.current_ >= this.steps_.length - 1;
    // One push per step: spreading a long page of steps into push() can overflow the call stack.
    for (const step of steps) this.steps_.push(step);
    this.addDetails(details);
    this.derived = { trajectory: {}, distance: {} };
    this.solving_ = { ...this.solving_, label: `Solving… ${this.steps_.length} steps so far` };
    this.changes.emit('steps');
    // Follow the solve while the user is at the newest step; leave them where they are otherwise.
    if (wasAtEnd && !this.playing) this.go(this.steps_.length - 1, 'host');
  }

  // ------------------------------------------------------------ moving

  /**
   * Shows step `index`. A move the user made is reported to the host at once (a debugger on this trace
   * follows it), except step by step while playing: the step where playback stops is reported then.
   */
  go(index: number, cause: MoveCause = 'user'): void {
    if (this.steps_.length === 0) return;
    const previous = this.current_;
    this.current_ = Math.max(0, Math.min(this.steps_.length - 1, index));
    if (this.noticeUntilMove && this.current_ !== previous) this.say('');
    if (cause === 'host') this.reported = this.current_;
    else if (!this.playing && this.current_ !== this.reported) {
      this.reported = this.current_;
      this.options.channel.notify({ type: 'panel/moved', index: this.current_ });
    }
    this.changes.emit('position');
    this.prefetch(this.current_);
    this.persist();
  }

  /** Goes to the update of the n-th point of a state's trajectory. */
  selectTrajectoryPoint(state: StateName, n: number): void {
    const point = this.trajectory(state)[n];
    if (point) this.go(point.index);
  }

  /** Goes to the step of the n-th turn event and chooses its cell, so it stands out and "cell change" watches it. */
  goToTurn(n: number): void {
    const event = this.turns[n];
    const width = this.meta_?.target?.width;
    if (!event || width === undefined) return;
    this.go(event.index);
    this.setView({ pickedCell: event.cell });
    const where = `row ${Math.floor(event.cell / width) + 1}, column ${(event.cell % width) + 1}`;
    this.say(`Step ${event.index + 1}: the cell at ${where} turned ${event.turned}.`, true);
  }

  act(action: PanelAction): void {
    switch (action.type) {
      case 'step':
        return this.go(stepIndex(this.steps_, this.current_, action.granularity, action.direction));
      case 'first':
        return this.go(0);
      case 'last':
        return this.go(this.steps_.length - 1);
      case 'togglePlay':
        return this.togglePlay();
      case 'speed': {
        const speed = Math.max(0, Math.min(PLAY_SPEEDS.length - 1, this.view_.speed + action.direction));
        this.setView({ speed });
        return this.say(`Play speed ${PLAY_SPEEDS[speed]} steps per second.`);
      }
      case 'runTo':
        return this.runTo(action.condition);
      case 'toggleOverlay':
        return this.setOverlay(action.overlay, !this.view_.overlays.includes(action.overlay));
      case 'switchNorm':
        return this.setView({ norm: this.view_.norm === 'y' ? 'z' : 'y' });
      case 'toggleMoreCharts':
        return this.setView({ moreCharts: !this.view_.moreCharts });
      case 'toggleHelp':
        return this.toggleHelp();
      case 'export':
        return this.options.channel.notify({ type: 'panel/export', format: action.format });
    }
  }

  private runTo(condition: RunToCondition): void {
    const { pickedCell, threshold } = this.view_;
    if (condition === 'cellChange' && pickedCell === null) {
      return this.say(
        'Choose a cell first: click it in the answer grid (or Tab to the grid, move with the arrows, press Enter).',
      );
    }
    const target = runTo(this.steps_, this.current_, condition, { cell: pickedCell, threshold });
    const name = RUN_TO_NAMES[condition](threshold);
    if (target === null) {
      return this.say(
        `No ${name.replace(/^(a|the) /, '')} in this trace${this.recording_ === 'complete' ? '' : ' yet'}.`,
      );
    }
    this.go(target);
    this.say(`Ran to ${name}: step ${target + 1}.`, true);
  }

  // ------------------------------------------------------------ playback

  private togglePlay(): void {
    if (this.playing) return this.stopPlay();
    if (this.current_ >= this.steps_.length - 1) this.go(0);
    this.scheduleTick();
    this.changes.emit('playing');
  }

  private scheduleTick(): void {
    this.stopTick = this.options.scheduler.after(1000 / PLAY_SPEEDS[this.view_.speed], () => this.tick());
  }

  private tick(): void {
    if (this.current_ >= this.steps_.length - 1 && this.recording_ === 'complete') return this.stopPlay();
    this.go(stepIndex(this.steps_, this.current_, this.granularity_, 1));
    this.scheduleTick();
  }

  private stopPlay(cause: MoveCause = 'user'): void {
    this.stopTick?.();
    this.stopTick = null;
    this.changes.emit('playing');
    this.go(this.current_, cause);
  }

  // ------------------------------------------------------------ view settings

  setGranularity(granularity: Granularity): void {
    this.granularity_ = granularity;
  }

  setView(patch: Partial<Omit<PanelViewState, 'index'>>): void {
    this.view_ = { ...this.view_, ...patch };
    this.persist();
    this.changes.emit('view');
  }

  setOverlay(overlay: Overlay, on: boolean): void {
    let next = this.view_.overlays.filter((x) => x !== overlay);
    if (on) {
      // The heat maps share the cells' tint, so turning one on turns the others off.
      if (HEAT_OVERLAYS.includes(overlay)) next = next.filter((x) => !HEAT_OVERLAYS.includes(x));
      next.push(overlay);
    }
    this.setView({ overlays: next });
  }

  /** Chooses the cell "run to cell change" watches; `width` is the answer grid's, to name its row and column. */
  pickCell(cell: number, width: number): void {
    this.view_ = { ...this.view_, pickedCell: cell };
    this.persist();
    const where = `row ${Math.floor(cell / width) + 1}, column ${(cell % width) + 1}`;
    this.say(`Chosen cell: ${where}. "Cell change" (X) runs to the next step where it changes.`);
    this.changes.emit('view');
  }

  say(message: string, untilMove = false): void {
    this.notice_ = message;
    this.noticeUntilMove = untilMove;
    this.changes.emit('notice');
  }

  toggleHelp(open = !this.helpOpen_): void {
    this.helpOpen_ = open;
    this.changes.emit('help');
  }

  dispose(): void {
    this.stopTick?.();
    this.stopTick = null;
    this.persistPending?.();
    this.persistPending = null;
    this.changes.clear();
  }

  // ------------------------------------------------------------ details cache and persistence

  private addDetails(list: readonly StepDetail[]): void {
    for (const d of list) this.details.set(d.index, d);
  }

  private requestPage(n: number): void {
    if (n < 0 || n * this.page >= this.steps_.length || this.requestedPages.has(n)) return;
    this.requestedPages.add(n);
    const generation = this.generation;
    const from = n * this.page;
    const count = Math.min(this.page, this.steps_.length - from);
    this.options.channel.request({ type: 'panel/details', from, count }).then(
      (list) => {
        if (generation !== this.generation) return;
        this.addDetails(list);
        if (list.some((d) => d.index === this.current_)) this.changes.emit('detail');
      },
      // A closed channel (the page going away) or a host that failed: the page is asked for again.
      () => this.requestedPages.delete(n),
    );
  }

  /** Fetches the page of the step shown and its neighbours, so stepping either way finds them cached. */
  private prefetch(i: number): void {
    const n = Math.floor(i / this.page);
    this.requestPage(n);
    this.requestPage(n + 1);
    this.requestPage(n - 1);
  }

  /** Saves state for a window reload, and tells the host the step shown; debounced (PERSIST_MS). */
  private persist(): void {
    if (this.persistPending !== null) return;
    this.persistPending = this.options.scheduler.after(PERSIST_MS, () => {
      this.persistPending = null;
      this.options.saveState({ source: this.source, view: { ...this.view_, index: this.current_ } });
      this.options.channel.notify({ type: 'panel/position', view: { ...this.view_, index: this.current_ } });
    });
  }

  private plane(state: StateName): TrajectoryPoint[] {
    const steps = this.steps_.filter((s) => s.sketch !== null && sketchedState(s.kind) === state);
    const { coords } = principalPlane(steps.map((s) => s.sketch!));
    return steps.map((s, i) => ({ index: s.index, supStep: s.supStep, x: coords[i][0], y: coords[i][1] }));
  }
}
