// The one place the trace panel meets the recursion engine: reading a `*.trace.json` into the
// panel's view of a trace, and starting a solve whose steps stream into a panel. Everything else in
// the panel works on PanelTrace (panelTrace.ts) and never sees the engine's types.
//
// The engine (src/core/engine.ts, src/core/trace.ts, issue 3) has not landed yet. Until it does,
// both entry points say so plainly; a failed Solve shows that message in the panel.

import type * as vscode from 'vscode';
import type { PanelTrace } from './panelTrace';
import type { LiveSolve, SolveJob } from './solveController';

const NO_ENGINE = 'the recursion engine (src/core/engine.ts and src/core/trace.ts) is not part of this build yet';

export async function readTraceFile(uri: vscode.Uri): Promise<PanelTrace> {
  throw new Error(`${uri.fsPath}: cannot read traces: ${NO_ENGINE}.`);
}

export async function startEngineSolve(job: SolveJob): Promise<LiveSolve> {
  throw new Error(`cannot solve ${job.task.id} with ${job.settings.model.dir}: ${NO_ENGINE}.`);
}
