// A bench-only extension: the real trace panel (src/extension/trace/ and webview/panel/main.ts)
// on a synthetic trace written in the panel's own view format, so the webview's speed is measured in
// a real VS Code independently of the engine and of any model. Never shipped.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { RestorableFiles } from '../../../src/extension/trace/panelRestore';
import { TracePanelSerializer } from '../../../src/extension/trace/panelSerializer';
import { TraceEditorProvider } from '../../../src/extension/trace/traceEditor';
import type { TraceFeed } from '../../../src/extension/trace/traceFeed';
import { TracePanels } from '../../../src/extension/trace/tracePanels';
import type { StepDetail, StepSummary, TraceMeta } from '../../../src/shared/protocol';

interface ViewFile {
  readonly meta: TraceMeta;
  readonly steps: readonly StepSummary[];
  readonly details: readonly StepDetail[];
}

/** A complete trace: it records no more steps. */
function traceOf(text: string): TraceFeed {
  const file = JSON.parse(text) as ViewFile;
  return {
    meta: file.meta,
    length: file.steps.length,
    summary: (i) => file.steps[i],
    detail: (i) => file.details[i],
    onStep: () => ({ dispose: () => undefined }),
    fileStem: 'bench',
    augmented: null,
    exportJson: () => text,
    exportCsv: () => file.steps.map((s) => s.index).join('\n'),
  };
}

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('TRM Lens Bench', { log: true });
  const restorable = new RestorableFiles(context.workspaceState);
  const panels = new TracePanels({
    extensionUri: context.extensionUri,
    log,
    exportTrace: async () => undefined,
    solveFailed: (message) => log.error(message),
  });
  const read = async (uri: vscode.Uri) => traceOf(fs.readFileSync(uri.fsPath, 'utf8'));
  context.subscriptions.push(
    log,
    panels,
    new TracePanelSerializer(panels, restorable, read, context.extensionUri, log).register(),
    new TraceEditorProvider(panels, read).register(),
    vscode.commands.registerCommand('trmLensBench.open', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) throw new Error('open the bench workspace');
      const path = vscode.Uri.joinPath(folder.uri, 'bench.trace.json').fsPath;
      const panel = panels.open('Trace: bench');
      // The trace exists once parsed; the panel's readiness is timed from here.
      const trace = traceOf(fs.readFileSync(path, 'utf8'));
      panel.show(trace, await restorable.remember(path), 'complete', Date.now());
    }),
  );
}
