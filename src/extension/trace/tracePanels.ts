// Every trace panel of the window, in one registry: panels Solve and the debugger open (kept under a
// key, so Solve again or a restarted thread reuses its panel), panels VS Code restores after a reload,
// and `*.trace.json` editors. It knows which panel has focus, for the commands that act on it.

import * as vscode from 'vscode';
import type { PanelViewState } from '../../shared/protocol';
import { Disposable } from '../dispose';
import type { TraceFeed } from './traceFeed';
import { panelWebviewOptions } from '../panelPage';
import { TRACE_PANEL_TYPE, TracePanel, type TracePanelHost, type TestSwitch } from './tracePanel';

export class TracePanels extends Disposable {
  private readonly panels = new Set<TracePanel>();
  private readonly byKey = new Map<string, TracePanel>();
  private active: TracePanel | undefined;
  private readonly focusEmitter = this._register(new vscode.EventEmitter<TraceFeed>());
  /** A panel showing this trace came to the front (the status bar then names its model and provider). */
  readonly onDidFocusTrace = this.focusEmitter.event;

  constructor(private readonly host: TracePanelHost) {
    super();
    this._register({ dispose: () => [...this.panels].forEach((p) => p.panel.dispose()) });
  }

  get focused(): TracePanel | undefined {
    return this.active;
  }

  /**
   * The panel kept under `key`, brought forward; or a new one beside the active editor, kept under it,
   * offering `tests` (a Solve panel's test switcher).
   */
  reuse(key: string, title: string, tests: TestSwitch | null = null): TracePanel {
    const existing = this.byKey.get(key);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = this.open(title, tests);
    this.byKey.set(key, panel);
    panel.onDidDispose(() => this.byKey.delete(key));
    return panel;
  }

  /** The panel kept under `key`, if it is still open. */
  get(key: string): TracePanel | undefined {
    return this.byKey.get(key);
  }

  /** A new panel beside the active editor. */
  open(title: string, tests: TestSwitch | null = null): TracePanel {
    const panel = vscode.window.createWebviewPanel(
      TRACE_PANEL_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { ...panelWebviewOptions(this.host.extensionUri), retainContextWhenHidden: true },
    );
    return this.adopt(panel, null, tests);
  }

  /** Makes a webview panel VS Code handed over (restored, or a custom editor's) a trace panel. */
  adopt(panel: vscode.WebviewPanel, view: PanelViewState | null, tests: TestSwitch | null = null): TracePanel {
    const tracePanel = new TracePanel(panel, this.host, view, tests);
    this.panels.add(tracePanel);
    const focus = () => {
      if (!panel.active) return;
      this.active = tracePanel;
      if (tracePanel.currentFeed) this.focusEmitter.fire(tracePanel.currentFeed);
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
