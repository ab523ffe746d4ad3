// The solver behind Solve: a session from the bundle cache, the engine on the chosen test input, and the
// trace it records handed to the panels as a feed.

import type { Bundle } from '../../core/bundle';
import { stepsPerSupervision } from '../../core/engine';
import type { Step } from '../../core/step';
import { startTaskSolve, UnknownIdentifierError, type TaskSolve } from '../../core/taskSolve';
import { feedOf } from '../trace/traceFeed';
import type { BlankIdChoice } from './blankIdChoice';
import type { BundleCache } from './bundleCache';
import type { LiveSolve, SolveJob, StartSolve } from './solveController';

/** Starts solves on sessions from `bundles`, holding them until the solve's steps end. */
export function engineSolver(bundles: BundleCache, blankIds: BlankIdChoice): StartSolve {
  return async (job) => {
    const lease = await bundles.acquire(job.settings.model.dir, job.settings.provider);
    try {
      return await startOn(lease.bundle, job, blankIds, () => lease.release());
    } catch (error) {
      lease.release();
      throw error;
    }
  };
}

async function startOn(bundle: Bundle, job: SolveJob, blankIds: BlankIdChoice, done: () => void): Promise<LiveSolve> {
  const options = { testIndex: job.testIndex, stopAtHalt: job.settings.stopAtHalt, signal: job.signal };
  let solve: TaskSolve;
  try {
    solve = startTaskSolve(bundle, job.task, options);
  } catch (e) {
    if (!(e instanceof UnknownIdentifierError) || !(await blankIds.allows(e, job.settings.model.dir))) throw e;
    solve = startTaskSolve(bundle, job.task, { ...options, allowBlankId: true });
  }
  async function* steps(): AsyncGenerator<Step> {
    try {
      yield* solve.steps;
    } finally {
      done();
    }
  }
  const skipped = bundle.provider.skipped;
  return {
    feed: feedOf(solve.trace),
    modelName: bundle.manifest.name,
    expectedSteps: bundle.manifest.schedule.haltMaxSteps * stepsPerSupervision(bundle),
    steps: steps(),
    provider: () => ({
      name: bundle.provider.name,
      report: skipped.length ? `Skipped: ${skipped.join('; ')}` : `Ran on ${bundle.provider.name}.`,
    }),
  };
}
