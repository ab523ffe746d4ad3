// A dataset report as one self-contained HTML page: inline SVG plots, no scripts, no external resources,
// every text from the data escaped (task ids come from files).

import type { CalibrationBin, DatasetReport, Histogram, StepFigures } from './datasetReport';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(1)} %`);

/** An element with numeric or escaped attributes. */
function el(name: string, attrs: Record<string, string | number>, body = ''): string {
  const list = Object.entries(attrs).map(([k, v]) => ` ${k}="${typeof v === 'number' ? v.toFixed(1) : escapeHtml(v)}"`);
  return `<${name}${list.join('')}>${body}</${name}>`;
}

const W = 480;
const H = 200;
const PAD = 30;

function svg(body: string, label: string): string {
  return el('svg', { role: 'img', 'aria-label': label, width: W, height: H, viewBox: `0 0 ${W} ${H}` }, body);
}

const BOTTOM = H - PAD;

function axes(): string {
  const stroke = 'currentColor';
  return (
    el('line', { x1: PAD, y1: BOTTOM, x2: W - 5, y2: BOTTOM, stroke }) +
    el('line', { x1: PAD, y1: 5, x2: PAD, y2: BOTTOM, stroke })
  );
}

function label(x: number, text: string, y = BOTTOM + 14, fill = 'currentColor'): string {
  return el('text', { x, y, 'font-size': '10', 'text-anchor': 'middle', fill }, escapeHtml(text));
}

/** Exact and cell accuracy against the supervision step, 0..1. */
function curve(steps: readonly StepFigures[]): string {
  const n = Math.max(steps.length - 1, 1);
  const x = (i: number) => PAD + ((W - PAD - 10) * i) / n;
  const y = (v: number) => BOTTOM - (BOTTOM - 10) * v;
  const line = (pick: (s: StepFigures) => number, stroke: string) => {
    const points = steps.map((s, i) => `${x(i).toFixed(1)},${y(pick(s)).toFixed(1)}`).join(' ');
    return el('polyline', { fill: 'none', stroke, 'stroke-width': '2', points });
  };
  const ticks = steps.map((s, i) => label(x(i), String(s.step)));
  const legend = label(PAD + 30, 'exact', 16, '#1f77b4') + label(PAD + 100, 'cell accuracy', 16, '#ff7f0e');
  const lines = line((s) => s.exact, '#1f77b4') + line((s) => s.cellAccuracy, '#ff7f0e');
  return svg(axes() + lines + ticks.join('') + legend, 'refinement curve');
}

function bars(histogram: Histogram, name: string): string {
  const max = Math.max(1, ...histogram.map((h) => h.count));
  const width = (W - PAD - 10) / Math.max(histogram.length, 1);
  const body = histogram.map((h, i) => {
    const height = ((BOTTOM - 20) * h.count) / max;
    const x = PAD + i * width;
    const value = h.value === null ? 'never' : String(h.value);
    const title = el('title', {}, escapeHtml(`${value}: ${h.count}`));
    const rect = { x: x + 1, y: BOTTOM - height, width: Math.max(width - 2, 1), height, fill: '#1f77b4' };
    return el('rect', rect, title) + label(x + width / 2, value);
  });
  return svg(axes() + body.join(''), name);
}

/** Mean sigmoid(q_halt) of each bin against the fraction right; the diagonal is perfect calibration. */
function calibration(bins: readonly CalibrationBin[]): string {
  const x = (v: number) => PAD + (W - PAD - 10) * v;
  const y = (v: number) => BOTTOM - (BOTTOM - 10) * v;
  const dots = bins
    .filter((b) => b.pairs > 0)
    .map((b) => {
      const title = `${b.pairs} pairs: p ${b.meanHaltProb.toFixed(3)}, right ${b.exact.toFixed(3)}`;
      return el('circle', { cx: x(b.meanHaltProb), cy: y(b.exact), r: 4, fill: '#d62728' }, el('title', {}, title));
    });
  const diagonal = el('line', { x1: x(0), y1: y(0), x2: x(1), y2: y(1), stroke: '#999', 'stroke-dasharray': '4' });
  return svg(axes() + diagonal + dots.join(''), 'halting calibration');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = (r: readonly string[], tag: string) =>
    `<tr>${r.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<table>${cells(head, 'th')}${rows.map((r) => cells(r, 'td')).join('')}</table>`;
}

const maybe = (v: number | boolean | null) =>
  v === null ? '-' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);

const STYLE = [
  'body{font-family:sans-serif;margin:1.5em;max-width:1000px}',
  'table{border-collapse:collapse;margin:.5em 0 1.5em}',
  'td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}',
  'td:first-child,th:first-child{text-align:left}',
  'svg{display:block;margin:.5em 0}',
].join('');

/** The whole page; `title` names what was run (the folders). */
export function reportHtml(report: DatasetReport, title: string): string {
  const summary = table(
    ['runs', 'tasks', 'test inputs', 'exact at halt', 'pass@1', 'pass@2', 'cells turned wrong'],
    [
      [
        String(report.runs),
        String(report.tasks),
        String(report.testInputs),
        pct(report.exactAtHalt),
        pct(report.passAt[1]),
        pct(report.passAt[2]),
        `${report.turnedWrong.cells} in ${report.turnedWrong.runs} run(s)`,
      ],
    ],
  );
  const steps = table(
    ['step', 'runs', 'exact', 'cell accuracy'],
    report.perStep.map((s) => [String(s.step), String(s.runs), pct(s.exact), pct(s.cellAccuracy)]),
  );
  const tasks = table(
    [
      'task',
      'test',
      'runs',
      'first right',
      'halts at',
      'stable from',
      'turned wrong',
      'final exact',
      'pass@1',
      'pass@2',
    ],
    report.rows.map((r) => [
      r.task,
      String(r.test),
      String(r.runs),
      maybe(r.firstRight),
      maybe(r.haltsAt),
      String(r.stableFrom),
      String(r.turnedWrong),
      maybe(r.finalExact),
      maybe(r.passAt1),
      maybe(r.passAt2),
    ]),
  );
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(`TRM Lens report: ${title}`)}</title>
<style>${STYLE}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
${summary}
<h2>Refinement curve</h2>
${curve(report.perStep)}
${steps}
<h2>First-right step</h2>
${bars(report.firstRight, 'first-right step')}
<h2>Step where the halting rule first fires</h2>
${bars(report.haltsAt, 'halting step')}
<h2>Halting step minus first-right step</h2>
${bars(report.haltLag, 'halting lag')}
<h2>Steps to stabilise</h2>
${bars(report.stableFrom, 'stable from')}
<h2>Halting calibration: sigmoid(q_halt) against exact</h2>
${calibration(report.calibration)}
${table(
  ['sigmoid(q_halt)', 'pairs', 'mean', 'exact'],
  report.calibration.map((b) => [
    `${b.from.toFixed(1)}-${b.to.toFixed(1)}`,
    String(b.pairs),
    b.meanHaltProb.toFixed(3),
    pct(b.exact),
  ]),
)}
<h2>Tasks</h2>
${tasks}
</body></html>
`;
}
