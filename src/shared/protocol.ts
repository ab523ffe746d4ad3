// The whole contract between the extension host and its webviews (the puzzle viewer, the trace panel, the
// vote panel and the dataset report panel): the messages each side sends, the panel's actions, the trace as
// the panel sees it, and what the panels keep in webview state.
//
// Traffic goes through one Channel (channel.ts) on each side, in two forms:
//   - notifications: fire-and-forget messages named `<webview>/<what>` (`viewer/show`, `panel/load`);
//   - requests: `channel/request` carrying an id and a request named the same way, answered exactly once
//     by `channel/reply` with that id, so the asking side can await the outcome.
// A webview is untrusted input to the host: `parseViewerMessage`, `parsePanelMessage`, `parseVoteMessage` and
// `parseReportMessage` check every message from it at runtime, and the host's channel drops (and reports)
// anything that does not match.
//
// Only types are imported from core: the webview bundles must not pull the parser in.

import type { ArcTask, TaskProblem } from '../core/arcTask';
import type { DatasetReportFile } from '../core/datasetReportShape';
import type { Moves } from '../core/stateMotion';
import type { Step } from '../core/step';

export type { StepKind } from '../core/step';

/**
 * How grid values are drawn: ARC colours, digits written in the cell (0 blank), or maze glyphs. The
 * same union as the bundle manifest's (src/core/manifest.ts, which reads files and so stays out of the
 * contract); protocol.test.ts fails to compile if the two drift apart.
 */
export type Palette = 'arc' | 'digits' | 'maze';

// ---------------------------------------------------------------------------------------------
// The channel's envelopes, shared by both webviews.

export interface RequestEnvelope<Q> {
  readonly type: 'channel/request';
  readonly id: number;
  readonly request: Q;
}

/** The answer to the request with the same id: its result, or why the handler failed. */
export type ReplyEnvelope =
  | { readonly type: 'channel/reply'; readonly id: number; readonly result: unknown }
  | { readonly type: 'channel/reply'; readonly id: number; readonly error: string };

/**
 * What one side sends: its notifications, its requests, and for each request type the reply it is
 * answered with. A Channel is typed by the lane it sends on and the lane it receives on.
 */
export interface Lane {
  readonly notification: { readonly type: string };
  readonly request: { readonly type: string };
  readonly replies: object;
}

/** The host asks a webview nothing: its lanes carry notifications only. */
export interface NotifyLane<N extends { readonly type: string }> {
  readonly notification: N;
  readonly request: never;
  readonly replies: Record<never, never>;
}

// ---------------------------------------------------------------------------------------------
// The puzzle viewer (src/extension/puzzle/arcEditorProvider.ts <-> webview/viewer/).

/** A problem as the viewer lists it: the parser's problem plus its 1-based line and column. */
export interface ProblemView extends TaskProblem {
  readonly line: number;
  readonly column: number;
}

/** What the viewer shows for a document: the parsed task, or why it could not be parsed. */
export type ViewerContent =
  | { readonly kind: 'task'; readonly task: ArcTask }
  | { readonly kind: 'problems'; readonly problems: readonly ProblemView[] };

export interface DocumentInfo {
  /** File name shown in the viewer's header, e.g. `007bbfb7.arc.json`. */
  readonly title: string;
  /** Increases with every edit of the text document; the webview ignores stale `viewer/show`s. */
  readonly version: number;
  /** True for documents that cannot be edited as text (tasks opened from a combined file). */
  readonly readOnly: boolean;
}

export interface ViewerShow {
  readonly type: 'viewer/show';
  readonly document: DocumentInfo;
  readonly content: ViewerContent;
  /**
   * The default way to draw values, as the trace panel will: ARC colours, the value written in the cell
   * (Sudoku), or maze glyphs. A choice the user made in the viewer (webview state) wins over it.
   */
  readonly palette: Palette;
}

export type HostToViewer = ViewerShow;

/** What the viewer may ask the host to do. Each is answered by one ReplyOutcome. */
export type ViewerRequest =
  | { readonly type: 'viewer/solve' }
  /** Show this character range of the document in a text editor (a problem's location). */
  | { readonly type: 'viewer/reveal'; readonly offset: number; readonly length: number }
  | { readonly type: 'viewer/reopenAsText' };

