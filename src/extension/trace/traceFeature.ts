// The trace debugger's wiring: the one registry of trace panels and everything that opens them (Solve,
// reloads, *.trace.json editors), the commands on the focused panel, the status bar item and the log
// command. One call from activate(); it hands back what the puzzle viewer and the debugger are given.

import * as vscode from 'vscode';
import { BlankIdChoice, type UnknownTask } from '../solve/blankIdChoice';
import type { BundledModels } from '../../core/bundledModels';
import { engineSolver } from '../solve/engineSolver';
import { registerModelPicker } from '../solve/modelPicker';
import { SolveController, type Solver } from '../solve/solveController';
import { SolveStatus } from '../solve/solveStatus';
import { SolveWorker } from '../solve/solveWorkerClient';
import { RestorableFiles } from './panelRestore';
import { TracePanelSerializer } from './panelSerializer';
import { registerTraceCommands } from './traceCommands';
import { TraceEditorProvider } from './traceEditor';
import { TraceExporter } from './traceExport';
import { readTraceFile } from './traceFile';
import { TracePanels } from './tracePanels';

export interface TraceFeature {
  readonly panels: TracePanels;
  readonly solve: Solver;
  /** The remembered blank-identifier choices, which the debugger shares with Solve. */
  readonly blankIds: BlankIdChoice;
  /** The worker thread Solve's engine runs in, which votes share. */
  readonly worker: SolveWorker;
}

/** A failed Solve, with what to do next: the model is the usual cause (a grid it cannot take, a bad bundle). */
async function reportSolveFailure(message: string, log: vscode.LogOutputChannel): Promise<void> {
  const choose = 'Choose Model...';
  const showLog = 'Show Log';
  const answer = await vscode.window.showErrorMessage(
    `TRM Lens: ${message.replace(/\.?$/, '.')} Choose Model sets trmLens.modelPath, the model Solve runs.`,
    choose,
    showLog,
  );
  if (answer === choose) await vscode.commands.executeCommand('trmLens.chooseModel');
  else if (answer === showLog) log.show();
}

async function askBlankId(task: UnknownTask): Promise<boolean> {
  const run = 'Run with the blank identifier';
  const answer = await vscode.window.showWarningMessage(
    `TRM Lens: ${task.message}.`,
    {
      modal: true,
      detail:
        `TRM Lens remembers the choice for ${task.taskId} on ${task.modelName}, for Solve and the debugger; ` +
        'TRM Lens: Forget Blank-Identifier Choices asks again.',
    },
    run,
  );
  return answer === run;
}

export function registerTraceFeature(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  models: BundledModels,
): TraceFeature {
  const restorable = new RestorableFiles(context.workspaceState);
  const exporter = new TraceExporter(log, () => vscode.workspace.workspaceFolders?.[0]?.uri);
  const panels = new TracePanels({
    extensionUri: context.extensionUri,
    log,
    exportTrace: (feed, format) => exporter.exportTrace(feed, format),
    solveFailed: (message) => void reportSolveFailure(message, log),
  });
  const status = new SolveStatus('trmLens.chooseModel');
  const blankIds = new BlankIdChoice(context.workspaceState, askBlankId);
  // Solve's engine (and Vote's) runs in a worker thread, off the extension host's thread every extension shares.
  const worker = new SolveWorker();
  const solver = engineSolver(worker, blankIds);
  const controller = new SolveController(context, panels, restorable, models, status, solver, log);
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
    vscode.commands.registerCommand('trmLens.forgetBlankIdChoices', async () => {
      const count = await blankIds.forget();
      void vscode.window.showInformationMessage(
        `TRM Lens: forgot ${count} blank-identifier choice(s); Solve and the debugger ask again.`,
      );
    }),
  );
  return { panels, solve: controller.solve, blankIds, worker };
}
