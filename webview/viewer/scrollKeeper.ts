// Keeps the page's scroll position in the model: read once a frame while the user scrolls (a fling
// fires many events), and put back when the first document after a reload has been drawn.

import type { ViewerModel } from './viewerModel';

/** Call after the views are built: its listener must run after the content view has drawn the document. */
export function keepScroll(model: ViewerModel): void {
  let frame = 0;
  window.addEventListener('scroll', () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      model.scrolled(window.scrollX, window.scrollY);
    });
  });
  model.onChange((change) => {
    const at = change === 'shown' ? model.scrollToRestore() : null;
    if (at) window.scrollTo(at.x, at.y);
  });
}
