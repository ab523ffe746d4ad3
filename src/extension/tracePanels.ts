// Every trace panel of the window: panels Solve opens beside the puzzle, panels VS Code restores
// after a reload (WebviewPanelSerializer), and `*.trace.json` files opened as a custom editor. Also
// the commands that act on the focused panel (stepping keybindings, exports) and the exports
// themselves.

import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExportFormat, PanelAction, PanelViewState, TraceSource } from '../shared/protocol';
import { renderStrip } from './gridStrip';
import { restoredState, type RestorableTraces } from './panelRestore';
import { stripFrames, type PanelTrace } from './panelTrace';
import { encodePng } from './pngEncoder';
import { TRACE_PANEL_TYPE, TracePanel, panelWebviewOptions, type TracePanelHost } from './tracePanel';

export const TRACE_EDITOR_TYPE = 'trmLens.traceEditor';

/** Reads a `*.trace.json` file into a trace the panel can show, or throws naming the file and what is wrong. */
export type TraceReader = (uri: vscode.Uri) => Promise<PanelTrace>;

const EXPORTS: Record<ExportFormat, { readonly suffix: string; readonly filter: string; readonly ext: string }> = {
  json: { suffix: '.trace.json', filter: 'TRM Lens trace', ext: 'json' },
  csv: { suffix: '.metrics.csv', filter: 'CSV', ext: 'csv' },
  png: { suffix: '.steps.png', filter: 'PNG image', ext: 'png' },
};

/** The keybinding commands: each forwards one action to the focused panel. */
const ACTION_COMMANDS: Record<string, PanelAction> = {
  'trmLens.trace.nextLatent': { type: 'step', granularity: 'latent', direction: 1 },
  'trmLens.trace.previousLatent': { type: 'step', granularity: 'latent', direction: -1 },
  'trmLens.trace.nextAnswer': { type: 'step', granularity: 'answer', direction: 1 },
  'trmLens.trace.previousAnswer': { type: 'step', granularity: 'answer', direction: -1 },
  'trmLens.trace.nextSupervision': { type: 'step', granularity: 'supervision', direction: 1 },
  'trmLens.trace.previousSupervision': { type: 'step', granularity: 'supervision', direction: -1 },
  'trmLens.trace.first': { type: 'first' },
  'trmLens.trace.last': { type: 'last' },
  'trmLens.trace.runToHalt': { type: 'runTo', condition: 'halt' },
  'trmLens.trace.togglePlay': { type: 'togglePlay' },
};

class TraceDocument implements vscode.CustomDocument {
  constructor(
    readonly uri: vscode.Uri,
    readonly trace: PanelTrace,
    readonly readAt: number,
  ) {}
  dispose(): void {}
}

export class TracePanels implements TracePanelHost, vscode.CustomReadonlyEditorProvider<TraceDocument>, vscode.WebviewPanelSerializer {
  private readonly panels = new Set<TracePanel>();
  private active: TracePanel | undefined;
  private readonly focusEmitter = new vscode.EventEmitter<PanelTrace>();
  /** A panel showing this trace came to the front (the status bar then names its model and provider). */
  readonly onDidFocusTrace = this.focusEmitter.event;

