// The charts over the run, kept in step with the model (followRun.ts): redrawn for a new trace, at most
// once a frame while a solve appends steps, and when the run completes (the distances to the last state
// need its end), with the cursor on the step shown. A trace recorded before motion was measured says so in
// one line instead of showing empty movement charts; |y|, |z| and the cosines wait behind "More charts".

import { button, el } from '../common/dom';
import type { ChartGroup } from './chartMetrics';
import { followRun } from './followRun';
import type { PanelModel } from './panelModel';
import { RunCharts } from './runCharts';

export class ChartsView {
  readonly element: HTMLElement;
  private readonly charts: RunCharts;
  private readonly more: HTMLButtonElement;
  private readonly note = el('p', {
    id: 'motion-note',
    className: 'chart-note',
    hidden: true,
    textContent: 'This trace was recorded before motion was measured: it has no step residuals, entropy or trajectory.',
  });

  constructor(private readonly model: PanelModel) {
    this.charts = new RunCharts((i) => model.go(i));
    this.more = button('More charts', 'More charts: |y|, |z| and the cosines (M)', () =>
      model.act({ type: 'toggleMoreCharts' }),
    );
    this.more.id = 'more-charts';
    this.element = el(
      'section',
      { className: 'charts-section', ariaLabel: 'Charts over the run; click a chart to jump to a step' },
      this.note,
      this.charts.element,
      el('div', { className: 'charts-more' }, this.more),
    );
    followRun(model, { redraw: () => this.redraw(), moveCursor: () => this.charts.setCursor(model.current) });
    model.onChange((change) => {
      if (change === 'view') this.showGroups();
    });
  }

  private showGroups(): void {
    const { hasMotion, view, steps } = this.model;
    const groups = new Set<ChartGroup>(['run']);
    if (hasMotion) groups.add('movement');
    if (view.moreCharts) groups.add('more');
    this.charts.showGroups(groups);
    this.note.hidden = hasMotion || steps.length === 0;
    this.more.textContent = view.moreCharts ? 'Fewer charts' : 'More charts';
    this.more.setAttribute('aria-pressed', String(view.moreCharts));
  }

  private redraw(): void {
    this.charts.setSteps(this.model);
    this.charts.setCursor(this.model.current);
    this.showGroups();
  }
}
