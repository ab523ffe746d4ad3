// The report panel's state and the words it shows, without a DOM: the report shown (or why none is), and
// the figures, plots and task rows as reportFigures.ts words them for report.html, so the panel and the page
// agree. The view (reportView.ts) renders from it.

import type { DatasetReportFile } from '../../src/core/datasetReportShape';
import {
  reportPlots,
  summaryTable,
  TASK_HEAD,
  taskCells,
  type FigureTable,
  type ReportPlot,
} from '../../src/core/reportFigures';
import type { HostToReport, SavedSource } from '../../src/shared/protocol';
import { Changes } from '../common/changes';

export type ReportStatus = { readonly kind: 'idle' } | { readonly kind: 'error'; readonly text: string };

/** What changed: `report` a new report (everything), `status` the error line. */
export type ReportChange = 'report' | 'status';

const IDLE: ReportStatus = { kind: 'idle' };

export class ReportModel {
  private report_: DatasetReportFile | null = null;
  private file_ = '';
  private source_: SavedSource | null = null;
  private status_: ReportStatus = IDLE;
  private readonly changes = new Changes<ReportChange>();

  get report(): DatasetReportFile | null {
    return this.report_;
  }

  /** The id of the report file shown, for the page's webview state; null until one is shown. */
  get source(): SavedSource | null {
    return this.source_;
  }

  get status(): ReportStatus {
    return this.status_;
  }

  onChange(listener: (change: ReportChange) => void): () => void {
    return this.changes.listen(listener);
  }

  receive(message: HostToReport): void {
    switch (message.type) {
      case 'report/show':
        this.report_ = message.report;
        this.file_ = message.file;
        this.source_ = message.source;
        this.status_ = IDLE;
        return this.changes.emit('report');
      case 'report/error':
        this.status_ = { kind: 'error', text: message.message };
        return this.changes.emit('status');
    }
  }

  /** `Report: runs/` : what was run, as the CLI titled it. */
  title(): string {
    return this.report_ ? `Report: ${this.report_.title}` : 'Dataset report';
  }

  /** `from runs/report.json`. */
  fileLine(): string {
    return this.report_ ? `from ${this.file_}` : '';
  }

  summary(): FigureTable | null {
    return this.report_ && summaryTable(this.report_);
  }

  plots(): ReportPlot[] {
    return this.report_ ? reportPlots(this.report_) : [];
  }

  tasks(): FigureTable {
    return { head: TASK_HEAD, rows: this.report_?.rows.map(taskCells) ?? [] };
  }

  /** A row's tooltip: what a click or Enter does. The test index as the table shows it (from 0, as the CLI's). */
  rowTitle(index: number): string {
    const row = this.report_?.rows[index];
    return row ? `Open the trace of ${row.task}, test ${row.test}` : '';
  }
}
