// The charts over the run, kept in step with the model: redrawn for a new trace, at most once a frame
// while a solve appends steps, with the cursor on the step shown. A click jumps to the step under it.

import type { PanelModel } from './panelModel';
import { RunCharts } from './runCharts';

export class ChartsView {
  private readonly charts: RunCharts;
  private redrawQueued = false;

  constructor(private readonly model: PanelModel) {
    this.charts = new RunCharts((i) => model.go(i));
    model.onChange((change) => {
      if (change === 'trace') this.charts.setSteps(model.steps);
      else if (change === 'steps') this.queueRedraw();
      else if (change === 'position') this.charts.setCursor(model.current);
    });
  }

  get element(): HTMLElement {
    return this.charts.element;
  }

  private queueRedraw(): void {
    if (this.redrawQueued) return;
    this.redrawQueued = true;
    requestAnimationFrame(() => {
      this.redrawQueued = false;
      this.charts.setSteps(this.model.steps);
      this.charts.setCursor(this.model.current);
    });
  }
}
