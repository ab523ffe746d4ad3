// A dataset report as one self-contained HTML page: inline SVG plots, no scripts, no external resources,
// every text from the data escaped (task ids come from files). The figures are reportFigures.ts's, which the
// report webview shows too.

import type { DatasetReport } from './datasetReportShape';
import { escapeHtml, reportPlots, summaryTable, TASK_HEAD, taskCells, type FigureTable } from './reportFigures';

function table({ head, rows }: FigureTable): string {
  const cells = (r: readonly string[], tag: string) =>
    `<tr>${r.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<table>${cells(head, 'th')}${rows.map((r) => cells(r, 'td')).join('')}</table>`;
}

const STYLE = [
  'body{font-family:sans-serif;margin:1.5em;max-width:1000px}',
  'table{border-collapse:collapse;margin:.5em 0 1.5em}',
  'td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}',
  'td:first-child,th:first-child{text-align:left}',
  'svg{display:block;margin:.5em 0}',
].join('');

/** The whole page; `title` names what was run (the folders). */
export function reportHtml(report: DatasetReport, title: string): string {
  const plots = reportPlots(report).map(
    (p) => `<h2>${escapeHtml(p.heading)}</h2>\n${p.svg}\n${p.table ? `${table(p.table)}\n` : ''}`,
  );
  const tasks = table({ head: TASK_HEAD, rows: report.rows.map(taskCells) });
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(`TRM Lens report: ${title}`)}</title>
<style>${STYLE}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
${table(summaryTable(report))}
${plots.join('')}<h2>Tasks</h2>
${tasks}
</body></html>
`;
}
