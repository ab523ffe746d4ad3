// One report panel: a webview showing one report.json. It keeps the report and where it was read from, so a
// click on a row opens that row's trace (resolved here, inside the report's folder: the page names only the
// row), and the last messages it sent, so a page that reloads (hidden and shown again) is sent them again.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetReportFile } from '../../core/datasetReportShape';
import { rowTracePath } from '../../core/datasetReportFile';
import {
  parseReportMessage,
  type HostToReport,
  type NotifyLane,
  type ReplyOutcome,
  type ReportLane,
  type SavedSource,
} from '../../shared/protocol';
import { PanelOwner, PanelPage } from '../panelPage';

export const REPORT_PANEL_TYPE = 'trmLens.report';

/** Opens a trace file that exists, in the trace editor. */
export type OpenTrace = (trace: vscode.Uri) => Thenable<unknown>;

interface Shown {
  readonly report: DatasetReportFile;
  readonly file: vscode.Uri;
  readonly source: SavedSource;
}

export class ReportPanel extends PanelOwner {
  private shown: Shown | null = null;
  private error: HostToReport | null = null;
  private readonly page: PanelPage<NotifyLane<HostToReport>, ReportLane>;

  constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
    private readonly openTrace: OpenTrace,
  ) {
    super(panel);
    this.page = this._register(
      new PanelPage(panel, extensionUri, { bundle: 'report', parse: parseReportMessage, log }),
    );
    this.page.channel.onNotification(() => this.resend());
    this.page.channel.onRequest({ 'report/openTrace': ({ row }) => this.open(row) });
  }

  /** The id of the report file shown, if any: a panel shown the same file again keeps it. */
  get source(): SavedSource | null {
    return this.shown?.source ?? null;
  }

  show(report: DatasetReportFile, file: vscode.Uri, source: SavedSource): void {
    this.shown = { report, file, source };
    this.error = null;
    this.panel.title = `Report: ${path.basename(path.dirname(file.path)) || file.path}`;
    this.page.channel.notify(this.showMessage(this.shown));
  }

  failed(message: string): void {
    this.page.channel.notify((this.error = { type: 'report/error', message }));
  }

  private showMessage({ report, file, source }: Shown): HostToReport {
    return { type: 'report/show', report, file: vscode.workspace.asRelativePath(file), source };
  }

  /** The page says it is ready: a fresh page, or one VS Code rebuilt after it was hidden. */
  private resend(): void {
    if (this.shown) this.page.channel.notify(this.showMessage(this.shown));
    if (this.error) this.page.channel.notify(this.error);
  }

  private async open(index: number): Promise<ReplyOutcome> {
    const row = this.shown?.report.rows[index];
    if (!this.shown || !row) return { ok: false, message: `no row ${index} in this report` };
    const { file } = this.shown;
    const resolved = rowTracePath(path.dirname(file.fsPath), row);
    if (!resolved.ok) return { ok: false, message: `${vscode.workspace.asRelativePath(file)}: ${resolved.message}` };
    const trace = file.with({ path: vscode.Uri.file(resolved.file).path });
    try {
      await vscode.workspace.fs.stat(trace);
    } catch {
      return { ok: false, message: `${vscode.workspace.asRelativePath(trace)}: the trace of ${row.task} is not there` };
    }
    await this.openTrace(trace);
    return { ok: true };
  }
}
