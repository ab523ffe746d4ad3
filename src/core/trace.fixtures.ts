// A small trace header and step, made by hand for tests that need a trace without running a model: a
// `width`-wide single-row canvas behind `puzzleEmbLen` puzzle positions, and a step whose arrays fit it.

import type { Grid } from './arcTask';
import type { Step } from './step';
import type { TraceHeader } from './trace';

export interface HeaderShape {
  readonly width?: number;
  readonly puzzleEmbLen?: number;
  readonly target?: Grid | null;
  readonly palette?: 'arc' | 'digits';
}

export function traceHeader({
  width = 2,
  puzzleEmbLen = 0,
  target = null,
  palette = 'digits',
}: HeaderShape = {}): TraceHeader {
  return {
    task: { id: 't', testIndex: 0, input: [Array<number>(width).fill(0)], target },
    model: {
      name: 'm',
      digest: 'a'.repeat(64),
      family: 'trm',
      hiddenSize: 1,
      puzzleEmbLen,
      schedule: { hCycles: 1, lCycles: 1, haltMaxSteps: 2, haltRule: 'q_halt_positive' },
      encoding: {
        layout: 'fixed',
        height: 1,
        width,
        padToken: 0,
        eosToken: null,
        valueOffset: 1,
        numValues: 9,
        palette,
        cellLabels: null,
      },
    },
    provider: { name: 'cpu', skipped: [] },
    identifier: { index: 0, name: '<blank>' },
    createdAt: '2026-01-01T00:00:00Z',
  };
}

/** Step `index` of two updates per supervision step (a latent one, then an answer one), with `fields` over it. */
export function stepOf(index: number, fields: Partial<Step> = {}): Step {
  const kind = fields.kind ?? (index % 2 === 0 ? 'latent' : 'answer');
  const answer = fields.answer ?? [[1, 1]];
  const cells = answer.length * (answer[0]?.length ?? 0);
  return {
    index,
    supStep: Math.floor(index / 2),
    hCycle: 0,
    lCycle: kind === 'latent' ? 0 : null,
    kind,
    answer,
    confidence: Array<number>(cells).fill(1),
    changed: [],
    yNorm: 1,
    zNorm: 1,
    yNormPerPos: Array<number>(cells).fill(1),
    zNormPerPos: Array<number>(cells).fill(1),
    qHalt: -1,
    qContinue: 0,
    haltProb: 0.27,
    halts: false,
    loss: null,
    cellAccuracy: null,
    exact: null,
    latentAnswer: null,
    motion: null,
    entropy: null,
    ms: 1,
    ...fields,
  };
}
