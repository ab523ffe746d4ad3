// The solver behind Solve: the engine runs in the solve worker (solveWorkerClient.ts), off the extension
// host's thread, on the chosen test input; the trace built from what it posts is handed to the panels
// as a feed.

import { UnknownIdentifierError } from '../../core/taskSolve';
import { feedOf } from '../trace/traceFeed';
import type { BlankIdChoice } from './blankIdChoice';
import type { LiveSolve, StartSolve } from './solveController';
import type { SolveWorker, WorkerJob, WorkerSolve } from './solveWorkerClient';

/** Starts solves in `worker`, asking here (on the host) whether an unknown task may use the blank identifier. */
export function engineSolver(worker: SolveWorker, blankIds: BlankIdChoice): StartSolve {
  return async (job) => {
    const options: WorkerJob = {
      dir: job.settings.model.dir,
      provider: job.settings.provider,
      task: job.task,
      testIndex: job.testIndex,
      stopAtHalt: job.settings.stopAtHalt,
      allowBlankId: false,
      signal: job.signal,
    };
    let solve: WorkerSolve;
    try {
      solve = await worker.start(options);
    } catch (e) {
      if (!(e instanceof UnknownIdentifierError) || !(await blankIds.allows(e, job.settings.model.dir))) throw e;
      solve = await worker.start({ ...options, allowBlankId: true });
    }
    return liveSolveOf(solve);
  };
}

function liveSolveOf(solve: WorkerSolve): LiveSolve {
  const { provider } = solve.trace.header;
  return {
    feed: feedOf(solve.trace),
    modelName: solve.trace.header.model.name,
    expectedSteps: solve.expectedSteps,
    steps: solve.steps,
    provider: () => ({
      name: provider.name,
      report: provider.skipped.length ? `Skipped: ${provider.skipped.join('; ')}` : `Ran on ${provider.name}.`,
    }),
  };
}