export type ReplyOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

export type ViewerReplies = { readonly [K in ViewerRequest['type']]: ReplyOutcome };

export interface ViewerLane {
  /** `viewer/ready`: the webview has installed its message listener and wants the current document. */
  readonly notification: { readonly type: 'viewer/ready' };
  readonly request: ViewerRequest;
  readonly replies: ViewerReplies;
}

export type ViewerToHost = ViewerLane['notification'] | RequestEnvelope<ViewerRequest>;

// ---------------------------------------------------------------------------------------------
// What a user can ask the trace panel to do, whether by a key in the webview, a toolbar button, or a
// VS Code command (contributed keybinding) that the host forwards to the panel.

/** Stepping granularity, finest first: every latent update, every answer update, every supervision step. */
export type Granularity = 'latent' | 'answer' | 'supervision';

export type RunToCondition = 'halt' | 'target' | 'anyChange' | 'cellChange' | 'haltThreshold' | 'nonFinite';

/**
 * The answer grid's overlays, in the order of their keys (1, 2, ...). The list is the type, so the host's check
 * of a restored view (src/extension/trace/panelRestore.ts) knows every overlay the panel has.
 */
export const OVERLAYS = ['changed', 'wrong', 'confidence', 'norm', 'motion', 'entropy', 'regressed', 'churn'] as const;

export type Overlay = (typeof OVERLAYS)[number];

export type ExportFormat = 'json' | 'csv' | 'png';

export type PanelAction =
  | { readonly type: 'step'; readonly granularity: Granularity; readonly direction: 1 | -1 }
  | { readonly type: 'first' }
  | { readonly type: 'last' }
  | { readonly type: 'togglePlay' }
  | { readonly type: 'speed'; readonly direction: 1 | -1 }
  | { readonly type: 'runTo'; readonly condition: RunToCondition }
  | { readonly type: 'toggleOverlay'; readonly overlay: Overlay }
  | { readonly type: 'switchNorm' }
  | { readonly type: 'toggleMoreCharts' }
  | { readonly type: 'toggleHelp' }
  | { readonly type: 'export'; readonly format: ExportFormat };

// ---------------------------------------------------------------------------------------------
// The trace as the panel sees it: what the host sends the webview to draw one recursion step.
// Scalars for every step travel up front (charts, run-to conditions and stepping need the whole run);
// the per-cell arrays of a step (StepDetail) travel on demand, because a 1,000-step trace of 30x30
// grids would otherwise make the panel wait for megabytes before its first paint.

/** A grid as flat cells (core's `Grid` is nested rows): cheap to send, index and compare. */
export interface CellGrid {
  readonly height: number;
  readonly width: number;
  /** Row-major values, length height * width. */
  readonly cells: readonly number[];
}

/**
 * The scalars of a step that travel up front: core's step (src/core/step.ts) minus its per-cell and
 * per-position arrays, which travel as a StepDetail on demand. The list is the type: the host picks these
 * fields and no others.
 */
export const STEP_SUMMARY_FIELDS = [
  'index',
  'supStep',
  'hCycle',
  'lCycle',
  'kind',
  'haltProb',
  'halts',
  'loss',
  'cellAccuracy',
  'exact',
  'yNorm',
  'zNorm',
  'ms',
  'changed',
] as const satisfies readonly (keyof Step)[];

/**
 * What moved at a step, derived from it by the host (src/core/stateMotion.ts, src/core/cellHistory.ts):
 * all null for a trace written before steps had a motion (format versions 1 and 2).
 */
export interface StepMovement {
  /** Step residuals ||s - s_before|| / ||s_before|| of y and z; 0 for the state the update did not change. */
  readonly moves: Moves | null;
  /** Mean entropy (nats) of the decoded distribution over the answer cells. */
  readonly meanEntropy: number | null;
  /** The changed state (z for a latent update, y for an answer update) projected to 32 numbers: a point of
   * its trajectory. Distances between sketches estimate distances between states. */
  readonly sketch: readonly number[] | null;
  /** Cells of the target (row-major) right before this update and wrong after it; empty without a target. */
  readonly turnedWrong: readonly number[];
  /** Cells of the target wrong before this update and right after it. */
  readonly turnedRight: readonly number[];
}

