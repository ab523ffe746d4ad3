// The seam between the places that offer Solve (the puzzle viewer, the command) and the solver:
// callers hand it a validated task; the trace feature installs the solver when the extension
// activates (src/extension/traceFeature.ts), which runs the engine into a trace panel.

import * as vscode from 'vscode';
import type { ArcTask } from '../core/arcTask';

export interface SolveRequest {
  readonly task: ArcTask;
  /** The document the task came from (a file, or a task taken out of a combined file). */
  readonly source: vscode.Uri;
}

export type SolveOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

export type Solver = (request: SolveRequest) => Promise<SolveOutcome>;

let solver: Solver | undefined;

/** Makes `solveTask` run this solver until the returned disposable is disposed. */
export function installSolver(next: Solver): vscode.Disposable {
  solver = next;
  return new vscode.Disposable(() => {
    if (solver === next) solver = undefined;
  });
}

export async function solveTask(request: SolveRequest): Promise<SolveOutcome> {
  if (solver) return solver(request);
  const message = `TRM Lens: the solver is not available, so task ${request.task.id} cannot be solved. Viewing and validating tasks works.`;
  void vscode.window.showErrorMessage(message);
  return { ok: false, message };
}
