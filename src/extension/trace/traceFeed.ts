// The host side of one trace as the panels show it, whatever produced it (a running Solve, a debug
// thread, a `*.trace.json` file): the wire forms of its steps, made from core's trace on demand, its new
// steps as the trace announces them, and its exports. Core's trace holds the steps; nothing here keeps a
// copy of the list.

import { changeCounts, turnedRight, turnedWrong } from '../../core/cellHistory';
import { meanEntropy, movesOf } from '../../core/stateMotion';
import type { Step } from '../../core/step';
import { exportCsv, exportJson, type Trace } from '../../core/trace';
import {
  STEP_SUMMARY_FIELDS,
  type CellGrid,
  type StepDetail,
  type StepMovement,
  type StepSummary,
  type TraceMeta,
} from '../../shared/protocol';
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
}

export function feedOf(trace: Trace): TraceFeed {
  const detail = (step: Step) => detailOf(step, trace);
  return {
    meta: metaOf(trace),
    get length() {
      return trace.steps.length;
    },
    summary: (index) => summaryOf(trace, index),
    detail: (index) => detail(trace.steps[index]),
    onStep: (listener) => trace.onStep((step) => listener(summaryOf(trace, step.index), detail(step))),
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
