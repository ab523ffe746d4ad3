// What the panel says about where it is: the title and step counter, the solving line, the error
// banner, the recursion "call stack" and halting line, the notice line, the empty-panel message, and the
// screen readers' one-sentence summary of each step.

import type { Recording } from '../../src/shared/protocol';
import { el } from '../common/dom';
import type { PanelChange, PanelModel } from './panelModel';
import { describeStep, haltLine, locationLine } from './stepNav';

const GROWING: Record<Exclude<Recording, 'complete'>, string> = {
  solving: ' (running)',
  debugging: ' (recorded so far)',
};

export class StatusView {
  readonly header: HTMLElement;
  readonly banner = el('div', { id: 'banner', className: 'banner', hidden: true });
  readonly solving = el('div', { id: 'solving', className: 'solving', hidden: true });
  readonly stack: HTMLElement;
  readonly notice = el('div', { id: 'notice', className: 'notice' });
  readonly empty = el('div', {
    id: 'empty',
    className: 'empty',
    textContent: 'No trace yet. Run "TRM Lens: Solve" on a puzzle, or open a .trace.json file.',
  });
  readonly live = el('div', { id: 'live', className: 'visually-hidden' });
  private readonly title = el('div', { id: 'title', className: 'title' });
  private readonly counter = el('span', { id: 'step-counter', className: 'counter' });
  private readonly location = el('div', { id: 'location', className: 'location' });
  private readonly halt = el('div', { id: 'halt-line', className: 'halt-line' });

  constructor(private readonly model: PanelModel) {
    this.banner.setAttribute('role', 'alert');
    this.live.setAttribute('aria-live', 'polite');
    this.notice.setAttribute('role', 'status');
    this.header = el('header', { className: 'header' }, this.title, this.counter);
    this.stack = el(
      'div',
      { className: 'stack', ariaLabel: 'Where this step is in the recursion' },
      this.location,
      this.halt,
    );
    model.onChange((change) => this.render(change));
  }

  private render(change: PanelChange): void {
    const model = this.model;
    switch (change) {
      case 'trace': {
        const meta = model.meta!;
        const { taskName, testIndex, modelName, provider } = meta;
        this.title.textContent = `${taskName} · test ${testIndex + 1} · ${modelName} · ${provider}`;
        this.empty.hidden = model.steps.length > 0;
        return this.renderStatus();
      }
      case 'steps':
        this.empty.hidden = model.steps.length > 0;
        this.solving.textContent = model.solving.label;
        return this.renderCounter();
      case 'position':
        return this.renderPosition();
      case 'status':
        return this.renderStatus();
      case 'notice':
        this.notice.textContent = model.notice;
        return;
      default:
        return;
    }
  }

  private renderCounter(): void {
    const { current, steps, recording } = this.model;
    const growing = recording === 'complete' ? '' : GROWING[recording];
    this.counter.textContent = `step ${current + 1} / ${steps.length}${growing}`;
  }

  private renderPosition(): void {
    const { meta, currentStep: step, current, steps, playing } = this.model;
    document.body.dataset.stepIndex = String(current);
    this.renderCounter();
    if (!meta || !step) return;
    this.location.textContent = locationLine(step, meta.schedule);
    this.halt.textContent = haltLine(step);
    this.halt.classList.toggle('halts', step.halts);
    if (!playing) this.live.textContent = describeStep(step, steps.length, meta.schedule);
  }

  private renderStatus(): void {
    const { error, solving } = this.model;
    this.banner.hidden = error === null;
    if (error !== null) this.banner.textContent = error;
    this.solving.hidden = !solving.shown;
    if (solving.shown) this.solving.textContent = solving.label;
  }
}