export type StepSummary = Pick<Step, (typeof STEP_SUMMARY_FIELDS)[number]> & StepMovement;

export interface StepDetail {
  readonly index: number;
  readonly answer: CellGrid;
  /** Per answer cell, probability of the decoded value, in [0, 1]. */
  readonly confidence: readonly number[];
  /** Per answer cell, RMS norm of y / z at the token position of that cell. */
  readonly yNormCells: readonly number[];
  readonly zNormCells: readonly number[];
  /** Per answer cell, the step residual of the state the update changed at that cell's position; null in older
   * traces. */
  readonly motionCells: readonly number[] | null;
  /** Per answer cell, the entropy (nats) of the decoded distribution; null in older traces. */
  readonly entropyCells: readonly number[] | null;
  /** "What the latent would answer": heads(z) decoded, when the trace has it. */
  readonly latentAnswer: CellGrid | null;
  /** Per answer cell, how many updates up to and including this one changed it. */
  readonly changeCounts: readonly number[];
}

export interface Schedule {
  readonly hCycles: number;
  readonly lCycles: number;
  readonly haltMaxSteps: number;
}

/** How a trace of an augmented puzzle is shown: as the puzzle was given, or as the model saw it. */
export type Orientation = 'asGiven' | 'model';

export interface TraceMeta {
  readonly taskName: string;
  readonly testIndex: number;
  readonly modelName: string;
  readonly provider: string;
  readonly schedule: Schedule;
  readonly palette: Palette;
  readonly cellLabels: readonly string[] | null;
  readonly input: CellGrid;
  readonly target: CellGrid | null;
}

/**
 * Steps per page of step details for a grid of this many cells: 64 steps of a 6x6 grid, 18 of a
 * 30x30 one (about 0.3 MB of JSON), so one page is serialised, sent and parsed within a frame.
 */
export function detailsPageSize(cellsPerStep: number): number {
  return Math.max(8, Math.min(64, Math.floor(16384 / Math.max(1, cellsPerStep))));
}

// ---------------------------------------------------------------------------------------------
// The trace panel (src/extension/trace/tracePanel.ts <-> webview/panel/). The host keeps the trace and sends
// every step's summary up front; the webview asks for per-cell step details by page (`panel/details`).

/** What the panel remembers across a window reload (webview state) besides the trace itself. */
export interface PanelViewState {
  readonly index: number;
  readonly overlays: readonly Overlay[];
  readonly norm: 'y' | 'z';
  readonly pickedCell: number | null;
  readonly threshold: number;
  /** Index into PLAY_SPEEDS. */
  readonly speed: number;
  /** Whether the charts that say little under RMSNorm (|y|, |z|) and the cosines are shown too. */
  readonly moreCharts: boolean;
}

/** Steps per second for play. */
export const PLAY_SPEEDS = [1, 2, 4, 8, 15, 30, 60] as const;

const isIndex = (v: unknown, below = Number.MAX_SAFE_INTEGER): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v < below;

/**
 * A panel view state from untrusted input (the webview's messages, its state after a reload), checked; null
 * unless well formed. A view saved before the extra charts could be opened has no moreCharts: they stay
 * closed.
 */
export function panelViewStateOf(raw: unknown): PanelViewState | null {
  if (!isRecord(raw) || !isIndex(raw.index) || !Array.isArray(raw.overlays)) return null;
  if (!raw.overlays.every((o) => (OVERLAYS as readonly unknown[]).includes(o))) return null;
  if ((raw.norm !== 'y' && raw.norm !== 'z') || (raw.pickedCell !== null && !isIndex(raw.pickedCell))) return null;
  if (typeof raw.threshold !== 'number' || !(raw.threshold > 0 && raw.threshold <= 1)) return null;
  if (!isIndex(raw.speed, PLAY_SPEEDS.length)) return null;
  if (raw.moreCharts !== undefined && typeof raw.moreCharts !== 'boolean') return null;
  return {
    index: raw.index,
    overlays: raw.overlays as Overlay[],
    norm: raw.norm,
    pickedCell: raw.pickedCell,
    threshold: raw.threshold,
    speed: raw.speed,
    moreCharts: raw.moreCharts === true,
  };
}

