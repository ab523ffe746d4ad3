// The list of every cell that turned wrong or right against the target over the run, in step order;
// each entry is a button that goes to its step and chooses its cell. Entries of the step shown are marked.

import { el } from '../common/dom';
import { followRun } from './followRun';
import type { PanelModel } from './panelModel';

export class TurnsView {
  readonly element: HTMLElement;
  private readonly list = el('ol', { id: 'turns-list', className: 'turns-list' });
  private readonly empty = el('p', { className: 'turns-empty' });

  constructor(private readonly model: PanelModel) {
    this.element = el(
      'section',
      { id: 'turns', className: 'turns', ariaLabel: 'Cells that turned wrong or right' },
      el('h3', { className: 'section-title', textContent: 'Cells turned wrong / right' }),
      this.empty,
      this.list,
    );
    this.list.addEventListener('click', (e) => {
      const n = (e.target as Element).closest('button')?.dataset.n;
      if (n !== undefined) model.goToTurn(Number(n));
    });
    followRun(model, { redraw: () => this.redraw(), moveCursor: () => this.markCurrent() });
  }

  private redraw(): void {
    const { meta, turns, recording } = this.model;
    const width = meta?.target?.width ?? 1;
    this.element.hidden = !meta?.target || !this.model.hasMotion;
    this.empty.textContent = turns.length
      ? ''
      : `No cell turned wrong or right in this run${recording === 'complete' ? '' : ' so far'}.`;
    this.empty.hidden = turns.length > 0;
    this.list.replaceChildren(
      ...turns.map((t, n) => {
        const where = `row ${Math.floor(t.cell / width) + 1}, col ${(t.cell % width) + 1}`;
        const b = el('button', {
          type: 'button',
          className: `turn turn-${t.turned}`,
          textContent: `step ${t.index + 1} · ${where} · turned ${t.turned}`,
        });
        b.dataset.n = String(n);
        b.dataset.index = String(t.index);
        return el('li', {}, b);
      }),
    );
    this.markCurrent();
  }

  private markCurrent(): void {
    const current = String(this.model.current);
    for (const b of this.list.querySelectorAll('button')) b.classList.toggle('turn-here', b.dataset.index === current);
  }
}
