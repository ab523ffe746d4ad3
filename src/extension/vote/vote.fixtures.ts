// A real vote for the vote panel's tests: the tiny-arc test bundle, given three identifier rows (the plain
// task, one augmentation, and a malformed one: t9 is no transform), votes on one task.

import type { ArcTask, Grid } from '../../core/arcTask';
import { brokenBundle, editManifest } from '../../core/badBundle.fixtures';
import { openBundle } from '../../core/bundle';
import { voteTask } from '../../core/taskVote';
import type { FinishedVote } from './voteResult';

export const NAMES = ['taskA', 'taskA|||t1|||0213456789', 'taskA|||t9|||0123456789'];
export const input: Grid = [[2], [9], [2]];
export const output: Grid = [[1], [9], [1]];
export const taskA: ArcTask = { id: 'taskA', train: [{ input, output }], test: [{ input, output }] };

/** A copy of tiny-arc whose identifiers are NAMES; `remove()` deletes it. */
export const votingBundle = () =>
  brokenBundle('tiny-arc', (dir) => editManifest(dir, (m) => (m.identifiers.names = NAMES)));

export async function finishedVote(target: Grid | null): Promise<FinishedVote> {
  const copy = votingBundle();
  const bundle = await openBundle(copy.dir);
  try {
    const { runs, skipped } = await voteTask(bundle, taskA, { testIndex: 0 });
    const provider = bundle.provider.name;
    return { taskName: 'taskA', testIndex: 0, input, target, manifest: bundle.manifest, provider, runs, skipped };
  } finally {
    await bundle.release();
    copy.remove();
  }
}
