// The Variables view of a step: scalars first, then grids as rows of text and y / z summaries, each
// expanded only when the user opens it (y and z statistics replay the supervision step to get the
// full tensors). Names match the expression names, so "Add to Watch" gives a working expression.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Grid } from '../core/arcTask';
import type { Schedule } from '../core/bundle';
import { stateFinite } from '../core/finiteState';
import { meanEntropy, movesOf } from '../core/stateMotion';
import type { Step } from '../core/step';
import type { Trace } from '../core/trace';
import { formatValue, type Value } from '../core/watchExpression';
import { EMPTY_ANSWER } from '../shared/emptyAnswer';
import type { RecursionThread } from './recursionThread';

/** Children of an expandable variable, fetched when the user expands it; `start`/`count` page long lists. */
export type Children = (start: number, count: number) => Promise<DebugProtocol.Variable[]>;

/** Turns children into a variablesReference (the adapter's handle table). */
export type Expand = (children: Children) => number;

export interface Expandable {
  readonly children: Children;
  /** Set for long lists the client should page through. */
  readonly indexed?: number;
}

function leaf(name: string, value: string, evaluateName?: string): DebugProtocol.Variable {
  return { name, value, variablesReference: 0, ...(evaluateName ? { evaluateName } : {}) };
}

function node(
  name: string,
  value: string,
  expand: Expand,
  item: Expandable,
  evaluateName?: string,
): DebugProtocol.Variable {
  return {
    name,
    value,
    variablesReference: expand(item.children),
    ...(item.indexed ? { indexedVariables: item.indexed } : {}),
    ...(evaluateName ? { evaluateName } : {}),
  };
}

const all =
  (list: () => DebugProtocol.Variable[]): Children =>
  async () =>
    list();

function gridRows(grid: Grid): Expandable {
  const width = Math.max(...grid.flat().map((v) => String(v).length));
  return {
    children: all(() => grid.map((row, r) => leaf(`[${r}]`, row.map((v) => String(v).padStart(width)).join(' ')))),
  };
}

function gridValue(grid: Grid): string {
  return grid.length === 0 ? EMPTY_ANSWER : `${grid.length}×${grid[0]?.length ?? 0} grid`;
}

