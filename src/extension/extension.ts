// Activation: registers the puzzle viewer, its diagnostics, the combined-file command, Solve, Vote, the
// dataset report panel and the debugger.
// Nothing runs at start-up: VS Code activates us when a `*.arc.json` opens in the viewer, one of our
// commands runs, or a `trm-lens-task:` document is restored.

import * as vscode from 'vscode';
import { ARC_VIEWER_TYPE, ArcEditorProvider, reopenAsText, solveDocument } from './puzzle/arcEditorProvider';
import { registerCombinedFiles } from './puzzle/combinedFiles';
import { registerDebugFeature } from './debug/debugFeature';
import { registerTaskDiagnostics } from './puzzle/diagnostics';
import { isArcTaskDocument } from './puzzle/taskDocument';
import { registerTraceFeature } from './trace/traceFeature';
import { BundledModels } from '../core/bundledModels';
import { ModelManifests } from './solve/modelManifests';
import { ReportPanels } from './report/reportPanels';
import { VoteController } from './vote/voteController';

/**
 * The task document a command applies to: the one it was invoked on, the focused viewer's, or the active text
 * editor's.
 */
async function targetDocument(
  provider: ArcEditorProvider,
  argument: unknown,
): Promise<vscode.TextDocument | undefined> {
  if (argument instanceof vscode.Uri) return vscode.workspace.openTextDocument(argument);
  if (provider.activeDocument) return provider.activeDocument;
  const text = vscode.window.activeTextEditor?.document;
  return text && isArcTaskDocument(text) ? text : undefined;
}

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('TRM Lens', { log: true });
  context.subscriptions.push(log);
  const manifests = new ModelManifests();
  const models = new BundledModels(vscode.Uri.joinPath(context.extensionUri, 'models').fsPath, (dir) =>
    manifests.of(dir),
  );
  const trace = registerTraceFeature(context, log, models);
  const provider = new ArcEditorProvider(context.extensionUri, log, models, manifests, trace.solve);
  const voter = new VoteController(context.extensionUri, trace.panels, trace.worker, models, log, {
    folder: vscode.Uri.joinPath(context.globalStorageUri, 'votes').fsPath,
    state: context.workspaceState,
  });

  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(ARC_VIEWER_TYPE, provider, {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    registerTaskDiagnostics(),
    registerCombinedFiles(),
    new ReportPanels(context.extensionUri, log, context.workspaceState),
    vscode.commands.registerCommand('trmLens.solve', async (argument: unknown) => {
      const document = await targetDocument(provider, argument);
      if (!document) {
        void vscode.window.showWarningMessage('TRM Lens: open a *.arc.json task to solve it.');
        return;
      }
      await solveDocument(document, trace.solve);
    }),
    voter,
    vscode.commands.registerCommand('trmLens.vote', async (argument: unknown) => {
      const document = await targetDocument(provider, argument);
      if (!document) {
        void vscode.window.showWarningMessage('TRM Lens: open a *.arc.json task to vote over its augmentations.');
        return;
      }
      await solveDocument(document, voter.vote);
    }),
    vscode.commands.registerCommand('trmLens.reopenAsText', async (argument: unknown) => {
      const document = await targetDocument(provider, argument);
      if (document) await reopenAsText(document.uri);
    }),
  );
  registerDebugFeature(context, trace.panels, trace.worker, models, trace.blankIds, () => {
    const text = vscode.window.activeTextEditor?.document;
    return provider.activeDocument?.uri ?? (text && isArcTaskDocument(text) ? text.uri : undefined);
  });
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