  constructor(
    readonly extensionUri: vscode.Uri,
    readonly log: vscode.LogOutputChannel,
    private readonly readTrace: TraceReader,
    /** The traces Solve saved, by the ids their panels' webviews keep. */
    readonly restorable: RestorableTraces,
    /** Where exports are offered by default (the workspace folder, if any). */
    private readonly defaultFolder: () => vscode.Uri | undefined,
  ) {}

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.window.registerWebviewPanelSerializer(TRACE_PANEL_TYPE, this),
      vscode.window.registerCustomEditorProvider(TRACE_EDITOR_TYPE, this, {
        webviewOptions: { retainContextWhenHidden: false },
        supportsMultipleEditorsPerDocument: true,
      }),
      ...Object.entries(ACTION_COMMANDS).map(([id, action]) => vscode.commands.registerCommand(id, () => this.forward(action))),
      ...(Object.keys(EXPORTS) as ExportFormat[]).map((format) =>
        vscode.commands.registerCommand(`trmLens.exportTrace${format[0].toUpperCase()}${format.slice(1)}`, () => this.exportFocused(format)),
      ),
      this.focusEmitter,
      { dispose: () => [...this.panels].forEach((p) => p.panel.dispose()) },
    );
  }

  /** A new panel beside the active editor. */
  open(title: string): TracePanel {
    const panel = vscode.window.createWebviewPanel(TRACE_PANEL_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      ...panelWebviewOptions(this.extensionUri),
      retainContextWhenHidden: true,
    });
    return this.adopt(panel, null);
  }

  get focused(): TracePanel | undefined {
    return this.active;
  }

  // ------------------------------------------------------------ restore after reload

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
    panel.webview.options = panelWebviewOptions(this.extensionUri);
    const state = restoredState(raw);
    const tracePanel = this.adopt(panel, state.view);
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
      tracePanel.show(await this.readTrace(vscode.Uri.file(file)), source, 'complete', startedAt);
    } catch (error) {
      // The reason goes to the log only: a parse error can quote the file's first bytes.
      const reason = error instanceof Error ? error.message : String(error);
      this.log.warn(`could not restore a trace panel from ${file}: ${reason}`);
      tracePanel.failed(`Could not restore the trace from ${file}: it is no longer a readable trace. Run Solve again.`);
    }
  }

  // ------------------------------------------------------------ *.trace.json custom editor

  async openCustomDocument(uri: vscode.Uri): Promise<TraceDocument> {
    const readAt = Date.now();
    return new TraceDocument(uri, await this.readTrace(uri), readAt);
  }

  resolveCustomEditor(document: TraceDocument, panel: vscode.WebviewPanel): void {
    this.adopt(panel, null).show(document.trace, fileSource(document.uri), 'complete', document.readAt);
  }

  // ------------------------------------------------------------ exports

  async exportTrace(trace: PanelTrace, format: ExportFormat): Promise<void> {
    const spec = EXPORTS[format];
    const folder = this.defaultFolder();
    const name = `${trace.fileStem}${spec.suffix}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(name),
      filters: { [spec.filter]: [spec.ext] },
      saveLabel: `Export ${format.toUpperCase()}`,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, exportBytes(trace, format));
    this.log.info(`exported ${format} to ${target.toString()}`);
    const open = format === 'json' ? 'Open in Trace Panel' : undefined;
    const choice = await vscode.window.showInformationMessage(`TRM Lens: exported ${vscode.workspace.asRelativePath(target)}`, ...(open ? [open] : []));
    if (choice === open) await vscode.commands.executeCommand('vscode.openWith', target, TRACE_EDITOR_TYPE, vscode.ViewColumn.Beside);
  }

  private async exportFocused(format: ExportFormat): Promise<void> {
    const trace = this.active?.currentTrace;
    if (!trace) {
      void vscode.window.showWarningMessage('TRM Lens: focus a trace panel (run Solve or open a .trace.json file) to export its trace.');
      return;
    }
    await this.exportTrace(trace, format);
  }

  // ------------------------------------------------------------ bookkeeping

  private forward(action: PanelAction): void {
    if (this.active) this.active.act(action);
  }

  private adopt(panel: vscode.WebviewPanel, view: PanelViewState | null): TracePanel {
    const tracePanel = new TracePanel(panel, this, view);
    this.panels.add(tracePanel);
    const focus = () => {
      if (!panel.active) return;
      this.active = tracePanel;
      if (tracePanel.currentTrace) this.focusEmitter.fire(tracePanel.currentTrace);
    };
    focus();
    const viewState = panel.onDidChangeViewState(focus);
    tracePanel.onDidDispose(() => {
      viewState.dispose();
      this.panels.delete(tracePanel);
      if (this.active === tracePanel) this.active = undefined;
    });
    return tracePanel;
  }
}

/** A trace file's name for its webview: a digest of its URI, so the webview sees no path but knows the file again. */
function fileSource(uri: vscode.Uri): TraceSource {
  return { id: `file-${createHash('sha256').update(uri.toString()).digest('hex').slice(0, 32)}` };
}

export function exportBytes(trace: PanelTrace, format: ExportFormat): Uint8Array {
  switch (format) {
    case 'json':
      return Buffer.from(trace.exportJson(), 'utf8');
    case 'csv':
      return Buffer.from(trace.exportCsv(), 'utf8');
    case 'png':
      return encodePng(renderStrip(stripFrames(trace), trace.meta.palette));
  }
}
