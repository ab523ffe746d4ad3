// Moving through a trace like a debugger: stepping at three granularities and "run to" conditions.
// Pure functions over the step summaries (no DOM), so they are unit-tested and the panel only maps
// their answer (a step index, or null when nothing matches) onto the screen.

import { stateFinite } from '../../src/core/finiteState';
import type { Granularity, RunToCondition, Schedule, StepSummary } from '../../src/shared/protocol';

/** The step where a supervision step ends: its last record, after which heads and halting run. */
function endsSupervisionStep(steps: readonly StepSummary[], i: number): boolean {
  return i === steps.length - 1 ? steps[i].kind === 'answer' : steps[i + 1].supStep !== steps[i].supStep;
}

function isStop(steps: readonly StepSummary[], i: number, granularity: Granularity): boolean {
  switch (granularity) {
    case 'latent':
      return true;
    case 'answer':
      return steps[i].kind === 'answer';
    case 'supervision':
      return endsSupervisionStep(steps, i);
  }
}

/**
 * The next (direction 1) or previous (-1) stop at this granularity. Going back past the first stop
 * lands on step 0 so that "back" always reaches the start; going forward past the last stop stays put.
 */
export function stepIndex(
  steps: readonly StepSummary[],
  current: number,
  granularity: Granularity,
  direction: 1 | -1,
): number {
  if (steps.length === 0) return 0;
  for (let i = current + direction; i >= 0 && i < steps.length; i += direction) {
    if (isStop(steps, i, granularity)) return i;
  }
  return direction === -1 ? 0 : current;
}

export interface RunToParams {
  /** Row-major index of the chosen answer cell, for 'cellChange'. */
  readonly cell: number | null;
  /** Probability threshold in (0, 1], for 'haltThreshold'. */
  readonly threshold: number;
}

function firstFrom(steps: readonly StepSummary[], from: number, match: (s: StepSummary) => boolean): number | null {
  for (let i = Math.max(0, from); i < steps.length; i++) if (match(steps[i])) return i;
  return null;
}

/**
 * Where a "run to" condition stops, or null when no step satisfies it. Conditions named "first"
 * in the UI (halt, target, threshold) search the whole run; change conditions search forward from
 * the step after the current one, as a debugger's "continue" does.
 */
export function runTo(
  steps: readonly StepSummary[],
  current: number,
  condition: RunToCondition,
  params: RunToParams,
): number | null {
  switch (condition) {
    case 'halt':
      return firstFrom(steps, 0, (s) => s.halts);
    case 'target':
      return firstFrom(steps, 0, (s) => s.exact === true);
    case 'anyChange':
      return firstFrom(steps, current + 1, (s) => s.changed.length > 0);
    case 'cellChange': {
      const cell = params.cell;
      if (cell === null) return null;
      return firstFrom(steps, current + 1, (s) => s.changed.includes(cell));
    }
    case 'haltThreshold':
      return firstFrom(steps, 0, (s) => s.haltProb >= params.threshold);
    case 'nonFinite':
      return firstFrom(steps, 0, (s) => !stateFinite(s));
  }
}

/** The "call stack" line: where in the recursion this step is. */
export function locationLine(step: StepSummary, schedule: Schedule): string {
  const parts = [
    `supervision step ${step.supStep + 1} of ${schedule.haltMaxSteps}`,
    `cycle ${step.hCycle + 1} of ${schedule.hCycles}`,
    step.lCycle === null ? 'answer update' : `latent update ${step.lCycle + 1} of ${schedule.lCycles}`,
  ];
  return parts.join(' › ');
}

function percent(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : String(x);
}

/** The halting line: whether the model halts here, and with what probability. */
export function haltLine(step: StepSummary): string {
  const prob = `halt probability ${percent(step.haltProb)}`;
  return step.halts ? `halts here (${prob})` : `does not halt here (${prob})`;
}

/** A one-sentence summary of a step for screen readers (the live region). */
export function describeStep(step: StepSummary, total: number, schedule: Schedule): string {
  const parts = [`Step ${step.index + 1} of ${total}: ${locationLine(step, schedule)}`, haltLine(step)];
  parts.push(step.changed.length === 1 ? '1 cell changed' : `${step.changed.length} cells changed`);
  if (step.cellAccuracy !== null) parts.push(`cell accuracy ${percent(step.cellAccuracy)}`);
  if (step.exact !== null) parts.push(step.exact ? 'answer equals the target' : 'answer differs from the target');
  if (step.loss !== null) parts.push(`loss ${step.loss.toFixed(4)}`);
  if (!stateFinite(step)) parts.push(`y or z is not finite (|y| ${step.yNorm}, |z| ${step.zNorm})`);
  return `${parts.join('; ')}.`;
}
