// The list of every cell that turned wrong or right against the target over the run, in step order;
// each entry is a button that goes to its step and chooses its cell. Entries of the step shown are marked.
// Turns only ever add up as a run grows, so a growing run appends entries rather than redrawing them all:
// a large grid's run can have thousands.

import type { StepSummary } from '../../src/shared/protocol';
import { el } from '../common/dom';
import { followRun } from './followRun';
import type { PanelModel } from './panelModel';

export class TurnsView {
  readonly element: HTMLElement;
  private readonly list = el('ol', { id: 'turns-list', className: 'turns-list' });
  private readonly empty = el('p', { className: 'turns-empty' });
  /** The steps the entries were made from: another array is another trace. */
  private listed: readonly StepSummary[] | null = null;
  private readonly byStep = new Map<number, HTMLButtonElement[]>();
  private marked: readonly HTMLButtonElement[] = [];

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
    const { meta, turns, recording, steps } = this.model;
    if (this.listed !== steps) {
      this.listed = steps;
      this.list.replaceChildren();
      this.byStep.clear();
    }
    const width = meta?.target?.width ?? 1;
    for (let n = this.list.childElementCount; n < turns.length; n++) {
      const t = turns[n];
      const where = `row ${Math.floor(t.cell / width) + 1}, col ${(t.cell % width) + 1}`;
      const b = el('button', {
        type: 'button',
        className: `turn turn-${t.turned}`,
        textContent: `step ${t.index + 1} · ${where} · turned ${t.turned}`,
      });
      b.dataset.n = String(n);
      this.byStep.set(t.index, [...(this.byStep.get(t.index) ?? []), b]);
      this.list.append(el('li', {}, b));
    }
    this.element.hidden = !meta?.target || !this.model.hasMotion;
    this.empty.hidden = turns.length > 0;
    this.empty.textContent = `No cell turned wrong or right in this run${recording === 'complete' ? '' : ' so far'}.`;
    this.markCurrent();
  }

  private markCurrent(): void {
    for (const b of this.marked) b.classList.remove('turn-here');
    this.marked = this.byStep.get(this.model.current) ?? [];
    for (const b of this.marked) b.classList.add('turn-here');
  }
}
