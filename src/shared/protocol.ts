// The typed message protocol between the extension host and the puzzle viewer's webview.
//
// Two kinds of traffic, as in every webview we ship:
//   - events: fire-and-forget (`show` from the host, `ready` from the webview);
//   - requests: the webview asks the host to do something (`request` with a numeric id) and the host
//     answers exactly once with a `reply` carrying the same id, so the webview can await the outcome.
// A webview is untrusted input to the host: `parseViewerMessage` checks every message from it at
// runtime and the host drops (and logs) anything that does not match this file's types.
//
// Only types are imported from core: the webview bundle must not pull the parser in.

import type { ArcTask, TaskProblem } from '../core/arcTask';
import type { ExportFormat, Overlay, PanelAction } from './panelAction';
import type { Palette, StepDetail, StepSummary, TraceMeta } from './traceView';

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
  /** Increases with every edit of the text document; the webview ignores stale `show`s. */
  readonly version: number;
  /** True for documents that cannot be edited as text (tasks opened from a combined file). */
  readonly readOnly: boolean;
}

/** What the webview may ask the host to do. Each is answered by one `reply`. */
export type ViewerRequest =
  | { readonly kind: 'solve' }
  /** Show this character range of the document in a text editor (a problem's location). */
  | { readonly kind: 'reveal'; readonly offset: number; readonly length: number }
  | { readonly kind: 'reopenAsText' };

export type ViewerRequestKind = ViewerRequest['kind'];

export type ReplyOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** How the viewer draws cell values: ARC colours, or the value written in the cell as the trace panel draws Sudoku. */
export type ViewerLook = Extract<Palette, 'arc' | 'digits'>;

export type HostToViewer =
  /** `look` is the default; a choice the user made in the viewer (webview state) wins over it. */
  | { readonly type: 'show'; readonly document: DocumentInfo; readonly content: ViewerContent; readonly look: ViewerLook }
  | ({ readonly type: 'reply'; readonly id: number } & ReplyOutcome);

export type ViewerToHost =
  /** The webview has installed its message listener and wants the current document. */
  | { readonly type: 'ready' }
  | { readonly type: 'request'; readonly id: number; readonly request: ViewerRequest };

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

function parseRequest(raw: unknown): ViewerRequest {
  if (!isRecord(raw)) throw new ProtocolError('request: "request" must be an object');
  switch (raw.kind) {
    case 'solve':
    case 'reopenAsText':
      onlyKeys(raw, ['kind'], `request ${raw.kind}`);
      return { kind: raw.kind };
    case 'reveal':
      onlyKeys(raw, ['kind', 'offset', 'length'], 'request reveal');
      if (!isCount(raw.offset, MAX_OFFSET) || !isCount(raw.length, MAX_OFFSET)) {
        throw new ProtocolError('request reveal: offset and length must be whole numbers >= 0');
      }
      return { kind: 'reveal', offset: raw.offset, length: raw.length };
    default:
      throw new ProtocolError(`request: unknown kind ${JSON.stringify(raw.kind)}`);
  }
}