/** RMS and mean over every element (NaN or infinite as soon as one is); min and max over the finite ones. */
function stats(values: Float32Array): { rms: number; mean: number; min: number; max: number; nonFinite: number } {
  let sum = 0;
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  for (const v of values) {
    sum += v;
    squares += v * v;
    if (!Number.isFinite(v)) nonFinite++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { rms: Math.sqrt(squares / values.length), mean: sum / values.length, min, max, nonFinite };
}

const fmt = (x: number) => formatValue(x);

/** A tensor (y or z): its summary statistics (replayed) and the RMS at each position (recorded). */
function tensor(thread: RecursionThread, index: number, which: 'y' | 'z', expand: Expand): Expandable {
  const step = thread.trace.steps[index];
  const perPos = which === 'y' ? step.yNormPerPos : step.zNormPerPos;
  const { puzzleEmbLen, encoding } = thread.trace.header.model;
  const positionName = (p: number) =>
    p < puzzleEmbLen
      ? `puzzle ${p}`
      : `(${Math.floor((p - puzzleEmbLen) / encoding.width)}, ${(p - puzzleEmbLen) % encoding.width})`;
  const perPosition: Expandable = {
    indexed: perPos.length,
    children: async (start, count) =>
      perPos.slice(start, start + count).map((v, i) => leaf(`[${start + i}] ${positionName(start + i)}`, fmt(v))),
  };
  return {
    children: async () => {
      const state = await thread.materialise(index);
      const values = which === 'y' ? state.y : state.z;
      const s = stats(values);
      const extreme = (x: number) => (s.nonFinite === values.length ? 'none finite' : fmt(x));
      return [
        leaf('rms', fmt(s.rms), `${which}_norm`),
        leaf('mean', fmt(s.mean)),
        leaf('min', extreme(s.min)),
        leaf('max', extreme(s.max)),
        leaf('non-finite', `${s.nonFinite} of ${values.length} elements NaN or infinite`),
        leaf('shape', `[${perPos.length}, ${thread.trace.header.model.hiddenSize}]`),
        node(
          'rms per position',
          `${perPos.length} positions (puzzle embedding first, then the grid row by row)`,
          expand,
          perPosition,
        ),
      ];
    },
  };
}

function changedCells(thread: RecursionThread, index: number): Expandable {
  const steps = thread.trace.steps;
  const step = steps[index];
  const before = index > 0 ? steps[index - 1].answer : null;
  const width = step.answer[0]?.length ?? 1;
  return {
    children: all(() =>
      step.changed.map((cell, i) => {
        const r = Math.floor(cell / width);
        const c = cell % width;
        const change = `(${r}, ${c}): ${before?.[r]?.[c] ?? '–'} → ${step.answer[r][c]}`;
        return leaf(`[${i}]`, change, `cell(${r}, ${c})`);
      }),
    ),
  };
}

function confidenceRows(thread: RecursionThread, index: number): Expandable {
  const step = thread.trace.steps[index];
  const width = step.answer[0]?.length ?? 1;
  return {
    children: all(() =>
      step.answer.map((_, r) =>
        leaf(
          `[${r}]`,
          step.confidence
            .slice(r * width, (r + 1) * width)
            .map((p) => p.toFixed(2))
            .join(' '),
        ),
      ),
    ),
  };
}

/** Structured names the Watch view and Debug Console can expand: `answer`, `y`, ... */
export function structured(
  thread: RecursionThread,
  index: number,
  name: string,
  expand: Expand,
): DebugProtocol.Variable | null {
  const { task } = thread.trace.header;
  const step = thread.trace.steps[index];
  switch (name) {
    case 'answer':
      return node('answer', gridValue(step.answer), expand, gridRows(step.answer), 'answer');
    case 'target':
      return task.target
        ? node('target', gridValue(task.target), expand, gridRows(task.target), 'target')
        : leaf('target', 'unknown (the task has no test output)');
    case 'input':
      return node('input', gridValue(task.input), expand, gridRows(task.input), 'input');
    case 'y':
    case 'z':
      return node(
        name,
        `rms ${fmt(name === 'y' ? step.yNorm : step.zNorm)}`,
        expand,
        tensor(thread, index, name, expand),
        name,
      );
    case 'confidence': {
      if (step.confidence.length === 0) return leaf('confidence', `no cells (the answer is ${EMPTY_ANSWER})`);
      const mean = step.confidence.reduce((a, b) => a + b, 0) / Math.max(1, step.confidence.length);
      return node(
        'confidence',
        `mean ${mean.toFixed(3)}, min ${Math.min(...step.confidence).toFixed(3)}`,
        expand,
        confidenceRows(thread, index),
        'confidence',
      );
    }
    case 'changed':
      // The value is the bare count, so `changed` in Watch reads as the number that `changed > 0` tests.
      return step.changed.length
        ? node('changed', String(step.changed.length), expand, changedCells(thread, index), 'changed')
        : leaf('changed', '0', 'changed');
    default:
      return null;
  }
}

function positionOf(step: Step, schedule: Schedule): string {
  const where = [
    `supervision step ${step.supStep + 1} of ${schedule.haltMaxSteps}`,
    `cycle ${step.hCycle + 1} of ${schedule.hCycles}`,
    step.lCycle === null ? 'answer update' : `latent update ${step.lCycle + 1} of ${schedule.lCycles}`,
  ];
  return where.join(' › ');
}

/** Where y or z first stopped being finite, among the updates recorded so far. */
function firstNonFiniteText(trace: Trace): string {
  const first = trace.firstNonFinite();
  if (first === null)
    return trace.steps.length === 0 ? 'not yet known' : `none in the ${trace.steps.length} updates recorded`;
  return `step ${first + 1}: ${positionOf(trace.steps[first], trace.header.model.schedule)}`;
}

/** How the update moved y and z, and the answer's entropy: one node, so the scope's first screen stays short. */
function motionNode(step: Step, expand: Expand): DebugProtocol.Variable | null {
  const moves = movesOf(step);
  if (!moves) return null;
  const scalar = (name: string, value: Value) => leaf(name, formatValue(value), name);
  const children = [
    scalar('dy', moves.dy),
    scalar('dz', moves.dz),
    scalar('cos_y', moves.cosY),
    scalar('cos_z', moves.cosZ),
    scalar('entropy', meanEntropy(step.entropy)),
  ];
  const moved = step.kind === 'latent' ? `dz ${formatValue(moves.dz)}` : `dy ${formatValue(moves.dy)}`;
  return node('motion', moved, expand, { children: all(() => children) });
}

/** The Step scope: where it is, the halting head, the score against the target, then the grids and tensors. */
export function stepVariables(thread: RecursionThread, index: number, expand: Expand): DebugProtocol.Variable[] {
  const step = thread.trace.steps[index];
  const { schedule } = thread.trace.header.model;
  const scalar = (name: string, value: Value) => leaf(name, formatValue(value), name);
  const out = [
    leaf('position', positionOf(step, schedule)),
    scalar('step', index + 1),
    scalar('halts', step.halts),
    scalar('q_halt', step.qHalt),
    scalar('q_continue', step.qContinue),
    scalar('halt_prob', step.haltProb),
  ];
  out.push(scalar('finite', stateFinite(step)));
  if (thread.trace.header.task.target)
    out.push(scalar('loss', step.loss), scalar('accuracy', step.cellAccuracy), scalar('exact', step.exact));
  const motion = motionNode(step, expand);
  if (motion) out.push(motion);
  for (const name of ['changed', 'answer', 'target', 'input', 'confidence', 'y', 'z']) {
    const variable = structured(thread, index, name, expand);
    if (variable && !(name === 'target' && !thread.trace.header.task.target)) out.push(variable);
  }
  return out;
}

/** The Run scope: what is being debugged. */
export function runVariables(thread: RecursionThread): DebugProtocol.Variable[] {
  const h = thread.trace.header;
  const s = h.model.schedule;
  return [
    leaf('task', `${h.task.id}, test ${h.task.testIndex + 1}`),
    leaf('model', `${h.model.name} (${h.model.family})`),
    leaf('provider', h.provider.name),
    leaf(
      'schedule',
      `${s.haltMaxSteps} supervision steps × ${s.hCycles} cycles × (${s.lCycles} latent + 1 answer update)`,
    ),
    leaf('recorded', `${thread.trace.steps.length} updates`),
    leaf(
      'halting rule would stop at',
      thread.trace.haltRuleFiresAt === null ? 'not yet' : `supervision step ${thread.trace.haltRuleFiresAt + 1}`,
    ),
    leaf('first non-finite', firstNonFiniteText(thread.trace)),
  ];
}
