// The host side of one trace as the panels show it, whatever produced it (a running Solve, a debug
// thread, a `*.trace.json` file): the wire forms of its steps, made from core's trace on demand, its new
// steps as the trace announces them, and its exports. Core's trace holds the steps; nothing here keeps a
// copy of the list.

import { parseAugmentation, type Augmentation } from '../../core/augmentation';
import { changeCounts, turnedRight, turnedWrong } from '../../core/cellHistory';
import { meanEntropy, movesOf } from '../../core/stateMotion';
import type { Step } from '../../core/step';
import { exportCsv, exportJson, type Trace } from '../../core/trace';
import {
  STEP_SUMMARY_FIELDS,
  type CellGrid,
  type Orientation,
  type StepDetail,
  type StepMovement,
  type StepSummary,
  type TraceMeta,
} from '../../shared/protocol';
import { AsGiven } from './asGiven';
import type { StripFrame } from './gridStrip';

/** What a trace panel needs of a trace. */
export interface TraceFeed {
  readonly meta: TraceMeta;
  /** Steps recorded so far. */
  readonly length: number;
  summary(index: number): StepSummary;
  detail(index: number): StepDetail;
  /** Hands on each step recorded from now on, in its wire forms. */
  onStep(listener: (summary: StepSummary, detail: StepDetail) => void): { dispose(): void };
  /** `<task>-<model>`, safe as a file name. */
  readonly fileStem: string;
  /** The trace in its versioned JSON format (what `*.trace.json` files hold). */
  exportJson(): string;
  /** One row per step with the step's metrics. */
  exportCsv(): string;
  /** For a trace of an augmented puzzle: how it is shown, and the same trace shown the other way. */
  readonly augmented: AugmentedFeed | null;
}

export interface AugmentedFeed {
  /** The puzzle identifier that names the augmentation. */
  readonly identifier: string;
  readonly shown: Orientation;
  turned(): TraceFeed;
}

/** The augmentation the trace's puzzle identifier names; null for a base one, or a name that is no augmentation. */
function augmentationOf(trace: Trace): Augmentation | null {
  try {
    return parseAugmentation(trace.header.identifier.name).augmentation;
  } catch {
    return null;
  }
}

/**
 * The trace as the panels show it. A trace of an augmented puzzle is shown as the puzzle was given unless
 * `orientation` says 'model' (the augmented view the model saw, as recorded); exports are always as recorded.
 */
export function feedOf(trace: Trace, orientation: Orientation = 'asGiven'): TraceFeed {
  const augmentation = augmentationOf(trace);
  const asGiven = augmentation && orientation === 'asGiven' ? new AsGiven(augmentation) : null;
  const target = trace.header.task.target && gridOf(trace.header.task.target);
  const summary = (index: number) => {
    const recorded = summaryOf(trace, index);
    return asGiven ? asGiven.summary(recorded, gridOf(trace.steps[index].answer), target) : recorded;
  };
  const detail = (step: Step) => {
    const recorded = detailOf(step, trace);
    return asGiven ? asGiven.detail(recorded) : recorded;
  };
  const meta = metaOf(trace);
  return {
    meta: asGiven ? asGiven.meta(meta) : meta,
    get length() {
      return trace.steps.length;
    },
    summary,
    detail: (index) => detail(trace.steps[index]),
    onStep: (listener) => trace.onStep((step) => listener(summary(step.index), detail(step))),
    augmented: augmentation && {
      identifier: trace.header.identifier.name,
      shown: asGiven ? 'asGiven' : 'model',
      turned: () => feedOf(trace, asGiven ? 'model' : 'asGiven'),
    },
    fileStem: safeStem(trace.header.task.id, trace.header.model.name),
    exportJson: () => exportJson(trace),
    exportCsv: () => exportCsv(trace),
  };
}

/** Step `index` of a trace as the panel's summary: the listed fields, and what moved. */
export function summaryOf(trace: Trace, index: number): StepSummary {
  const step = trace.steps[index];
  const picked: Record<string, unknown> = {};
  for (const field of STEP_SUMMARY_FIELDS) picked[field] = step[field];
  return { ...(picked as Pick<Step, (typeof STEP_SUMMARY_FIELDS)[number]>), ...movementOf(trace, index) };
}

function movementOf(trace: Trace, index: number): StepMovement {
  const step = trace.steps[index];
  const target = trace.header.task.target;
  const before = index > 0 ? trace.steps[index - 1].answer : null;
  return {
    moves: movesOf(step),
    meanEntropy: meanEntropy(step.entropy),
    sketch: step.motion?.sketch ?? null,
    turnedWrong: target && before ? turnedWrong(before, step.answer, target) : [],
    turnedRight: target && before ? turnedRight(before, step.answer, target) : [],
  };
}

function gridOf(rows: readonly (readonly number[])[]): CellGrid {
  return { height: rows.length, width: rows[0]?.length ?? 0, cells: rows.flat() };
}

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

/** Per-position norms are over the model's canvas (puzzle positions first); the panel wants them per answer cell. */
function detailOf(step: Step, trace: Trace): StepDetail {
  const answer = gridOf(step.answer);
  const { puzzleEmbLen, encoding } = trace.header.model;
  // The answer's cells sit at canvas positions behind the puzzle-embedding positions, row by row.
  const perCell = (perPos: readonly number[]) => {
    const out = new Array<number>(answer.height * answer.width);
    for (let r = 0; r < answer.height; r++) {
      for (let c = 0; c < answer.width; c++) {
        out[r * answer.width + c] = round(perPos[puzzleEmbLen + r * encoding.width + c] ?? 0, 4);
      }
    }
    return out;
  };
  return {
    index: step.index,
    answer,
    confidence: step.confidence.map((c) => round(c, 3)),
    yNormCells: perCell(step.yNormPerPos),
    zNormCells: perCell(step.zNormPerPos),
    motionCells: step.motion ? perCell(step.motion.residualPerPos) : null,
    entropyCells: step.entropy?.map((h) => round(h, 3)) ?? null,
    latentAnswer: step.latentAnswer ? gridOf(step.latentAnswer) : null,
    changeCounts: changeCounts(
      trace.steps.slice(0, step.index + 1).map((s) => s.answer),
      step.answer,
    ),
  };
}

function metaOf(trace: Trace): TraceMeta {
  const h = trace.header;
  return {
    taskName: h.task.id,
    testIndex: h.task.testIndex,
    modelName: h.model.name,
    provider: h.provider.name,
    schedule: h.model.schedule,
    palette: h.model.encoding.palette,
    cellLabels: h.model.encoding.cellLabels,
    input: gridOf(h.task.input),
    target: h.task.target ? gridOf(h.task.target) : null,
  };
}

/** A name safe in any file system: letters, digits, dot, dash and underscore. */
export function safeStem(...parts: string[]): string {
  const clean = (p: string) => p.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '');
  return parts.map(clean).filter(Boolean).join('-') || 'trace';
}

/** The strip for the PNG export: input, the answer at the end of each supervision step, target. */
export function stripFrames(feed: TraceFeed): StripFrame[] {
  const { meta } = feed;
  const frames: StripFrame[] = [{ label: 'IN', grid: meta.input, halts: false }];
  let halts = false;
  for (let i = 0; i < feed.length; i++) {
    const step = feed.summary(i);
    halts ||= step.halts;
    if (i < feed.length - 1 && feed.summary(i + 1).supStep === step.supStep) continue;
    frames.push({ label: String(step.supStep + 1), grid: feed.detail(i).answer, halts });
    halts = false;
  }
  if (meta.target) frames.push({ label: 'T', grid: meta.target, halts: false });
  return frames;
}
