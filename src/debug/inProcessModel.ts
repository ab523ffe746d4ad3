// A bundle opened in this process, as the debugger runs a model: the engine on the caller's thread. The
// adapter's own tests run it so; VS Code runs its models in the solve worker (extension/debug/debugFeature.ts).

import type { Bundle } from '../core/bundle';
import { startTaskSolve } from '../core/taskSolve';
import type { DebugModel } from './trmDebugSession';

export function inProcessModel(bundle: Bundle): DebugModel {
  return { manifest: bundle.manifest, start: async (task, options) => startTaskSolve(bundle, task, options) };
}
