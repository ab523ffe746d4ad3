// The viewer's body: the task's grids at the zoomed cell size in the look in effect, or the file's
// problems. The root's data-state and data-look say which, for the cell tooltip and the e2e tests.

import type { ProblemView } from '../../src/shared/protocol';
import { el } from '../common/dom';
import { paletteStyle } from '../common/paletteStyle';
import { attachCellTooltip } from './gridView';
import { renderProblems } from './problemsView';
import { renderTask } from './taskView';
import type { ViewerModel } from './viewerModel';

export class ContentView {
  readonly element = el('main', { className: 'content' });

  constructor(
    private readonly model: ViewerModel,
    private readonly root: HTMLElement,
    private readonly reveal: (problem: ProblemView) => void,
  ) {
    attachCellTooltip(this.element);
    model.onChange((change) => (change === 'zoom' ? this.showZoom() : this.showContent()));
    this.showZoom();
  }

  /** Every grid sizes its cells from --cell, so a zoom redraws nothing. */
  private showZoom(): void {
    document.documentElement.style.setProperty('--cell', `${this.model.cellSize}px`);
  }

  private showContent(): void {
    const content = this.model.shown?.content;
    if (!content) return;
    const look = this.model.look;
    this.element.replaceChildren(
      content.kind === 'task'
        ? renderTask(content.task, paletteStyle(look, null))
        : renderProblems(content.problems, this.reveal),
    );
    this.root.dataset.state = content.kind;
    this.root.dataset.look = look;
  }
}