/**
 * A panel that has never been moved or configured: first step, changed cells marked, 8 steps a second, the
 * extra charts closed. A view saved before a setting existed takes it from here.
 */
export const DEFAULT_PANEL_VIEW: PanelViewState = {
  index: 0,
  overlays: ['changed'],
  norm: 'z',
  pickedCell: null,
  threshold: 0.5,
  speed: 3,
  moreCharts: false,
};

/**
 * Names the file a panel shows (a trace the host saved, a report, a saved vote), for the page to keep in its
 * webview state: an id the host made up, which it looks up again after a reload (RestorableFiles in
 * src/extension/trace/panelRestore.ts); a trace panel also knows by it that it is shown the same file again.
 * Never a path: the host reads no file that a webview names.
 */
export interface SavedSource {
  readonly id: string;
}

/** The panel's webview state: what VS Code hands back to the host (serializer) and the page after a reload. */
export interface PersistedPanelState {
  readonly source: SavedSource | null;
  readonly view: PanelViewState;
}

/** Whether the trace is finished, or still growing under a solve or a debugger (which runs as far as the user goes). */
export type Recording = 'complete' | 'solving' | 'debugging';

export type HostToPanel =
  /** A new trace replaces whatever the panel shows. `openedAt` (ms since epoch) times the panel's readiness. */
  | {
      readonly type: 'panel/load';
      readonly meta: TraceMeta;
      readonly steps: readonly StepSummary[];
      readonly details: readonly StepDetail[];
      readonly recording: Recording;
      readonly source: SavedSource | null;
      readonly view: PanelViewState | null;
      readonly openedAt: number;
    }
  /** A load went to this page before it said it was ready; a page that has no trace says ready again. */
  | { readonly type: 'panel/sent' }
  /** Steps of a running solve, as they come. */
  | { readonly type: 'panel/append'; readonly steps: readonly StepSummary[]; readonly details: readonly StepDetail[] }
  | { readonly type: 'panel/complete'; readonly source: SavedSource | null }
  | { readonly type: 'panel/solving'; readonly label: string }
  /** A solve failed; the panel keeps showing the previous trace. */
  | { readonly type: 'panel/error'; readonly message: string }
  | { readonly type: 'panel/action'; readonly action: PanelAction }
  | { readonly type: 'panel/notice'; readonly message: string }
  /** Show this step because the debugger stands there; the panel does not report the move back. */
  | { readonly type: 'panel/follow'; readonly index: number }
  /** The task has `count` test inputs and the panel shows `current` (from 0): the panel offers the others. */
  | { readonly type: 'panel/tests'; readonly count: number; readonly current: number }
  /** The trace is of the augmented puzzle `identifier` names, shown `shown`: the panel offers the other way. */
  | { readonly type: 'panel/orientation'; readonly identifier: string; readonly shown: Orientation };

/** The panel's one request: the details of `count` steps from `from`, answered with them. */
export type PanelRequest = { readonly type: 'panel/details'; readonly from: number; readonly count: number };

export type PanelReplies = { readonly 'panel/details': readonly StepDetail[] };

export type PanelNotification =
  | { readonly type: 'panel/ready' }
  | { readonly type: 'panel/export'; readonly format: ExportFormat }
  /** The view shown (its step, overlays, ...), so a restored panel and the next trace in it open as left. */
  | { readonly type: 'panel/position'; readonly view: PanelViewState }
  /** The user moved to this step (key, toolbar, chart, scrubber), so a debugger on this trace follows. */
  | { readonly type: 'panel/moved'; readonly index: number }
  /** Open TRM Lens: Choose Model. */
  | { readonly type: 'panel/chooseModel' }
  /** Solve test input `index` (from 0) of the task shown, with the same model. */
  | { readonly type: 'panel/solveTest'; readonly index: number }
  /** Show the trace of an augmented puzzle this way, at the same step. */
  | { readonly type: 'panel/orient'; readonly orientation: Orientation };

