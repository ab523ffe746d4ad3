// What the run charts draw, chart by chart. Under TRM's post-norm RMSNorm |y| and |z| are 1 at every
// position by construction, so the default charts show what moves instead: each update's step residual
// of the state it changed, the mean entropy of the decoded answer, and (once the run is complete) each
// state's distance to where it ends. |y|, |z| and the cosines are there on request.

import type { StepSummary } from '../../src/shared/protocol';
import { sketchedState, type StateName } from '../../src/shared/trajectory';

/** What the charts draw from: the panel model provides it. */
export interface RunSeries {
  readonly steps: readonly StepSummary[];
  distanceToLast(state: StateName): readonly (number | null)[] | null;
}

/** `run`: always shown; `movement`: shown when the trace measured motion; `more`: behind "More charts". */
export type ChartGroup = 'run' | 'movement' | 'more';

export interface Metric {
  readonly id: string;
  readonly title: string;
  /** What the chart says on hover: what the quantity is. */
  readonly about: string;
  readonly group: ChartGroup;
  /** Per step, null where unknown; null for the whole chart while it cannot be drawn yet (see `pending`). */
  readonly values: (run: RunSeries) => readonly (number | null)[] | null;
  /** Draw the line on across unknown steps: for a state that only some updates change. */
  readonly joined?: boolean;
  /** The readout at a step without a value. */
  readonly absent?: string;
  /** The range while `values` gives null. */
  readonly pending?: string;
}

const perStep =
  (value: (s: StepSummary) => number | null) =>
  (run: RunSeries): (number | null)[] =>
    run.steps.map(value);

/** A motion of `state`, at the updates that changed it only: elsewhere it is 0 or 1 by definition. */
const moved = (state: StateName, value: (m: NonNullable<StepSummary['moves']>) => number) =>
  perStep((s) => (s.moves !== null && sketchedState(s.kind) === state ? value(s.moves) : null));

export const METRICS: readonly Metric[] = [
  {
    id: 'loss',
    title: 'Loss',
    about: 'Cross-entropy against the target',
    group: 'run',
    values: perStep((s) => s.loss),
  },
  {
    id: 'accuracy',
    title: 'Cell accuracy',
    about: 'Share of the answer cells equal to the target',
    group: 'run',
    values: perStep((s) => s.cellAccuracy),
  },
  {
    id: 'halt',
    title: 'Halt probability',
    about: 'Halting head: probability of stopping here',
    group: 'run',
    values: perStep((s) => s.haltProb),
  },
  {
    id: 'dz',
    title: 'Δz',
    about: 'Step residual of z, ||z − z before|| / ||z before||, at each latent update',
    group: 'movement',
    values: moved('z', (m) => m.dz),
    joined: true,
    absent: 'z unchanged',
  },
  {
    id: 'dy',
    title: 'Δy',
    about: 'Step residual of y, ||y − y before|| / ||y before||, at each answer update',
    group: 'movement',
    values: moved('y', (m) => m.dy),
    joined: true,
    absent: 'y unchanged',
  },
  {
    id: 'entropy',
    title: 'Mean entropy',
    about: 'Mean entropy (nats) of the decoded distribution over the answer cells',
    group: 'movement',
    values: perStep((s) => s.meanEntropy),
  },
  {
    id: 'dist-z',
    title: 'z to last z',
    about: 'Distance of z to its last value, relative to it (from the sketches)',
    group: 'movement',
    values: (run) => run.distanceToLast('z'),
    pending: 'when the run is complete',
  },
  {
    id: 'dist-y',
    title: 'y to last y',
    about: 'Distance of y to its last value, relative to it (from the sketches)',
    group: 'movement',
    values: (run) => run.distanceToLast('y'),
    pending: 'when the run is complete',
  },
  {
    id: 'cos-z',
    title: 'cos(z, z before)',
    about: 'Cosine of z to z before the update, at each latent update',
    group: 'more',
    values: moved('z', (m) => m.cosZ),
    joined: true,
    absent: 'z unchanged',
  },
  {
    id: 'cos-y',
    title: 'cos(y, y before)',
    about: 'Cosine of y to y before the update, at each answer update',
    group: 'more',
    values: moved('y', (m) => m.cosY),
    joined: true,
    absent: 'y unchanged',
  },
  {
    id: 'y',
    title: '|y|',
    about: 'RMS of y (1 under post-norm RMSNorm)',
    group: 'more',
    values: perStep((s) => s.yNorm),
  },
  {
    id: 'z',
    title: '|z|',
    about: 'RMS of z (1 under post-norm RMSNorm)',
    group: 'more',
    values: perStep((s) => s.zNorm),
  },
];
