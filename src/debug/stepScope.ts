// What a recorded step offers to expressions (Watch, conditions, Debug Console) and to breakpoints on
// named events. Counters are 1-based as the Call Stack shows them; cell coordinates are 0-based, as
// grids are indexed in the task's JSON.

import type { Grid } from '../core/arcTask';
import { turnedWrong } from '../core/cellHistory';
import { stateFinite } from '../core/finiteState';
import { meanEntropy, movesOf } from '../core/stateMotion';
import type { Trace } from '../core/trace';
import type { Scope, Value } from '../core/watchExpression';

/** Names an expression may use, with what they mean (the Debug Console's `help` lists them). */
export const STEP_NAMES: Readonly<Record<string, string>> = {
  step: 'number of this update in the run, from 1',
  sup: 'supervision step, from 1',
  cycle: 'H cycle within the supervision step, from 1',
  latent: 'latent update within the cycle, from 1; 0 on the answer update',
  answer_update: 'true on the answer update y = net(y, z)',
  q_halt: 'halting logit of the q head (the rule halts where it is above 0, or above q_continue)',
  q_continue: 'continue logit of the q head',
  halt_prob: 'sigmoid(q_halt)',
  halts: 'true on the update where the halting rule first fires',
  changed: 'number of answer cells that changed in this update',
  loss: 'supervision loss against the target (null without a target)',
  accuracy: 'fraction of answer cells equal to the target (null without a target)',
  exact: 'true when the answer equals the target (null without a target)',
  y_norm: 'RMS of the answer state y (1 at every position under post-norm RMSNorm: dy and dz say more)',
  z_norm: 'RMS of the latent z',
  dy: 'step residual of y, ||y - y_before|| / ||y_before||; 0 on a latent update (null in older traces)',
  dz: 'step residual of z; 0 on an answer update (null in older traces)',
  cos_y: 'cosine between y and y before this update (null in older traces)',
  cos_z: 'cosine between z and z before this update (null in older traces)',
  entropy: 'mean entropy (nats) of the decoded distribution over the answer cells (null in older traces)',
  turned_wrong: 'number of cells right before this update and wrong after it (null without a target)',
  finite: 'true while y and z hold only finite numbers (no NaN or infinity)',
};

export const STEP_FUNCTIONS: Readonly<Record<string, string>> = {
  'cell(r, c)': 'value of the answer at row r, column c (from 0); null outside the grid',
  'target(r, c)': 'value of the target there; null without a target',
  'input(r, c)': 'value of the test input there',
};

/**
 * Named events: true on the steps where they happen. They are names like any other, so a function
 * breakpoint on `answer_changed` and one on `answer_changed && sup >= 3` are both just expressions.
 */
export const STEP_EVENTS: Readonly<
  Record<string, { readonly description: string; readonly at: (trace: Trace, index: number) => boolean }>
> = {
  halt: { description: 'the halting rule fires', at: (trace, i) => trace.steps[i].halts },
  answer_correct: {
    description: 'the answer becomes equal to the target',
    at: (trace, i) => trace.steps[i].exact === true && (i === 0 || trace.steps[i - 1].exact !== true),
  },
  answer_changed: { description: 'any answer cell changes', at: (trace, i) => trace.steps[i].changed.length > 0 },
  cell_turned_wrong: {
    description: 'a cell that was right turns wrong',
    at: (trace, i) => (turnedWrongAt(trace, i)?.length ?? 0) > 0,
  },
  nonfinite: {
    description: 'y or z stops being finite (becomes NaN or infinite)',
    at: (trace, i) => !stateFinite(trace.steps[i]) && (i === 0 || stateFinite(trace.steps[i - 1])),
  },
};

/** Cells step `index` turned wrong, or null without a target. */
function turnedWrongAt(trace: Trace, index: number): number[] | null {
  const target = trace.header.task.target;
  if (!target || index === 0) return target ? [] : null;
  return turnedWrong(trace.steps[index - 1].answer, trace.steps[index].answer, target);
}

function cellOf(grid: Grid | null, args: readonly Value[]): Value {
  const [r, c] = args;
  if (!grid || typeof r !== 'number' || typeof c !== 'number') return null;
  return grid[r]?.[c] ?? null;
}

function variables(trace: Trace, index: number): Record<string, Value> {
  const step = trace.steps[index];
  const moves = movesOf(step);
  const events = Object.fromEntries(Object.entries(STEP_EVENTS).map(([name, event]) => [name, event.at(trace, index)]));
  return {
    ...events,
    step: step.index + 1,
    sup: step.supStep + 1,
    cycle: step.hCycle + 1,
    latent: step.lCycle === null ? 0 : step.lCycle + 1,
    answer_update: step.kind === 'answer',
    q_halt: step.qHalt,
    q_continue: step.qContinue,
    halt_prob: step.haltProb,
    halts: step.halts,
    changed: step.changed.length,
    loss: step.loss,
    accuracy: step.cellAccuracy,
    exact: step.exact,
    y_norm: step.yNorm,
    z_norm: step.zNorm,
    dy: moves?.dy ?? null,
    dz: moves?.dz ?? null,
    cos_y: moves?.cosY ?? null,
    cos_z: moves?.cosZ ?? null,
    entropy: meanEntropy(step.entropy),
    turned_wrong: turnedWrongAt(trace, index)?.length ?? null,
    finite: stateFinite(step),
  };
}

const KNOWN_NAMES = [...Object.keys(STEP_NAMES), ...Object.keys(STEP_EVENTS)];

/** The grids the cell functions read, by function name. */
function gridsOf(trace: Trace, index: number): Record<'cell' | 'target' | 'input', Grid | null> {
  return { cell: trace.steps[index].answer, target: trace.header.task.target, input: trace.header.task.input };
}

/** The scope of step `index` of a trace. */
export function stepScope(trace: Trace, index: number): Scope {
  const names = variables(trace, index);
  const grids: Record<string, Grid | null> = gridsOf(trace, index);
  return {
    variable: (name) => (Object.hasOwn(names, name) ? names[name] : undefined),
    call: (name, args) => (Object.hasOwn(grids, name) ? cellOf(grids[name], args) : undefined),
    knownNames: KNOWN_NAMES,
  };
}

const CELL_FUNCTIONS: readonly string[] = ['cell', 'target', 'input'] satisfies (keyof ReturnType<typeof gridsOf>)[];

/**
 * A scope with every name and function of a step, all 0: evaluating an expression in it fails only on
 * an unknown name or a type error, so a breakpoint can be checked before any step exists.
 */
export const NAME_CHECK_SCOPE: Scope = {
  variable: (name) => (KNOWN_NAMES.includes(name) ? 0 : undefined),
  call: (name) => (CELL_FUNCTIONS.includes(name) ? 0 : undefined),
  knownNames: KNOWN_NAMES,
};
