// The keyboard help: every key of the keymap and every contributed VS Code keybinding, from the same
// tables the key handler and package.json use.

import { button, el } from '../common/dom';
import { bindings, vscodeKeys } from './keymap';
import type { PanelModel } from './panelModel';

/** What is done on the page itself rather than by a key of the keymap. */
const ON_THE_PAGE = [
  ['Tab to the answer grid, then arrows / Enter', 'Move the cell cursor / choose the cell for "run to cell change"'],
  ['Click a chart or a trajectory point', 'Go to that update'],
  ['Tab to a turned cell, Enter', 'Go to the step where it turned wrong or right, and choose the cell'],
] as const;

export class HelpView {
  readonly element = el('div', { id: 'help', className: 'help', hidden: true });
  private readonly close: HTMLButtonElement;

  constructor(model: PanelModel) {
    this.element.setAttribute('role', 'dialog');
    this.element.setAttribute('aria-label', 'Keyboard help');
    const rows = [...bindings, ...vscodeKeys].map((b) => [b.label, b.description] as const);
    this.close = button('Close', 'Close help (Escape)', () => model.toggleHelp(false), 'help-close');
    this.element.append(
      el('h2', { textContent: 'Keys' }),
      el(
        'table',
        {},
        ...[...rows, ...ON_THE_PAGE].map(([k, d]) =>
          el('tr', {}, el('th', { textContent: k, scope: 'row' }), el('td', { textContent: d })),
        ),
      ),
      this.close,
    );
    model.onChange((change) => {
      if (change !== 'help') return;
      this.element.hidden = !model.helpOpen;
      if (model.helpOpen) this.close.focus();
    });
  }
}
