// A bench-only extension: the real trace panel (src/extension/tracePanels.ts and webview/panel/main.ts)
// on a synthetic trace written in the panel's own view format, so the webview's speed is measured in
// a real VS Code independently of the engine and of any model. Never shipped.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { RestorableTraces } from '../../../src/extension/panelRestore';
import type { PanelTrace } from '../../../src/extension/panelTrace';
import { TracePanels } from '../../../src/extension/tracePanels';
import type { StepDetail, StepSummary, TraceMeta } from '../../../src/shared/protocol';

interface ViewFile {
  readonly meta: TraceMeta;
  readonly steps: readonly StepSummary[];
  readonly details: readonly StepDetail[];
}

function traceOf(text: string): PanelTrace {
  const file = JSON.parse(text) as ViewFile;
  return {
    meta: file.meta,
    steps: file.steps,
    detail: (i) => file.details[i],
    fileStem: 'bench',
    exportJson: () => text,
    exportCsv: () => file.steps.map((s) => s.index).join('\n'),
  };
}

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('TRM Lens Bench', { log: true });
  const read = async (uri: vscode.Uri) => traceOf(fs.readFileSync(uri.fsPath, 'utf8'));
  const panels = new TracePanels(context.extensionUri, log, read, new RestorableTraces(context.workspaceState), () => undefined);
  context.subscriptions.push(
    log,
    panels.register(),
    vscode.commands.registerCommand('trmLensBench.open', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) throw new Error('open the bench workspace');
      const path = vscode.Uri.joinPath(folder.uri, 'bench.trace.json').fsPath;
      const panel = panels.open('Trace: bench');
      // The trace exists once parsed; the panel's readiness is timed from here.
      const trace = traceOf(fs.readFileSync(path, 'utf8'));
      panel.show(trace, await panels.restorable.remember(path), 'complete', Date.now());
    }),
  );
}
