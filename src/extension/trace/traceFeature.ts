// The trace debugger's wiring: the one registry of trace panels and everything that opens them (Solve,
// reloads, *.trace.json editors), the commands on the focused panel, the status bar item and the log
// command. One call from activate(); it hands back what the puzzle viewer and the debugger are given.

import * as vscode from 'vscode';
import type { BundledModels } from '../solve/bundledModels';
import { engineSolver } from '../solve/engineSolver';
import { registerModelPicker } from '../solve/modelPicker';
import { SolveController, type Solver } from '../solve/solveController';
import { SolveStatus } from '../solve/solveStatus';
import { SolveWorker } from '../solve/solveWorkerClient';
import { RestorableTraces } from './panelRestore';
import { TracePanelSerializer } from './panelSerializer';
import { registerTraceCommands } from './traceCommands';
import { TraceEditorProvider } from './traceEditor';
import { TraceExporter } from './traceExport';
import { readTraceFile } from './traceFile';
import { TracePanels } from './tracePanels';

export interface TraceFeature {
  readonly panels: TracePanels;
  readonly solve: Solver;
}

export function registerTraceFeature(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  models: BundledModels,
): TraceFeature {
  const restorable = new RestorableTraces(context.workspaceState);
  const exporter = new TraceExporter(log, () => vscode.workspace.workspaceFolders?.[0]?.uri);
  const panels = new TracePanels({
    extensionUri: context.extensionUri,
    log,
    exportTrace: (feed, format) => exporter.exportTrace(feed, format),
  });
  const status = new SolveStatus('trmLens.chooseModel');
  // Solve's engine runs in a worker thread, off the extension host's thread that every extension shares.
  const worker = new SolveWorker();
  const controller = new SolveController(context, panels, restorable, models, status, engineSolver(worker), log);
  context.subscriptions.push(
    worker,
    panels,
    new TracePanelSerializer(panels, restorable, readTraceFile, context.extensionUri, log).register(),
    new TraceEditorProvider(panels, readTraceFile).register(),
    registerTraceCommands(panels, exporter),
    status,
    panels.onDidFocusTrace((feed) =>
      status.ran(feed.meta.modelName, feed.meta.provider, 'As recorded in the trace shown.'),
    ),
    vscode.commands.registerCommand('trmLens.showLog', () => log.show()),
    registerModelPicker(models, log),
  );
  return { panels, solve: controller.solve };
}