export interface PanelLane {
  readonly notification: PanelNotification;
  readonly request: PanelRequest;
  readonly replies: PanelReplies;
}

export type PanelToHost = PanelNotification | RequestEnvelope<PanelRequest>;

/** Largest page of step details one request may ask for. */
export const MAX_DETAIL_PAGE = 256;

// ---------------------------------------------------------------------------------------------
// The vote panel (src/extension/vote/votePanel.ts <-> webview/vote/). The host keeps every run's trace; the
// page shows the vote and asks the host to open one run's trace in a trace panel (`vote/openTrace`), or to
// debug that run (`vote/debug`).

/** One run of a vote: the model on the test input under one of the task's puzzle identifiers. */
export interface VoteRunView {
  /** The identifier's position among the task's, from 0: what `vote/openTrace` names. */
  readonly position: number;
  readonly identifier: string;
  /** sigmoid(q_halt) of the run's last step: its share of its candidate's tie-break. */
  readonly haltProbability: number;
  readonly steps: number;
}

/** An identifier of the task that did not run, and why (a malformed name, a grid the canvas cannot take). */
export interface VoteSkippedView {
  readonly position: number;
  readonly identifier: string;
  readonly reason: string;
}

export interface VoteCandidateView {
  /** In the puzzle's own orientation and colours. */
  readonly answer: CellGrid;
  readonly count: number;
  readonly meanHaltProbability: number;
  /** Whether it equals the test output; null when the task file has none. */
  readonly correct: boolean | null;
  /** The positions of the runs that voted for it, in run order. */
  readonly voters: readonly number[];
}

export interface VoteResult {
  readonly taskName: string;
  readonly testIndex: number;
  readonly modelName: string;
  readonly provider: string;
  readonly palette: Palette;
  readonly cellLabels: readonly string[] | null;
  readonly input: CellGrid;
  readonly target: CellGrid | null;
  readonly runs: readonly VoteRunView[];
  readonly skipped: readonly VoteSkippedView[];
  /** Ranked as the evaluator ranks them, best first. */
  readonly candidates: readonly VoteCandidateView[];
  /** Whether the target is among the first one / two candidates; null when the target is unknown. */
  readonly passAt1: boolean | null;
  readonly passAt2: boolean | null;
}

/** The vote page's webview state, once the host has saved the vote it shows. */
export interface PersistedVoteState {
  readonly source: SavedSource;
}

export type HostToVote =
  /** `source`: the saved vote, null when it could not be saved (the panel then does not come back after a reload). */
  | { readonly type: 'vote/show'; readonly result: VoteResult; readonly source: SavedSource | null }
  /** A vote (again) is under way; the page keeps showing the last result. */
  | { readonly type: 'vote/running'; readonly label: string }
  /** A vote failed or was cancelled; the page keeps showing the last result. */
  | { readonly type: 'vote/error'; readonly message: string };

/** The page's requests: open the trace of the run at `position`, or debug that run (a debug session on it). */
export type VoteRequest =
  | { readonly type: 'vote/openTrace'; readonly position: number }
  | { readonly type: 'vote/debug'; readonly position: number };

export type VoteReplies = { readonly 'vote/openTrace': ReplyOutcome; readonly 'vote/debug': ReplyOutcome };

export interface VoteLane {
  readonly notification: { readonly type: 'vote/ready' };
  readonly request: VoteRequest;
  readonly replies: VoteReplies;
}

export type VoteToHost = VoteLane['notification'] | RequestEnvelope<VoteRequest>;

// ---------------------------------------------------------------------------------------------
// The dataset report panel (src/extension/report/reportPanel.ts <-> webview/report/). The host reads the
// report.json and sends it whole; the page draws it and asks the host to open a row's trace, by the row's index
// (`report/openTrace`): the host resolves the path, the page never names one.

/** The report page's webview state. */
export interface PersistedReportState {
  readonly source: SavedSource;
}

export type HostToReport =
  /** `file`: the report's path as the user knows it (relative to the workspace when inside it). */
  | {
      readonly type: 'report/show';
      readonly report: DatasetReportFile;
      readonly file: string;
      readonly source: SavedSource;
    }
  /** The report could not be read (or read again after a reload). */
  | { readonly type: 'report/error'; readonly message: string };

