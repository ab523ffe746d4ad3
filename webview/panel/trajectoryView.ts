// The trajectories of z and y across the run, each on the plane of its sketches' two principal
// components (src/shared/trajectory.ts), as SVG: one point per update that changed the state, joined in
// order, coloured by supervision step (alternating, numbered where each starts), with the state at the
// step shown ringed. A click on a point goes to its update. Redrawn as the run grows (followRun.ts).

import type { StateName } from '../../src/shared/trajectory';
import { el } from '../common/dom';
import { followRun } from './followRun';
import type { PanelModel, TrajectoryPoint } from './panelModel';
import { svgElement } from './svg';

const W = 280;
const H = 200;
const PAD = 12;
/** A supervision step's number is left out nearer than this to one already written, where a path settles. */
const LABEL_GAP = 14;

interface Plot {
  readonly state: StateName;
  readonly figure: HTMLElement;
  readonly svg: SVGSVGElement;
  readonly path: SVGPathElement;
  readonly points: SVGGElement;
  readonly labels: SVGGElement;
  readonly ring: SVGCircleElement;
  /** Where each point is drawn, in the order of the model's trajectory. */
  placed: { readonly index: number; readonly x: number; readonly y: number }[];
}

/** Fits the points in the frame at one scale for both axes, so distances on the plot compare. */
function place(points: readonly TrajectoryPoint[]): { index: number; x: number; y: number }[] {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((W - 2 * PAD) / (x1 - x0 || 1), (H - 2 * PAD) / (y1 - y0 || 1));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return points.map((p) => ({ index: p.index, x: W / 2 + (p.x - cx) * scale, y: H / 2 - (p.y - cy) * scale }));
}

export class TrajectoryView {
  readonly element: HTMLElement;
  private readonly plots: Plot[];

  constructor(private readonly model: PanelModel) {
    this.plots = [this.plot('z', 'z, at each latent update'), this.plot('y', 'y, at each answer update')];
    this.element = el(
      'section',
      { id: 'trajectory', className: 'trajectory', ariaLabel: 'Trajectories of z and y' },
      el('h3', {
        className: 'section-title',
        textContent: 'Trajectory (principal plane of the sketches; colour changes with each supervision step)',
      }),
      el('div', { className: 'trajectory-plots' }, ...this.plots.map((p) => p.figure)),
    );
    followRun(model, { redraw: () => this.redraw(), moveCursor: () => this.moveRing() });
  }

  private plot(state: StateName, caption: string): Plot {
    const svg = svgElement('svg', { id: `trajectory-${state}`, viewBox: `0 0 ${W} ${H}`, role: 'img' });
    const path = svgElement('path', { class: 'traj-path' });
    const points = svgElement('g', {});
    const labels = svgElement('g', { class: 'traj-labels' });
    const ring = svgElement('circle', { class: 'traj-current', r: '7' });
    svg.append(path, points, labels, ring);
    svg.addEventListener('click', (e) => {
      const n = (e.target as Element).closest('circle.traj-point')?.getAttribute('data-n');
      if (n) this.model.selectTrajectoryPoint(state, Number(n));
    });
    const figure = el('figure', { className: 'trajectory-plot' }, el('figcaption', { textContent: caption }), svg);
    return { state, figure, svg, path, points, labels, ring, placed: [] };
  }

  private redraw(): void {
    for (const plot of this.plots) this.draw(plot);
    this.element.hidden = this.plots.every((p) => p.placed.length === 0);
    this.moveRing();
  }

  private draw(plot: Plot): void {
    const trajectory = this.model.trajectory(plot.state);
    plot.placed = place(trajectory);
    plot.figure.hidden = trajectory.length === 0;
    plot.path.setAttribute(
      'd',
      plot.placed.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(''),
    );
    const supSteps = new Set(trajectory.map((p) => p.supStep)).size;
    const circles: SVGCircleElement[] = [];
    const labels: SVGTextElement[] = [];
    const labelled: { x: number; y: number }[] = [];
    const roomFor = (p: { x: number; y: number }) =>
      labelled.every((q) => Math.hypot(p.x - q.x, p.y - q.y) >= LABEL_GAP);
    plot.placed.forEach((p, n) => {
      const { supStep } = trajectory[n];
      const circle = svgElement('circle', {
        class: `traj-point traj-sup-${supStep % 2 ? 'odd' : 'even'}`,
        cx: p.x.toFixed(1),
        cy: p.y.toFixed(1),
        r: '4',
        'data-n': String(n),
        'data-index': String(p.index),
      });
      circle.append(svgElement('title', {}));
      circle.firstChild!.textContent = `step ${p.index + 1}, supervision step ${supStep + 1}`;
      circles.push(circle);
      if ((n === 0 || trajectory[n - 1].supStep !== supStep) && roomFor(p)) {
        labelled.push(p);
        const label = svgElement('text', { x: (p.x + 5).toFixed(1), y: (p.y - 5).toFixed(1) });
        label.textContent = String(supStep + 1);
        labels.push(label);
      }
    });
    plot.points.replaceChildren(...circles);
    plot.labels.replaceChildren(...labels);
    plot.svg.setAttribute(
      'aria-label',
      `${plot.state} trajectory: ${trajectory.length} updates over ${supSteps} supervision steps; ` +
        'click a point to go to its update',
    );
  }

  /** Rings the state as it stands at the step shown: the last point at or before it. */
  private moveRing(): void {
    const current = this.model.current;
    for (const plot of this.plots) {
      let at: (typeof plot.placed)[number] | undefined;
      for (const p of plot.placed) if (p.index <= current) at = p;
      plot.ring.setAttribute('visibility', at ? 'visible' : 'hidden');
      if (!at) continue;
      plot.ring.setAttribute('cx', at.x.toFixed(1));
      plot.ring.setAttribute('cy', at.y.toFixed(1));
      plot.ring.classList.toggle('traj-here', at.index === current);
    }
  }
}
