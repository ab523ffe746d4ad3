// TRM Lens: Open Dataset Report. Reads a report.json that `trm-lens report` wrote (the one given, the one in
// the folder given, the one in the active editor, or one picked in an open dialog), checks it, and shows it
// in a report panel, one per report file; a row of the panel opens its trace in the trace editor. Panels come
// back after a window reload: their webview keeps an id, which this looks up in workspace state.
// A report is data, so it opens in any workspace; the traces it opens stay inside its folder (reportPanel.ts).

import * as vscode from 'vscode';
import type { DatasetReportFile } from '../../core/datasetReportShape';
import { MAX_REPORT_BYTES, readDatasetReport, ReportFormatError } from '../../core/datasetReportFile';
import { sizeProblem } from '../../core/jsonDocument';
import { Disposable } from '../dispose';
import { RestorableFiles, savedIdOf, type KeyValueStore } from '../trace/panelRestore';
import { TRACE_EDITOR_TYPE } from '../trace/traceEditor';
import { REPORT_PANEL_TYPE, ReportPanel } from './reportPanel';

const REPORT_FILE = 'report.json';
const REPORTS_KEY = 'trmLens.reportPanels';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A report.json's text, checked; errors name the file as the user knows it. */
async function readReport(file: vscode.Uri): Promise<DatasetReportFile> {
  const name = vscode.workspace.asRelativePath(file);
  const tooLarge = sizeProblem((await vscode.workspace.fs.stat(file)).size, MAX_REPORT_BYTES);
  if (tooLarge) throw new ReportFormatError(`${name}: ${tooLarge.message}`);
  return readDatasetReport(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)), name);
}

/** The report file a command names: a folder stands for the report.json in it. */
async function reportFile(uri: vscode.Uri): Promise<vscode.Uri> {
  const stat = await vscode.workspace.fs.stat(uri);
  return stat.type & vscode.FileType.Directory ? vscode.Uri.joinPath(uri, REPORT_FILE) : uri;
}

/** The active editor's report.json, else one the user picks. */
async function askForReport(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.path.endsWith(`/${REPORT_FILE}`)) return active;
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { 'TRM Lens report': ['json'] },
    openLabel: 'Open Report',
    title: 'TRM Lens: a report.json written by trm-lens report, or its folder',
  });
  return picked?.[0];
}

export class ReportPanels extends Disposable implements vscode.WebviewPanelSerializer {
  /** By the report file's URI. */
  private readonly panels = new Map<string, ReportPanel>();
  private readonly restorable: RestorableFiles;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    state: KeyValueStore,
  ) {
    super();
    this.restorable = new RestorableFiles(state, undefined, REPORTS_KEY);
    this._register({ dispose: () => [...this.panels.values()].forEach((p) => p.panel.dispose()) });
    this._register(vscode.window.registerWebviewPanelSerializer(REPORT_PANEL_TYPE, this));
    this._register(
      vscode.commands.registerCommand('trmLens.openDatasetReport', (argument: unknown) => this.openCommand(argument)),
    );
  }

  private async openCommand(argument: unknown): Promise<void> {
    const given = argument instanceof vscode.Uri ? argument : await askForReport();
    if (!given) return;
    try {
      await this.open(await reportFile(given));
    } catch (error) {
      this.log.error(`open dataset report: ${errorText(error)}`);
      void vscode.window.showErrorMessage(`TRM Lens: ${errorText(error)}`);
    }
  }

  /** Shows the report in its panel (a new one beside the editor, or the one already showing it). */
  private async open(file: vscode.Uri): Promise<void> {
    const report = await readReport(file);
    const key = file.toString();
    const panel =
      this.panels.get(key) ??
      this.adopt(vscode.window.createWebviewPanel(REPORT_PANEL_TYPE, 'Report', vscode.ViewColumn.Active), key);
    panel.show(report, file, panel.source ?? (await this.restorable.remember(key)));
    panel.panel.reveal(undefined, false);
    this.log.info(`opened report ${key}: ${report.rows.length} test input(s)`);
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const id = savedIdOf(state);
    const key = this.restorable.lookup(id);
    const panel = this.adopt(webviewPanel, key);
    if (!key || !id) {
      panel.failed('This panel’s report is no longer known. Open it again: TRM Lens: Open Dataset Report.');
      return;
    }
    const file = vscode.Uri.parse(key);
    try {
      panel.show(await readReport(file), file, { id });
    } catch (error) {
      panel.failed(`Could not show the report again: ${errorText(error)}`);
    }
  }

  private adopt(webviewPanel: vscode.WebviewPanel, key: string | null): ReportPanel {
    const open = (trace: vscode.Uri) =>
      vscode.commands.executeCommand('vscode.openWith', trace, TRACE_EDITOR_TYPE, vscode.ViewColumn.Beside);
    const panel = new ReportPanel(webviewPanel, this.extensionUri, this.log, open);
    if (key) {
      this.panels.set(key, panel);
      panel.onDidDispose(() => this.panels.get(key) === panel && this.panels.delete(key));
    }
    return panel;
  }
}
