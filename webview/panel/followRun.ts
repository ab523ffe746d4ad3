// How the views over the whole run (charts, trajectory, turn list) keep up with it: redrawn for a new
// trace and when the recording's status changes (a completed run has its last state), at most once a
// frame while a solve appends steps, and only their cursor moved when the step shown changes.

import type { PanelModel } from './panelModel';

export interface RunView {
  redraw(): void;
  /** The step shown changed. */
  moveCursor(): void;
}

export function followRun(model: PanelModel, view: RunView): void {
  let queued = false;
  model.onChange((change) => {
    if (change === 'trace' || change === 'status') view.redraw();
    else if (change === 'position') view.moveCursor();
    else if (change === 'steps' && !queued) {
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        view.redraw();
      });
    }
  });
}
