// What the trace panel's host side needs from a trace, whatever produced it (a running solve or an
// imported file): the panel's view of every step, exports, and a file name stem. The engine's trace
// is adapted to this in traceAdapter.ts; nothing else in the panel knows the engine's types.

import type { StripFrame } from './gridStrip';
import type { StepDetail, StepSummary, TraceMeta } from '../shared/protocol';

export interface PanelTrace {
  readonly meta: TraceMeta;
  /** Every step recorded so far; a running solve appends to it. */
  readonly steps: readonly StepSummary[];
  detail(index: number): StepDetail;
  /** `<task>-<model>`, safe as a file name. */
  readonly fileStem: string;
  /** The trace in its versioned JSON format (what `*.trace.json` files hold). */
  exportJson(): string;
  /** One row per step with the step's metrics. */
  exportCsv(): string;
}

/** A name safe in any file system: letters, digits, dot, dash and underscore. */
export function safeStem(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '')).filter(Boolean).join('-') || 'trace';
}

/** The strip for the PNG export: input, the answer at the end of each supervision step, target. */
export function stripFrames(trace: PanelTrace): StripFrame[] {
  const { steps, meta } = trace;
  const frames: StripFrame[] = [{ label: 'IN', grid: meta.input, halts: false }];
  for (let i = 0; i < steps.length; i++) {
    const last = i === steps.length - 1 || steps[i + 1].supStep !== steps[i].supStep;
    if (!last) continue;
    const halts = steps.some((s) => s.supStep === steps[i].supStep && s.halts);
    frames.push({ label: String(steps[i].supStep + 1), grid: trace.detail(i).answer, halts });
  }
  if (meta.target) frames.push({ label: 'T', grid: meta.target, halts: false });
  return frames;
}
