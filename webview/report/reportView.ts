// The report panel's DOM: a header (title, file, the counts and headline figures, the error line), the plots
// with their tables, and the task table, each row of which opens its trace on a click or on Enter when
// focused (rows are in the tab order). The plots are reportFigures.ts's SVG markup, its every text from the
// data escaped there, parsed as SVG (no script runs from it, and the page's CSP allows none).
//
// DOM contract (relied on by test/e2e):
//   #title, #file, #status[data-kind]
//   #summary td[data-figure]                 one per summary column, data-figure its heading
//   .plot[data-heading] svg                  one per plot
//   #tasks tbody tr.task-row[data-row][data-task][data-test]

import type { FigureTable } from '../../src/core/reportFigures';
import { el } from '../common/dom';
import { showStatus } from '../common/statusLine';
import type { ReportModel } from './reportModel';

function table(figures: FigureTable, id?: string): HTMLTableElement {
  const head = el('tr', {}, ...figures.head.map((h) => el('th', { scope: 'col', textContent: h })));
  const rows = figures.rows.map((r) => el('tr', {}, ...r.map((c) => el('td', { textContent: c }))));
  const t = el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows));
  if (id) t.id = id;
  return t;
}

/** SVG markup as a node of this document. */
function svgNode(markup: string): Node {
  const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
  return document.importNode(parsed.documentElement, true);
}

export class ReportView {
  readonly element = el('main', { className: 'report' });
  private readonly title = el('h1', { id: 'title' });
  private readonly file = el('p', { id: 'file' });
  private readonly status = el('p', { id: 'status', role: 'status' });
  private readonly summary = el('div', { className: 'summary' });
  private readonly body = el('div', { className: 'body' });

  constructor(
    private readonly model: ReportModel,
    private readonly openTrace: (row: number) => void,
  ) {
    this.element.append(el('header', {}, this.title, this.file, this.summary, this.status), this.body);
    model.onChange((change) => (change === 'report' ? this.renderReport() : this.renderStatus()));
    this.renderReport();
  }

  private renderReport(): void {
    this.title.textContent = this.model.title();
    this.file.textContent = this.model.fileLine();
    const summary = this.model.summary();
    this.summary.replaceChildren(...(summary ? [this.summaryTable(summary)] : []));
    this.body.replaceChildren();
    if (this.model.report) this.body.append(...this.plots(), this.tasks());
    this.renderStatus();
  }

  private renderStatus(): void {
    showStatus(this.status, this.model.status);
  }

  private summaryTable(summary: FigureTable): HTMLTableElement {
    const t = table(summary, 'summary');
    t.querySelectorAll('td').forEach((td, i) => (td.dataset.figure = summary.head[i]));
    return t;
  }

  private plots(): HTMLElement[] {
    return this.model.plots().map((plot) => {
      const section = el('section', { className: 'plot' }, el('h2', { textContent: plot.heading }), svgNode(plot.svg));
      if (plot.table) section.append(table(plot.table));
      section.dataset.heading = plot.heading;
      return section;
    });
  }

  private tasks(): HTMLElement {
    const figures = this.model.tasks();
    const t = table(figures, 'tasks');
    const rows = this.model.report?.rows ?? [];
    t.tBodies[0]!.querySelectorAll('tr').forEach((tr, i) => {
      tr.className = 'task-row';
      tr.tabIndex = 0;
      tr.title = this.model.rowTitle(i);
      tr.dataset.row = String(i);
      tr.dataset.task = rows[i]!.task;
      tr.dataset.test = String(rows[i]!.test);
      tr.addEventListener('click', () => this.openTrace(i));
      tr.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        this.openTrace(i);
      });
    });
    const hint = el('p', { className: 'hint', textContent: 'A row opens its trace (click, or Enter when focused).' });
    return el('section', { className: 'tasks' }, el('h2', { textContent: 'Tasks' }), hint, t);
  }
}