/** The page's one request: open the trace of `report.rows[row]`. */
export type ReportRequest = { readonly type: 'report/openTrace'; readonly row: number };

export type ReportReplies = { readonly 'report/openTrace': ReplyOutcome };

export interface ReportLane {
  readonly notification: { readonly type: 'report/ready' };
  readonly request: ReportRequest;
  readonly replies: ReportReplies;
}

export type ReportToHost = ReportLane['notification'] | RequestEnvelope<ReportRequest>;

// ---------------------------------------------------------------------------------------------
// Runtime checks of what a webview sends.

/** A message from the webview that does not match the protocol. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/** Largest character offset a reveal may name: a document over the parser's 50 MB limit is never shown. */
const MAX_OFFSET = 2 ** 31 - 1;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

/** Rejects any key the type does not have, so a message cannot smuggle extra data past the check. */
function onlyKeys(record: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) throw new ProtocolError(`${where}: unexpected key ${JSON.stringify(key)}`);
  }
}

/** Checks a `channel/request` envelope and hands its request to `parse`. */
function parseEnvelope<Q>(raw: Record<string, unknown>, parse: (request: unknown) => Q): RequestEnvelope<Q> {
  onlyKeys(raw, ['type', 'id', 'request'], 'channel/request');
  if (!isCount(raw.id, Number.MAX_SAFE_INTEGER)) {
    throw new ProtocolError('channel/request: "id" must be a whole number >= 0');
  }
  if (!isRecord(raw.request)) throw new ProtocolError('channel/request: "request" must be an object');
  return { type: 'channel/request', id: raw.id, request: parse(raw.request) };
}

function parseViewerRequest(raw: unknown): ViewerRequest {
  const request = raw as Record<string, unknown>;
  switch (request.type) {
    case 'viewer/solve':
    case 'viewer/reopenAsText':
      onlyKeys(request, ['type'], request.type);
      return { type: request.type };
    case 'viewer/reveal':
      onlyKeys(request, ['type', 'offset', 'length'], 'viewer/reveal');
      if (!isCount(request.offset, MAX_OFFSET) || !isCount(request.length, MAX_OFFSET)) {
        throw new ProtocolError('viewer/reveal: offset and length must be whole numbers >= 0');
      }
      return { type: 'viewer/reveal', offset: request.offset, length: request.length };
    default:
      throw new ProtocolError(`viewer request: unknown type ${JSON.stringify(request.type)}`);
  }
}

/** Checks a message from the viewer's webview; returns it typed, or throws a ProtocolError naming what is wrong. */
export function parseViewerMessage(raw: unknown): ViewerToHost {
  if (!isRecord(raw)) throw new ProtocolError('viewer message: not an object');
  switch (raw.type) {
    case 'viewer/ready':
      onlyKeys(raw, ['type'], 'viewer/ready');
      return { type: 'viewer/ready' };
    case 'channel/request':
      return parseEnvelope(raw, parseViewerRequest);
    default:
      throw new ProtocolError(`viewer message: unknown type ${JSON.stringify(raw.type)}`);
  }
}

function parsePanelRequest(raw: unknown): PanelRequest {
  const request = raw as Record<string, unknown>;
  if (request.type !== 'panel/details') {
    throw new ProtocolError(`trace panel request: unknown type ${JSON.stringify(request.type)}`);
  }
  onlyKeys(request, ['type', 'from', 'count'], 'panel/details');
  if (!isCount(request.from, MAX_OFFSET) || !isCount(request.count, MAX_DETAIL_PAGE) || request.count < 1) {
    throw new ProtocolError(`panel/details: from must be a whole number >= 0, count 1..${MAX_DETAIL_PAGE}`);
  }
  return { type: 'panel/details', from: request.from, count: request.count };
}

const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'png'];
const ORIENTATIONS: readonly Orientation[] = ['asGiven', 'model'];

/**
 * Checks a message from the trace panel's webview; returns it typed, or throws a ProtocolError saying what is
 * wrong.
 */
