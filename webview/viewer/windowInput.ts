// The viewer's keys and wheel, anywhere in the page: + - 0 zoom, V toggles the look, Ctrl (Cmd) with
// the wheel zooms. Keys with Alt, Ctrl or Cmd are left to VS Code's keybindings.

import type { ZoomAction } from './gridModel';
import type { ViewerModel } from './viewerModel';

const ZOOM_KEYS: Readonly<Record<string, ZoomAction>> = { '+': 'in', '=': 'in', '-': 'out', _: 'out', '0': 'reset' };

export function handleWindowInput(model: ViewerModel): void {
  window.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'v' || event.key === 'V') {
      event.preventDefault();
      return model.toggleLook();
    }
    const action = ZOOM_KEYS[event.key];
    if (!action) return;
    event.preventDefault();
    model.zoom(action);
  });
  window.addEventListener(
    'wheel',
    (event) => {
      if (!event.ctrlKey && !event.metaKey) return;
      // Not passive, so the page does not zoom or scroll as well.
      event.preventDefault();
      model.zoom(event.deltaY < 0 ? 'in' : 'out');
    },
    { passive: false },
  );
}
