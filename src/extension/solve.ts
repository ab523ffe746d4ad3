// The seam the recursion engine plugs into: Solve on a parsed task. Until an engine and a model
// bundle ship, it says so plainly instead of pretending. The engine work replaces this function's
// body (and nothing else in the extension): callers already hand it a validated task.

import * as vscode from 'vscode';
import type { ArcTask } from '../core/arcTask';

export interface SolveRequest {
  readonly task: ArcTask;
  /** The document the task came from (a file, or a task taken out of a combined file). */
  readonly source: vscode.Uri;
}

export type SolveOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

export async function solveTask(request: SolveRequest): Promise<SolveOutcome> {
  const message = `TRM Lens: no model engine is available yet, so task ${request.task.id} cannot be solved. Viewing and validating tasks works.`;
  void vscode.window.showInformationMessage(message);
  return { ok: false, message };
}
