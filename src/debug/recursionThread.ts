// One debugger thread: the recursion on one test input. It runs the engine only as far as the user
// goes (a step forward past the recorded end pulls the next update from the engine) and walks the
// recorded trace for everything else, so stepping back is exact and costs nothing.

import type { SteppedSolve } from '../core/taskSolve';
import type { Trace } from '../core/trace';
import type { Breakpoints, Hit } from './breakpoints';
import type { Depth } from './motion';

/** Why the thread stopped where it did. */
export type Stop =
  | { readonly reason: 'entry' | 'step' | 'goto' | 'pause' | 'halt' | 'start' | 'end' }
  | { readonly reason: 'breakpoint'; readonly hit: Hit };

export interface Motion {
  /** Index the motion starts after (forward) or before (backward); -1 starts a run before the first update. */
  readonly from: number;
  readonly forward: boolean;
  /** The step to stop at, unless a breakpoint or a pause comes first. */
  readonly target: (index: number) => Stop | null;
  readonly breakpoints: Breakpoints;
}

/** Starts the engine on a thread's test input; its signal ends that run. */
export type StartSolve = (signal: AbortSignal) => Promise<SteppedSolve>;

export class RecursionThread {
  /** Index of the update the thread stands at (shown in Call Stack and Variables). */
  position = 0;
  /** The Call Stack's deepest level, which Step Into and Step Out change. */
  depth: Depth = 'supervision';
  private finished = false;
  private pauseRequested = false;
  private moving = false;

  private constructor(
    readonly id: number,
    readonly name: string,
    readonly testIndex: number,
    private readonly start: StartSolve,
    private solve: SteppedSolve,
    private abort: AbortController,
  ) {}

  /** A thread whose engine has started on its test input; `start` runs again on Restart. */
  static async open(id: number, name: string, testIndex: number, start: StartSolve): Promise<RecursionThread> {
    const abort = new AbortController();
    return new RecursionThread(id, name, testIndex, start, await start(abort.signal), abort);
  }

  get trace(): Trace {
    return this.solve.trace;
  }

  get running(): boolean {
    return this.moving;
  }

  /** Full y and z after update `index`, replayed from its supervision step's checkpoint. */
  materialise(index: number): Promise<{ y: Float32Array; z: Float32Array }> {
    return this.solve.materialise(index);
  }

  /** Whether update `index` exists, running the engine as far as needed. */
  async reach(index: number): Promise<boolean> {
    while (this.trace.steps.length <= index && !this.finished) {
      // The trace stores and announces the step; the thread only needs to know when the run is over.
      if ((await this.solve.steps.next()).done) this.finished = true;
    }
    return index < this.trace.steps.length;
  }

  /** Moves until the motion's target, a breakpoint, a pause or either end of the run. */
  async move(motion: Motion): Promise<Stop> {
    this.moving = true;
    this.pauseRequested = false;
    try {
      const step = motion.forward ? 1 : -1;
      for (let j = motion.from + step; ; j += step) {
        if (this.pauseRequested) return this.stopAt(j - step, { reason: 'pause' });
        if (j < 0) return this.stopAt(0, { reason: 'start' });
        if (!(await this.reach(j))) return this.stopAt(this.trace.steps.length - 1, { reason: 'end' });
        // A breakpoint names why it stops more precisely than the motion's own end, so it wins a tie.
        const hit = motion.breakpoints.hitAt(this.trace, j);
        if (hit) return this.stopAt(j, { reason: 'breakpoint', hit });
        const stop = motion.target(j);
        if (stop) return this.stopAt(j, stop);
      }
    } finally {
      this.moving = false;
    }
  }

  /** Asks a running motion to stop at the next update. */
  pause(): void {
    this.pauseRequested = true;
  }

  /** Moves to a recorded update (the trace panel's position); false when it has not run yet. */
  goto(index: number): boolean {
    if (this.moving || index < 0 || index >= this.trace.steps.length) return false;
    this.position = index;
    return true;
  }

  /** Discards the run and starts the engine again from the initial state. */
  async restart(): Promise<void> {
    this.abort.abort();
    this.abort = new AbortController();
    this.solve = await this.start(this.abort.signal);
    this.finished = false;
    this.position = 0;
    this.depth = 'supervision';
  }

  dispose(): void {
    this.abort.abort();
  }

  private stopAt(index: number, stop: Stop): Stop {
    this.position = Math.max(0, index);
    return stop;
  }
}
