// The viewer's toolbar: the file's name, badges counting what it holds, the Solve status line, and
// the actions (zoom, values as digits or maze glyphs, reopen as text, Solve).

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import type { ReplyOutcome, ViewerContent } from '../../src/shared/protocol';
import { el } from '../common/dom';
import { demonstrationCount, plural } from './gridModel';
import type { ViewerModel } from './viewerModel';
import { fitWindow } from './windowInput';

/** What the toolbar asks of the host. */
export interface ToolbarActions {
  solve(): Promise<ReplyOutcome>;
  reopenAsText(): void;
}

export class ToolbarView {
  readonly element = el('header', { className: 'toolbar' });
  private readonly title = el('h1', { className: 'title' });
  private readonly badges = el('span', { className: 'badges' });
  private readonly status = el('span', { className: 'status' });
  private readonly zoomLabel = el('span', { className: 'zoom-level' });
  /** A switch (role and aria-checked come from the element); its state follows the look shown. */
  private readonly digits = toolbarButton(
    'symbol-numeric',
    "Show values as the model's symbols: digits or maze glyphs (V)",
    () => this.model.toggleLook(),
  );
  private readonly solveButton = document.createElement('vscode-button');

  constructor(
    private readonly model: ViewerModel,
    private readonly actions: ToolbarActions,
  ) {
    this.status.setAttribute('role', 'status');
    this.digits.id = 'show-digits';
    this.digits.toggleable = true;
    this.solveButton.setAttribute('icon', 'play');
    this.solveButton.id = 'solve';
    this.solveButton.textContent = 'Solve';
    this.solveButton.title = 'Solve this task (Ctrl+Alt+Enter)';
    this.solveButton.addEventListener('click', () => void this.solve());
    const buttons = el(
      'span',
      { className: 'actions' },
      toolbarButton('zoom-out', 'Zoom out (-)', () => model.zoom('out')),
      this.zoomLabel,
      toolbarButton('zoom-in', 'Zoom in (+)', () => model.zoom('in')),
      toolbarButton('screen-normal', 'Reset zoom (0)', () => model.zoom('reset')),
      toolbarButton('screen-full', 'Fit to window (F)', () => fitWindow(model)),
      this.digits,
      toolbarButton('go-to-file', 'Reopen as text', () => actions.reopenAsText()),
      this.solveButton,
    );
    this.element.append(this.title, this.badges, this.status, buttons);
    model.onChange((change) => (change === 'zoom' ? this.showZoom() : this.showDocument()));
    this.showZoom();
  }

  private showZoom(): void {
    this.zoomLabel.textContent = `${this.model.cellSize}px`;
  }

  private showDocument(): void {
    const shown = this.model.shown;
    if (!shown) return;
    const { title, readOnly } = shown.document;
    this.title.textContent = title;
    this.title.title = readOnly ? `${title} (read-only)` : title;
    this.badges.replaceChildren(...badgeTexts(shown.content).map(badge));
    this.solveButton.toggleAttribute('disabled', shown.content.kind !== 'task');
    this.digits.checked = this.model.look !== 'arc';
  }

  private async solve(): Promise<void> {
    this.status.textContent = 'Solving…';
    const outcome = await this.actions.solve();
    this.status.textContent = outcome.ok ? '' : outcome.message;
  }
}

function badgeTexts(content: ViewerContent): string[] {
  if (content.kind === 'problems') return [plural(content.problems.length, 'problem')];
  const { train, test } = content.task;
  const solved = test.filter((pair) => pair.output).length;
  return [
    demonstrationCount(train.length),
    plural(test.length, 'test input'),
    ...(solved > 0 ? [`${solved} test output${solved === 1 ? '' : 's'} known`] : []),
  ];
}

function badge(text: string): HTMLElement {
  return el('vscode-badge', { textContent: text });
}

function toolbarButton(
  icon: string,
  label: string,
  onClick: () => void,
): HTMLElementTagNameMap['vscode-toolbar-button'] {
  const button = document.createElement('vscode-toolbar-button');
  button.setAttribute('icon', icon);
  button.setAttribute('label', label);
  button.title = label;
  button.addEventListener('click', onClick);
  return button;
}
