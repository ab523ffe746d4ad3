// The panel's key handler: keymap actions for the model, the answer grid's own keys while it has
// focus, Escape for the help, and nothing for form fields or for the keys VS Code's keybindings own.

import type { GridsView } from './gridsView';
import { actionFor, isVscodeKey } from './keymap';
import type { PaintPerf } from './paintPerf';
import type { PanelModel } from './panelModel';

export function handleKeys(model: PanelModel, grids: GridsView, scrubber: HTMLElement, perf: PaintPerf): void {
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT') && target !== scrubber) return;
    if (target?.tagName === 'BUTTON' && (e.key === ' ' || e.key === 'Enter')) return;
    if (e.key === 'Escape' && model.helpOpen) {
      model.toggleHelp(false);
      return;
    }
    if (target === grids.answer.element && grids.key(e)) {
      e.preventDefault();
      return;
    }
    if (isVscodeKey(e)) {
      e.preventDefault();
      return;
    }
    const action = actionFor(e);
    if (!action) return;
    // The scrubber would move itself on arrows too; the panel's own stepping wins.
    e.preventDefault();
    perf.keyPressed(e.timeStamp);
    model.act(action);
  });
}
