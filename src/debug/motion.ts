// How the debugger's step commands move through a recursion. The Call Stack has one frame per level
// the user has stepped into: supervision step, then H cycle, then the single update; Step Into adds a
// level, Step Out removes one, Step Over stays at the supervision level. Every command moves to the
// end of the next (or, backwards, the previous) unit of its level: the answer update that ends the
// cycle, or the one that ends the supervision step, where the heads decide whether to halt.

import type { Schedule } from '../core/bundle';
import type { StepKind } from '../core/step';

export type Depth = 'supervision' | 'cycle' | 'update';

export const DEPTHS: readonly Depth[] = ['supervision', 'cycle', 'update'];

export interface Coordinates {
  readonly supStep: number;
  readonly hCycle: number;
  readonly kind: StepKind;
}

export function deeper(depth: Depth): Depth {
  return DEPTHS[Math.min(DEPTHS.length - 1, DEPTHS.indexOf(depth) + 1)];
}

export function shallower(depth: Depth): Depth {
  return DEPTHS[Math.max(0, DEPTHS.indexOf(depth) - 1)];
}

/**
 * Whether this update ends a unit of `depth`: every update ends an update; answer updates end cycles; the last
 * cycle's ends the supervision step.
 */
export function endsUnit(step: Coordinates, depth: Depth, schedule: Pick<Schedule, 'hCycles'>): boolean {
  switch (depth) {
    case 'update':
      return true;
    case 'cycle':
      return step.kind === 'answer';
    case 'supervision':
      return step.kind === 'answer' && step.hCycle === schedule.hCycles - 1;
  }
}

/** The user's step commands, as the adapter receives them. */
export type StepCommand = 'over' | 'into' | 'out' | 'back';

/** The level a command moves at, and whether it moves forward. `out` at the top level runs on, as Continue does. */
export function planStep(
  command: StepCommand,
  depth: Depth,
): { readonly depth: Depth; readonly forward: boolean; readonly continues: boolean } {
  switch (command) {
    case 'over':
      return { depth: 'supervision', forward: true, continues: false };
    case 'into':
      return { depth: deeper(depth), forward: true, continues: false };
    case 'out':
      return { depth: shallower(depth), forward: true, continues: depth === 'supervision' };
    case 'back':
      return { depth, forward: false, continues: false };
  }
}
