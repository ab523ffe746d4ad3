// What a dataset report holds (datasetReport.ts builds it, report.json stores it): types only, without
// the builder's imports, so the host-webview contract and the report webview can name them.

export interface StepFigures {
  /** supervision step, from 1 */
  readonly step: number;
  /** runs with a target that reached this step */
  readonly runs: number;
  readonly exact: number;
  readonly cellAccuracy: number;
}

export interface CalibrationBin {
  readonly from: number;
  readonly to: number;
  /** (run, step) pairs whose sigmoid(q_halt) falls in [from, to) */
  readonly pairs: number;
  readonly meanHaltProb: number;
  /** the fraction of those pairs whose grid is exactly right */
  readonly exact: number;
}

/** How often each value occurred; `null` is "never" (never right, never halts). */
export type Histogram = readonly { readonly value: number | null; readonly count: number }[];

export interface TaskRow {
  readonly task: string;
  readonly test: number;
  readonly runs: number;
  /** of the first run (the task's own identifier when it has one) */
  readonly trace: string;
  readonly folder: string;
  readonly firstRight: number | null;
  readonly haltsAt: number | null;
  readonly stableFrom: number;
  readonly turnedWrong: number;
  readonly finalExact: boolean | null;
  readonly passAt1: boolean | null;
  readonly passAt2: boolean | null;
}

export interface DatasetReport {
  readonly runs: number;
  readonly tasks: number;
  readonly testInputs: number;
  readonly scored: number;
  readonly perStep: readonly StepFigures[];
  readonly firstRight: Histogram;
  readonly haltsAt: Histogram;
  /** halting step minus first-right step over the runs that have both: > 0 the model "overthinks" */
  readonly haltLag: Histogram;
  readonly stableFrom: Histogram;
  readonly calibration: readonly CalibrationBin[];
  readonly turnedWrong: { readonly cells: number; readonly runs: number };
  /** exact when stopped where the halting rule first fires (the last step when it never does) */
  readonly exactAtHalt: number | null;
  /** mean over tasks of the fraction of their test inputs the vote's top K answers solve */
  readonly passAt: { readonly 1: number | null; readonly 2: number | null };
  readonly rows: readonly TaskRow[];
}

/** report.json: the report and what was run (its folders), as `trm-lens report` writes it. */
export interface DatasetReportFile extends DatasetReport {
  readonly title: string;
}
