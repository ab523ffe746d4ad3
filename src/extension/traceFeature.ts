// The trace debugger's wiring: trace panels (Solve's, restored ones, *.trace.json editors), the
// solver behind Solve, the status bar item and the log command. One call from activate().

import * as vscode from 'vscode';
import type { BundleCache } from './bundleCache';
import { RestorableTraces } from './panelRestore';
import { installSolver } from './solve';
import { SolveController } from './solveController';
import { SolveStatus } from './solveStatus';
import { engineSolver, readTraceFile } from './traceAdapter';
import { TracePanels } from './tracePanels';

/** Registers everything; returns the panels, which the debugger shares. */
export function registerTraceFeature(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  bundles: BundleCache,
): TracePanels {
  const restorable = new RestorableTraces(context.workspaceState);
  const exportFolder = () => vscode.workspace.workspaceFolders?.[0]?.uri;
  const panels = new TracePanels(context.extensionUri, log, readTraceFile, restorable, exportFolder);
  const status = new SolveStatus('trmLens.showLog');
  const controller = new SolveController(context, panels, status, engineSolver(bundles), log);
  context.subscriptions.push(
    panels.register(),
    status,
    panels.onDidFocusTrace((trace) => status.ran(trace.meta.modelName, trace.meta.provider, 'As recorded in the trace shown.')),
    vscode.commands.registerCommand('trmLens.showLog', () => log.show()),
    installSolver((request) => controller.solve(request)),
  );
  return panels;
}
