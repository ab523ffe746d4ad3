// The viewer's keys and wheel, anywhere in the page: + - 0 zoom, F fits the window, V toggles the look, Ctrl (Cmd) with
// the wheel zooms. Keys with Alt, Ctrl or Cmd are left to VS Code's keybindings.

import type { ZoomAction } from './gridModel';
import type { ViewerModel } from './viewerModel';

const ZOOM_KEYS: Readonly<Record<string, ZoomAction>> = { '+': 'in', '=': 'in', '-': 'out', _: 'out', '0': 'reset' };

/** Fit to window: the task's grids at the largest cell size the page's width and height take. */
export function fitWindow(model: ViewerModel): void {
  model.fit(document.documentElement.clientWidth, document.documentElement.clientHeight);
}

export function handleWindowInput(model: ViewerModel): void {
  window.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'v' || event.key === 'V') {
      event.preventDefault();
      return model.toggleLook();
    }
    if (event.key === 'f' || event.key === 'F') {
      event.preventDefault();
      return fitWindow(model);
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
