// Trace panels after a window reload: VS Code hands back each panel with the state its webview kept; the
// panel shows again the trace Solve saved for it, found by the id in that state (panelRestore.ts).

import * as vscode from 'vscode';
import { restoredState, type RestorableFiles } from './panelRestore';
import { panelWebviewOptions } from '../panelPage';
import { TRACE_PANEL_TYPE } from './tracePanel';
import type { TraceReader } from './traceFile';
import type { TracePanels } from './tracePanels';

export class TracePanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(
    private readonly panels: TracePanels,
    private readonly restorable: RestorableFiles,
    private readonly read: TraceReader,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  register(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(TRACE_PANEL_TYPE, this);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
    panel.webview.options = panelWebviewOptions(this.extensionUri);
    const state = restoredState(raw);
    const tracePanel = this.panels.adopt(panel, state.view);
    if (state.trace === 'none') {
      tracePanel.notice('This panel had no saved trace to restore. Run Solve again or open a .trace.json file.');
      return;
    }
    const source = state.trace === 'malformed' ? null : state.trace;
    const file = source && this.restorable.lookup(source.id);
    if (!source || !file) {
      tracePanel.notice(
        'The trace this panel showed is gone (only the latest saved traces are kept). ' +
          'Run Solve again or open a .trace.json file.',
      );
      return;
    }
    try {
      const startedAt = Date.now();
      tracePanel.show(await this.read(vscode.Uri.file(file)), source, 'complete', startedAt);
    } catch (error) {
      // The reason goes to the log only: a parse error can quote the file's first bytes.
      const reason = error instanceof Error ? error.message : String(error);
      this.log.warn(`could not restore a trace panel from ${file}: ${reason}`);
      tracePanel.failed(`Could not restore the trace from ${file}: it is no longer a readable trace. Run Solve again.`);
    }
  }
}
