// A dataset report's figures as words and SVG markup, for both places that show them: the self-contained
// report.html (reportHtml.ts) and the report webview, which imports this one module of the core (pure,
// types only from elsewhere) so the two never disagree. Every text from the data is escaped in the SVG
// (task ids come from files); tables are plain strings each side writes safely in its own way.

import type { CalibrationBin, DatasetReport, Histogram, StepFigures, TaskRow } from './datasetReportShape';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const percent = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(1)} %`);

const maybe = (v: number | boolean | null) =>
  v === null ? '-' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);

/** An element with numeric or escaped attributes. */
function el(name: string, attrs: Record<string, string | number>, body = ''): string {
  const list = Object.entries(attrs).map(([k, v]) => ` ${k}="${typeof v === 'number' ? v.toFixed(1) : escapeHtml(v)}"`);
  return `<${name}${list.join('')}>${body}</${name}>`;
}

const W = 480;
const H = 200;
const PAD = 30;

function svg(body: string, label: string): string {
  const attrs = { xmlns: 'http://www.w3.org/2000/svg', role: 'img', 'aria-label': label, width: W, height: H };
  return el('svg', { ...attrs, viewBox: `0 0 ${W} ${H}` }, body);
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

/** A table as words: a head and rows of cells, each as long as the head. */
export interface FigureTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** One plot of the report, under its heading, with the table of its numbers when it has one. */
export interface ReportPlot {
  readonly heading: string;
  readonly svg: string;
  readonly table: FigureTable | null;
}

/** The counts and headline figures, one row. */
export function summaryTable(report: DatasetReport): FigureTable {
  return {
    head: ['runs', 'tasks', 'test inputs', 'scored', 'exact at halt', 'pass@1', 'pass@2', 'cells turned wrong'],
    rows: [
      [
        String(report.runs),
        String(report.tasks),
        String(report.testInputs),
        String(report.scored),
        percent(report.exactAtHalt),
        percent(report.passAt[1]),
        percent(report.passAt[2]),
        `${report.turnedWrong.cells} in ${report.turnedWrong.runs} run(s)`,
      ],
    ],
  };
}

/** The plots in reading order. */
export function reportPlots(report: DatasetReport): ReportPlot[] {
  const histogramPlot = (heading: string, histogram: Histogram, name: string): ReportPlot => ({
    heading,
    svg: bars(histogram, name),
    table: null,
  });
  return [
    {
      heading: 'Refinement curve',
      svg: curve(report.perStep),
      table: {
        head: ['step', 'runs', 'exact', 'cell accuracy'],
        rows: report.perStep.map((s) => [String(s.step), String(s.runs), percent(s.exact), percent(s.cellAccuracy)]),
      },
    },
    histogramPlot('First-right step', report.firstRight, 'first-right step'),
    histogramPlot('Step where the halting rule first fires', report.haltsAt, 'halting step'),
    histogramPlot('Halting step minus first-right step', report.haltLag, 'halting lag'),
    histogramPlot('Steps to stabilise', report.stableFrom, 'stable from'),
    {
      heading: 'Halting calibration: sigmoid(q_halt) against exact',
      svg: calibration(report.calibration),
      table: {
        head: ['sigmoid(q_halt)', 'pairs', 'mean', 'exact'],
        rows: report.calibration.map((b) => [
          `${b.from.toFixed(1)}-${b.to.toFixed(1)}`,
          String(b.pairs),
          b.meanHaltProb.toFixed(3),
          percent(b.exact),
        ]),
      },
    },
  ];
}

export const TASK_HEAD = [
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
] as const;

/** A task row's cells, under TASK_HEAD. */
export function taskCells(r: TaskRow): string[] {
  return [
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
  ];
}
