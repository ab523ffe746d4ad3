// Charts over the whole run (loss, cell accuracy, halting probability, |y|, |z|), drawn as SVG with
// a cursor at the current step. Moving the cursor touches two attributes per chart; the lines are
// redrawn only when the trace grows. A click on a chart jumps to the step under it.

import type { StepSummary } from '../../src/shared/protocol';
import { extentOf, formatValue, linePath, nonFinitePath, stepToX, xToStep, type Frame } from './chartScale';

interface Metric {
  readonly id: string;
  readonly title: string;
  readonly value: (s: StepSummary) => number | null;
}

const metrics: readonly Metric[] = [
  { id: 'loss', title: 'Loss', value: (s) => s.loss },
  { id: 'accuracy', title: 'Cell accuracy', value: (s) => s.cellAccuracy },
  { id: 'halt', title: 'Halt probability', value: (s) => s.haltProb },
  { id: 'y', title: '|y|', value: (s) => s.yNorm },
  { id: 'z', title: '|z|', value: (s) => s.zNorm },
];

const SVG = 'http://www.w3.org/2000/svg';
const frame: Frame = { width: 600, height: 40, pad: 3 };

interface Chart {
  readonly metric: Metric;
  readonly figure: HTMLElement;
  readonly range: HTMLElement;
  readonly path: SVGPathElement;
  /** Bands where the metric is NaN or infinite. */
  readonly nonFinite: SVGPathElement;
  readonly cursor: SVGLineElement;
  readonly readout: HTMLElement;
}

function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Record<string, string>,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

export class RunCharts {
  readonly element: HTMLElement;
  private readonly charts: Chart[];
  private count = 0;
  private steps: readonly StepSummary[] = [];

  constructor(onJump: (index: number) => void) {
    this.element = document.createElement('section');
    this.element.className = 'charts';
    this.element.setAttribute('aria-label', 'Charts over the run; click a chart to jump to a step');
    this.charts = metrics.map((metric) => {
      const figure = document.createElement('figure');
      figure.className = `chart chart-${metric.id}`;
      const caption = document.createElement('figcaption');
      const title = document.createElement('span');
      title.className = 'chart-title';
      title.textContent = metric.title;
      const readout = document.createElement('span');
      readout.className = 'chart-readout';
      const range = document.createElement('span');
      range.className = 'chart-range';
      caption.append(title, readout, range);
      const svg = svgElement('svg', {
        viewBox: `0 0 ${frame.width} ${frame.height}`,
        preserveAspectRatio: 'none',
        role: 'img',
      });
      const path = svgElement('path', { class: 'chart-line', 'vector-effect': 'non-scaling-stroke' });
      const nonFinite = svgElement('path', { class: 'chart-nonfinite' });
      const cursor = svgElement('line', {
        class: 'chart-cursor',
        y1: '0',
        y2: String(frame.height),
        'vector-effect': 'non-scaling-stroke',
      });
      svg.append(nonFinite, path, cursor);
      svg.addEventListener('click', (e) => {
        const box = svg.getBoundingClientRect();
        if (box.width === 0 || this.count === 0) return;
        onJump(xToStep(((e.clientX - box.left) / box.width) * frame.width, this.count, frame));
      });
      figure.append(caption, svg);
      this.element.appendChild(figure);
      return { metric, figure, range, path, nonFinite, cursor, readout };
    });
  }

  /** Redraws the lines for the steps known so far. */
  setSteps(steps: readonly StepSummary[]): void {
    this.steps = steps;
    this.count = steps.length;
    for (const chart of this.charts) {
      const values = steps.map(chart.metric.value);
      chart.path.setAttribute('d', linePath(values, frame));
      chart.nonFinite.setAttribute('d', nonFinitePath(values, frame));
      const extent = extentOf(values);
      const firstBad = values.findIndex((v) => v !== null && !Number.isFinite(v));
      const bad = firstBad < 0 ? '' : `; NaN or infinite from step ${firstBad + 1}`;
      const known =
        extent === null
          ? firstBad < 0
            ? 'not known'
            : 'not finite'
          : `${formatValue(extent.min)} – ${formatValue(extent.max)}`;
      chart.range.textContent = known + bad;
      const summary =
        extent === null
          ? `${chart.metric.title}: ${known} for this trace`
          : `${chart.metric.title} over ${steps.length} steps, ` +
            `from ${formatValue(extent.min)} to ${formatValue(extent.max)}`;
      chart.figure.querySelector('svg')?.setAttribute('aria-label', summary + bad);
    }
  }

  /** Moves the cursor to a step and shows that step's values. */
  setCursor(index: number): void {
    const x = stepToX(index, this.count, frame).toFixed(1);
    const step = this.steps[index];
    for (const chart of this.charts) {
      chart.cursor.setAttribute('x1', x);
      chart.cursor.setAttribute('x2', x);
      const v = step === undefined ? null : chart.metric.value(step);
      chart.readout.textContent = v === null ? '—' : formatValue(v);
    }
  }
}
