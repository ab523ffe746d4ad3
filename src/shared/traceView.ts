// The trace as the panel sees it: what the host sends the webview to draw one recursion step.
// Scalars for every step travel up front (charts, run-to conditions and stepping need the whole
// run); the per-cell arrays of a step (StepDetail) travel on demand, because a 1,000-step trace of
// 30x30 grids would otherwise make the panel wait for megabytes before its first paint.

export type StepKind = 'latent' | 'answer';

/** How grid values are drawn: ARC colours, digits written in the cell (0 blank), or maze glyphs. */
export type Palette = 'arc' | 'digits' | 'maze';

export interface Grid {
  readonly height: number;
  readonly width: number;
  /** Row-major values, length height * width. */
  readonly cells: readonly number[];
}

export interface StepSummary {
  readonly index: number;
  readonly supStep: number;
  readonly hCycle: number;
  /** The latent update within the cycle; null for the answer update. */
  readonly lCycle: number | null;
  readonly kind: StepKind;
  /** Halting probability sigmoid(q_halt) of the supervision step this step belongs to, once known. */
  readonly haltProb: number | null;
  /** True on the step where the halting rule first fires. */
  readonly halts: boolean;
  readonly loss: number | null;
  readonly cellAccuracy: number | null;
  readonly exact: boolean | null;
  readonly yNorm: number;
  readonly zNorm: number;
  readonly ms: number;
  /** Row-major indices of answer cells that differ from the previous step's answer. */
  readonly changed: readonly number[];
}

export interface StepDetail {
  readonly index: number;
  readonly answer: Grid;
  /** Per answer cell, probability of the decoded value, in [0, 1]. */
  readonly confidence: readonly number[];
  /** Per answer cell, RMS norm of y / z at the token position of that cell. */
  readonly yNormCells: readonly number[];
  readonly zNormCells: readonly number[];
}

export interface Schedule {
  readonly hCycles: number;
  readonly lCycles: number;
  readonly haltMaxSteps: number;
}

export interface TraceMeta {
  readonly taskName: string;
  readonly testIndex: number;
  readonly modelName: string;
  readonly provider: string;
  readonly schedule: Schedule;
  readonly palette: Palette;
  readonly cellLabels: readonly string[] | null;
  readonly input: Grid;
  readonly target: Grid | null;
}

/**
 * Steps per page of step details for a grid of this many cells: 64 steps of a 6x6 grid, 18 of a
 * 30x30 one (about 0.3 MB of JSON), so one page is serialised, sent and parsed within a frame.
 */
export function detailsPageSize(cellsPerStep: number): number {
  return Math.max(8, Math.min(64, Math.floor(16384 / Math.max(1, cellsPerStep))));
}