export function parsePanelMessage(raw: unknown): PanelToHost {
  if (!isRecord(raw)) throw new ProtocolError('trace panel message: not an object');
  switch (raw.type) {
    case 'panel/ready':
      onlyKeys(raw, ['type'], 'panel/ready');
      return { type: 'panel/ready' };
    case 'channel/request':
      return parseEnvelope(raw, parsePanelRequest);
    case 'panel/export': {
      onlyKeys(raw, ['type', 'format'], 'panel/export');
      const format = EXPORT_FORMATS.find((f) => f === raw.format);
      if (!format) throw new ProtocolError(`panel/export: format must be one of ${EXPORT_FORMATS.join(', ')}`);
      return { type: 'panel/export', format };
    }
    case 'panel/position': {
      onlyKeys(raw, ['type', 'view'], raw.type);
      const view = panelViewStateOf(raw.view);
      if (!view) throw new ProtocolError('panel/position: view is not a panel view state');
      return { type: 'panel/position', view };
    }
    case 'panel/chooseModel':
      onlyKeys(raw, ['type'], raw.type);
      return { type: raw.type };
    case 'panel/orient': {
      onlyKeys(raw, ['type', 'orientation'], raw.type);
      const orientation = ORIENTATIONS.find((o) => o === raw.orientation);
      if (!orientation) throw new ProtocolError(`panel/orient: orientation must be one of ${ORIENTATIONS.join(', ')}`);
      return { type: 'panel/orient', orientation };
    }
    case 'panel/moved':
    case 'panel/solveTest':
      onlyKeys(raw, ['type', 'index'], raw.type);
      if (!isCount(raw.index, MAX_OFFSET)) throw new ProtocolError(`${raw.type}: index must be a whole number >= 0`);
      return { type: raw.type, index: raw.index };
    default:
      throw new ProtocolError(`trace panel message: unknown type ${JSON.stringify(raw.type)}`);
  }
}

function parseVoteRequest(raw: unknown): VoteRequest {
  const request = raw as Record<string, unknown>;
  if (request.type !== 'vote/openTrace' && request.type !== 'vote/debug') {
    throw new ProtocolError(`vote panel request: unknown type ${JSON.stringify(request.type)}`);
  }
  onlyKeys(request, ['type', 'position'], request.type);
  if (!isCount(request.position, MAX_OFFSET)) {
    throw new ProtocolError(`${request.type}: position must be a whole number >= 0`);
  }
  return { type: request.type, position: request.position };
}

/** Checks a message from the vote panel's webview; returns it typed, or throws a ProtocolError saying what is wrong. */
export function parseVoteMessage(raw: unknown): VoteToHost {
  if (!isRecord(raw)) throw new ProtocolError('vote panel message: not an object');
  switch (raw.type) {
    case 'vote/ready':
      onlyKeys(raw, ['type'], 'vote/ready');
      return { type: 'vote/ready' };
    case 'channel/request':
      return parseEnvelope(raw, parseVoteRequest);
    default:
      throw new ProtocolError(`vote panel message: unknown type ${JSON.stringify(raw.type)}`);
  }
}

function parseReportRequest(raw: unknown): ReportRequest {
  const request = raw as Record<string, unknown>;
  if (request.type !== 'report/openTrace') {
    throw new ProtocolError(`report panel request: unknown type ${JSON.stringify(request.type)}`);
  }
  onlyKeys(request, ['type', 'row'], 'report/openTrace');
  if (!isCount(request.row, MAX_OFFSET)) throw new ProtocolError('report/openTrace: row must be a whole number >= 0');
  return { type: 'report/openTrace', row: request.row };
}

/** Checks a message from the report panel's webview; returns it typed, or throws a ProtocolError saying why not. */
export function parseReportMessage(raw: unknown): ReportToHost {
  if (!isRecord(raw)) throw new ProtocolError('report panel message: not an object');
  switch (raw.type) {
    case 'report/ready':
      onlyKeys(raw, ['type'], 'report/ready');
      return { type: 'report/ready' };
    case 'channel/request':
      return parseEnvelope(raw, parseReportRequest);
    default:
      throw new ProtocolError(`report panel message: unknown type ${JSON.stringify(raw.type)}`);
  }
}
