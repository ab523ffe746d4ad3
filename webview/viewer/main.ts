// The puzzle viewer's webview: a toolbar (Solve, zoom, values as digits, open as text), then the task's
// grids, or the list of problems when the file is not a valid task. It renders whatever the host last
// sent and keeps the zoom, the look chosen and the scroll position in webview state, so a reload or a
// hidden tab comes back as left.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import './viewer.css';
import type { HostToViewer, NotifyLane, ViewerContent, ViewerLane, ViewerShow } from '../../src/shared/protocol';
import { paletteStyle } from '../common/paletteStyle';
import { attachCellTooltip } from './gridView';
import { plural, zoomed, type ZoomAction } from './gridModel';
import { restoreState, type ViewerState } from './viewerModel';
import { connectToHost } from '../common/hostConnection';
import { renderProblems } from './problemsView';
import { renderTask } from './taskView';

const root = document.getElementById('root')!;
let state: ViewerState;
let shownVersion = -1;
let lastShown: ViewerShow | null = null;
let scrollRestored = false;

const host = connectToHost<ViewerLane, NotifyLane<HostToViewer>>();
host.channel.onNotification(show);
state = restoreState(host.getState());

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function toolbarButton(icon: string, label: string, onClick: () => void): HTMLElement {
  const button = document.createElement('vscode-toolbar-button');
  button.setAttribute('icon', icon);
  button.setAttribute('label', label);
  button.title = label;
  button.addEventListener('click', onClick);
  return button;
}

// ---------------------------------------------------------------- layout

const header = element('header', 'toolbar');
const title = element('h1', 'title');
const badges = element('span', 'badges');
const status = element('span', 'status');
status.setAttribute('role', 'status');
const solveButton = document.createElement('vscode-button');
solveButton.setAttribute('icon', 'play');
solveButton.id = 'solve';
solveButton.textContent = 'Solve';
solveButton.title = 'Solve this task (Ctrl+Alt+Enter)';
solveButton.addEventListener('click', () => void solve());
const zoomLabel = element('span', 'zoom-level');
// A switch (role and aria-checked come from the element); its state follows the look shown.
const digitsButton = toolbarButton('symbol-numeric', 'Show values as digits (V)', () =>
  toggleLook(),
) as HTMLElementTagNameMap['vscode-toolbar-button'];
digitsButton.id = 'show-digits';
digitsButton.toggleable = true;
const actions = element('span', 'actions');
actions.append(
  toolbarButton('zoom-out', 'Zoom out (-)', () => zoom('out')),
  zoomLabel,
  toolbarButton('zoom-in', 'Zoom in (+)', () => zoom('in')),
  toolbarButton('screen-normal', 'Reset zoom (0)', () => zoom('reset')),
  digitsButton,
  toolbarButton('go-to-file', 'Reopen as text', () => void host.channel.request({ type: 'viewer/reopenAsText' })),
  solveButton,
);
header.append(title, badges, status, actions);
const content = element('main', 'content');
root.append(header, content);
attachCellTooltip(content);

// ---------------------------------------------------------------- state

function saveState(): void {
  host.setState(state);
}

function applyZoom(): void {
  document.documentElement.style.setProperty('--cell', `${state.cellSize}px`);
  zoomLabel.textContent = `${state.cellSize}px`;
}

function zoom(action: ZoomAction): void {
  state = { ...state, cellSize: zoomed(state.cellSize, action) };
  applyZoom();
  saveState();
}

/** The user's choice if they made one, else the host's default for this task (viewerPalette.ts). */
function currentLook(): ViewerShow['palette'] {
  return state.look ?? lastShown?.palette ?? 'arc';
}

function toggleLook(): void {
  state = { ...state, look: currentLook() === 'digits' ? 'arc' : 'digits' };
  saveState();
  if (lastShown) renderContent(lastShown.content);
}

let scrollFrame = 0;
window.addEventListener('scroll', () => {
  if (scrollFrame) return;
  scrollFrame = requestAnimationFrame(() => {
    scrollFrame = 0;
    state = { ...state, scrollX: window.scrollX, scrollY: window.scrollY };
    saveState();
  });
});

window.addEventListener(
  'wheel',
  (event) => {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    zoom(event.deltaY < 0 ? 'in' : 'out');
  },
  { passive: false },
);

const ZOOM_KEYS: Readonly<Record<string, ZoomAction>> = { '+': 'in', '=': 'in', '-': 'out', _: 'out', '0': 'reset' };
window.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'v' || event.key === 'V') {
    event.preventDefault();
    return toggleLook();
  }
  const action = ZOOM_KEYS[event.key];
  if (!action) return;
  event.preventDefault();
  zoom(action);
});

// ---------------------------------------------------------------- host

async function solve(): Promise<void> {
  status.textContent = 'Solving…';
  const outcome = await host.channel.request({ type: 'viewer/solve' });
  status.textContent = outcome.ok ? '' : outcome.message;
}

function renderContent(view: ViewerContent): void {
  if (view.kind === 'task') {
    const { train, test } = view.task;
    const solved = test.filter((pair) => pair.output).length;
    badges.replaceChildren(
      badge(plural(train.length, 'train pair')),
      badge(plural(test.length, 'test input')),
      ...(solved > 0 ? [badge(`${solved} test output${solved === 1 ? '' : 's'} known`)] : []),
    );
    content.replaceChildren(renderTask(view.task, paletteStyle(currentLook(), null)));
  } else {
    badges.replaceChildren(badge(plural(view.problems.length, 'problem')));
    content.replaceChildren(
      renderProblems(
        view.problems,
        (problem) =>
          void host.channel.request({ type: 'viewer/reveal', offset: problem.offset, length: problem.length }),
      ),
    );
  }
  solveButton.toggleAttribute('disabled', view.kind !== 'task');
  root.dataset.state = view.kind;
  root.dataset.look = currentLook();
  digitsButton.checked = currentLook() === 'digits';
}

function badge(text: string): HTMLElement {
  const node = document.createElement('vscode-badge');
  node.textContent = text;
  return node;
}

function show(message: ViewerShow): void {
  if (message.document.version < shownVersion) return;
  shownVersion = message.document.version;
  lastShown = message;
  title.textContent = message.document.title;
  title.title = message.document.readOnly ? `${message.document.title} (read-only)` : message.document.title;
  renderContent(message.content);
  if (!scrollRestored) {
    scrollRestored = true;
    window.scrollTo(state.scrollX, state.scrollY);
  }
}

applyZoom();
host.channel.notify({ type: 'viewer/ready' });
