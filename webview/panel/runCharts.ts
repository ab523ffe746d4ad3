// Charts over the whole run (chartMetrics.ts says which), drawn as SVG with a cursor at the current
// step. Moving the cursor touches two attributes per chart; the lines are redrawn only when the trace
// grows or completes. A click on a chart jumps to the step under it.

import { METRICS, type ChartGroup, type Metric, type RunSeries } from './chartMetrics';
import { extentOf, formatValue, linePath, nonFinitePath, stepToX, xToStep, type Frame } from './chartScale';
import { svgElement } from './svg';

const frame: Frame = { width: 600, height: 40, pad: 3 };

interface Chart {
  readonly metric: Metric;
  readonly figure: HTMLElement;
  readonly svg: SVGSVGElement;
  readonly range: HTMLElement;
  readonly path: SVGPathElement;
  /** Bands where the metric is NaN or infinite. */
  readonly nonFinite: SVGPathElement;
  readonly cursor: SVGLineElement;
  readonly readout: HTMLElement;
  values: readonly (number | null)[];
}

export class RunCharts {
  readonly element: HTMLElement;
  private readonly charts: Chart[];
  private count = 0;

  constructor(onJump: (index: number) => void) {
    this.element = document.createElement('div');
    this.element.className = 'charts';
    this.charts = METRICS.map((metric) => this.chart(metric, onJump));
  }

  /** Shows the charts of these groups only. */
  showGroups(groups: ReadonlySet<ChartGroup>): void {
    for (const chart of this.charts) chart.figure.hidden = !groups.has(chart.metric.group);
  }

  /** Redraws the lines for the steps known so far. */
  setSteps(run: RunSeries): void {
    this.count = run.steps.length;
    for (const chart of this.charts) this.draw(chart, run);
  }

  /** Moves the cursor to a step and shows that step's values. */
  setCursor(index: number): void {
    const x = stepToX(index, this.count, frame).toFixed(1);
    for (const chart of this.charts) {
      chart.cursor.setAttribute('x1', x);
      chart.cursor.setAttribute('x2', x);
      const v = chart.values[index] ?? null;
      chart.readout.textContent = v === null ? (chart.metric.absent ?? '—') : formatValue(v);
    }
  }

  private chart(metric: Metric, onJump: (index: number) => void): Chart {
    const figure = document.createElement('figure');
    figure.className = `chart chart-${metric.id}`;
    figure.dataset.group = metric.group;
    figure.title = metric.about;
    const caption = document.createElement('figcaption');
    const span = (className: string, text = '') => {
      const s = document.createElement('span');
      s.className = className;
      s.textContent = text;
      return s;
    };
    const readout = span('chart-readout');
    const range = span('chart-range');
    caption.append(span('chart-title', metric.title), readout, range);
    const svg = svgElement('svg', { viewBox: `0 0 ${frame.width} ${frame.height}`, preserveAspectRatio: 'none' });
    svg.setAttribute('role', 'img');
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
    return { metric, figure, svg, range, path, nonFinite, cursor, readout, values: [] };
  }

  private draw(chart: Chart, run: RunSeries): void {
    const { metric } = chart;
    const values = metric.values(run);
    chart.values = values ?? [];
    chart.path.setAttribute('d', values ? linePath(values, frame, metric.joined) : '');
    chart.nonFinite.setAttribute('d', values ? nonFinitePath(values, frame) : '');
    if (values === null) {
      chart.range.textContent = metric.pending ?? 'not known';
      chart.svg.setAttribute('aria-label', `${metric.title}: ${chart.range.textContent}`);
      return;
    }
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
        ? `${metric.title}: ${known} for this trace`
        : `${metric.title} over ${values.length} steps, from ${formatValue(extent.min)} to ${formatValue(extent.max)}`;
    chart.svg.setAttribute('aria-label', summary + bad);
  }
}