/** Checks a message from the webview; returns it typed, or throws a ProtocolError naming what is wrong. */
export function parseViewerMessage(raw: unknown): ViewerToHost {
  if (!isRecord(raw)) throw new ProtocolError('viewer message: not an object');
  switch (raw.type) {
    case 'ready':
      onlyKeys(raw, ['type'], 'ready');
      return { type: 'ready' };
    case 'request':
      onlyKeys(raw, ['type', 'id', 'request'], 'request');
      if (!isCount(raw.id, Number.MAX_SAFE_INTEGER)) throw new ProtocolError('request: "id" must be a whole number >= 0');
      return { type: 'request', id: raw.id, request: parseRequest(raw.request) };
    default:
      throw new ProtocolError(`viewer message: unknown type ${JSON.stringify(raw.type)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The trace panel (src/extension/tracePanel.ts <-> webview/panel.ts). The host keeps the trace and
// sends every step's summary up front; the webview asks for per-cell step details by page
// (`trace/requestDetails`, answered once by `trace/details` with the same requestId).

/** What the panel remembers across a window reload (webview state) besides the trace itself. */
export interface PanelViewState {
  readonly index: number;
  readonly overlays: readonly Overlay[];
  readonly norm: 'y' | 'z';
  readonly pickedCell: number | null;
  readonly threshold: number;
  readonly speed: number;
}

/**
 * Names the trace a panel shows, for the webview to keep in its state: the host finds a trace it saved
 * again by this id after a reload (src/extension/panelRestore.ts), and the webview knows it is shown
 * the same trace file again. Never a path: the host reads no file that a webview names.
 */
export interface TraceSource {
  readonly id: string;
}

/** Whether the trace shown is finished, or still growing under a solve or a debugger (which runs only as far as the user goes). */
export type Recording = 'complete' | 'solving' | 'debugging';

export type HostToPanel =
  /** A new trace replaces whatever the panel shows. `openedAt` (ms since epoch) times the panel's readiness. */
  | { readonly type: 'trace/load'; readonly meta: TraceMeta; readonly steps: readonly StepSummary[]; readonly details: readonly StepDetail[]; readonly recording: Recording; readonly source: TraceSource | null; readonly view: PanelViewState | null; readonly openedAt: number }
  /** A load went to this page before it said it was ready; a page that has no trace says ready again. */
  | { readonly type: 'trace/sent' }
  /** Steps of a running solve, as they come. */
  | { readonly type: 'trace/append'; readonly steps: readonly StepSummary[]; readonly details: readonly StepDetail[] }
  | { readonly type: 'trace/complete'; readonly source: TraceSource | null }
  | { readonly type: 'trace/details'; readonly requestId: number; readonly details: readonly StepDetail[] }
  | { readonly type: 'trace/solving'; readonly label: string }
  /** A solve failed; the panel keeps showing the previous trace. */
  | { readonly type: 'trace/error'; readonly message: string }
  | { readonly type: 'panel/action'; readonly action: PanelAction }
  | { readonly type: 'panel/notice'; readonly message: string }
  /** Show this step because the debugger stands there; the panel does not report the move back. */
  | { readonly type: 'panel/follow'; readonly index: number };

export type PanelToHost =
  | { readonly type: 'panel/ready' }
  | { readonly type: 'trace/requestDetails'; readonly requestId: number; readonly from: number; readonly count: number }
  | { readonly type: 'panel/export'; readonly format: ExportFormat }
  /** The step shown, so a restored panel reopens there. */
  | { readonly type: 'panel/position'; readonly index: number }
  /** The user moved to this step (key, toolbar, chart, scrubber), so a debugger on this trace follows. */
  | { readonly type: 'panel/moved'; readonly index: number };

/** Largest page of step details one request may ask for. */
export const MAX_DETAIL_PAGE = 256;

const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'png'];

/** Checks a message from the trace panel's webview; returns it typed, or throws a ProtocolError naming what is wrong. */
export function parsePanelMessage(raw: unknown): PanelToHost {
  if (!isRecord(raw)) throw new ProtocolError('trace panel message: not an object');
  switch (raw.type) {
    case 'panel/ready':
      onlyKeys(raw, ['type'], 'panel/ready');
      return { type: 'panel/ready' };
    case 'trace/requestDetails':
      onlyKeys(raw, ['type', 'requestId', 'from', 'count'], 'trace/requestDetails');
      if (!isCount(raw.requestId, Number.MAX_SAFE_INTEGER) || !isCount(raw.from, MAX_OFFSET) || !isCount(raw.count, MAX_DETAIL_PAGE) || raw.count < 1)
        throw new ProtocolError(`trace/requestDetails: requestId and from must be whole numbers >= 0, count 1..${MAX_DETAIL_PAGE}`);
      return { type: 'trace/requestDetails', requestId: raw.requestId, from: raw.from, count: raw.count };
    case 'panel/export': {
      onlyKeys(raw, ['type', 'format'], 'panel/export');
      const format = EXPORT_FORMATS.find((f) => f === raw.format);
      if (!format) throw new ProtocolError(`panel/export: format must be one of ${EXPORT_FORMATS.join(', ')}`);
      return { type: 'panel/export', format };
    }
    case 'panel/position':
    case 'panel/moved':
      onlyKeys(raw, ['type', 'index'], raw.type);
      if (!isCount(raw.index, MAX_OFFSET)) throw new ProtocolError(`${raw.type}: index must be a whole number >= 0`);
      return { type: raw.type, index: raw.index };
    default:
      throw new ProtocolError(`trace panel message: unknown type ${JSON.stringify(raw.type)}`);
  }
}
