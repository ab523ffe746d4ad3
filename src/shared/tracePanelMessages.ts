// Messages between the trace panel's host side and its webview, and the runtime check of what the
// webview sends (a webview is untrusted input to the host).

import type { ExportFormat, Overlay, PanelAction } from './panelAction';
import type { StepDetail, StepSummary, TraceMeta } from './traceView';

/** What the panel remembers across a window reload (webview state) besides the trace itself. */
export interface PanelViewState {
  readonly index: number;
  readonly overlays: readonly Overlay[];
  readonly norm: 'y' | 'z';
  readonly pickedCell: number | null;
  readonly threshold: number;
  readonly speed: number;
}

/** Where the host can find the trace again after a reload: a trace file it or the user saved. */
export interface TraceSource {
  readonly path: string;
}

export type HostToPanel =
  /** A new trace replaces whatever the panel shows. `openedAt` (ms since epoch) times the panel's readiness. */
  | { readonly type: 'trace/load'; readonly meta: TraceMeta; readonly steps: readonly StepSummary[]; readonly details: readonly StepDetail[]; readonly complete: boolean; readonly source: TraceSource | null; readonly view: PanelViewState | null; readonly openedAt: number }
  /** Steps of a running solve, as they come. */
  | { readonly type: 'trace/append'; readonly steps: readonly StepSummary[]; readonly details: readonly StepDetail[] }
  | { readonly type: 'trace/complete'; readonly source: TraceSource | null }
  | { readonly type: 'trace/details'; readonly requestId: number; readonly details: readonly StepDetail[] }
  | { readonly type: 'trace/solving'; readonly label: string }
  /** A solve failed; the panel keeps showing the previous trace. */
  | { readonly type: 'trace/error'; readonly message: string }
  | { readonly type: 'panel/action'; readonly action: PanelAction }
  | { readonly type: 'panel/notice'; readonly message: string };

export type PanelToHost =
  | { readonly type: 'panel/ready' }
  | { readonly type: 'trace/requestDetails'; readonly requestId: number; readonly from: number; readonly count: number }
  | { readonly type: 'panel/export'; readonly format: ExportFormat }
  | { readonly type: 'panel/position'; readonly index: number };

/** Largest page of step details one request may ask for. */
export const MAX_DETAIL_PAGE = 256;

const exportFormats: readonly string[] = ['json', 'csv', 'png'];

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/** Checks a message from the webview; returns it typed, or throws naming what is wrong. */
export function parsePanelMessage(raw: unknown): PanelToHost {
  if (typeof raw !== 'object' || raw === null) throw new Error('trace panel message: not an object');
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'panel/ready':
      return { type: 'panel/ready' };
    case 'trace/requestDetails':
      if (!isIndex(m.requestId) || !isIndex(m.from) || !isIndex(m.count) || m.count < 1 || m.count > MAX_DETAIL_PAGE)
        throw new Error(`trace panel message trace/requestDetails: requestId, from and count (1..${MAX_DETAIL_PAGE}) must be whole numbers`);
      return { type: 'trace/requestDetails', requestId: m.requestId, from: m.from, count: m.count };
    case 'panel/export':
      if (typeof m.format !== 'string' || !exportFormats.includes(m.format))
        throw new Error(`trace panel message panel/export: format must be one of ${exportFormats.join(', ')}`);
      return { type: 'panel/export', format: m.format as ExportFormat };
    case 'panel/position':
      if (!isIndex(m.index)) throw new Error('trace panel message panel/position: index must be a whole number');
      return { type: 'panel/position', index: m.index };
    default:
      throw new Error(`trace panel message: unknown type ${JSON.stringify(m.type)}`);
  }
}
