// The panel's keys, one table for both the key handler and the help listing, so they cannot drift.
// Alt chords are deliberately not actions here: the webview forwards every key to VS Code, whose
// contributed keybindings (Alt+arrows and friends, active only when the panel has focus) reach the
// panel as commands; acting on them here as well would act twice. F5/F10/F11 belong to the debugger.

import type { PanelAction } from '../../src/shared/protocol';

export interface KeyStroke {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}

interface Binding {
  /** KeyboardEvent.key values that trigger it (without Ctrl, Alt or Meta). */
  readonly keys: readonly string[];
  /** How the help shows the keys. */
  readonly label: string;
  readonly description: string;
  readonly action: PanelAction;
}

export const bindings: readonly Binding[] = [
  {
    keys: ['ArrowRight'],
    label: '→',
    description: 'Next latent update (every step)',
    action: { type: 'step', granularity: 'latent', direction: 1 },
  },
  {
    keys: ['ArrowLeft'],
    label: '←',
    description: 'Previous latent update (every step)',
    action: { type: 'step', granularity: 'latent', direction: -1 },
  },
  {
    keys: ['ArrowDown'],
    label: '↓',
    description: 'Next answer update',
    action: { type: 'step', granularity: 'answer', direction: 1 },
  },
  {
    keys: ['ArrowUp'],
    label: '↑',
    description: 'Previous answer update',
    action: { type: 'step', granularity: 'answer', direction: -1 },
  },
  {
    keys: ['PageDown'],
    label: 'Page Down',
    description: 'Next supervision step',
    action: { type: 'step', granularity: 'supervision', direction: 1 },
  },
  {
    keys: ['PageUp'],
    label: 'Page Up',
    description: 'Previous supervision step',
    action: { type: 'step', granularity: 'supervision', direction: -1 },
  },
  { keys: ['Home'], label: 'Home', description: 'First step', action: { type: 'first' } },
  { keys: ['End'], label: 'End', description: 'Last step', action: { type: 'last' } },
  { keys: [' ', 'k'], label: 'Space / K', description: 'Play or pause', action: { type: 'togglePlay' } },
  { keys: ['+', '='], label: '+', description: 'Play faster', action: { type: 'speed', direction: 1 } },
  { keys: ['-', '_'], label: '−', description: 'Play slower', action: { type: 'speed', direction: -1 } },
  { keys: ['h'], label: 'H', description: 'Run to the halting step', action: { type: 'runTo', condition: 'halt' } },
  {
    keys: ['t'],
    label: 'T',
    description: 'Run to the first step equal to the target',
    action: { type: 'runTo', condition: 'target' },
  },
  {
    keys: ['c'],
    label: 'C',
    description: 'Run to the next step where any cell changes',
    action: { type: 'runTo', condition: 'anyChange' },
  },
  {
    keys: ['x'],
    label: 'X',
    description: 'Run to the next step where the chosen cell changes',
    action: { type: 'runTo', condition: 'cellChange' },
  },
  {
    keys: ['p'],
    label: 'P',
    description: 'Run to the first step whose halting probability reaches the threshold',
    action: { type: 'runTo', condition: 'haltThreshold' },
  },
  {
    keys: ['f'],
    label: 'F',
    description: 'Run to the first update where y or z is not finite (NaN or infinite)',
    action: { type: 'runTo', condition: 'nonFinite' },
  },
  {
    keys: ['1'],
    label: '1',
    description: 'Overlay: cells changed since the previous step',
    action: { type: 'toggleOverlay', overlay: 'changed' },
  },
  {
    keys: ['2'],
    label: '2',
    description: 'Overlay: cells wrong against the target',
    action: { type: 'toggleOverlay', overlay: 'wrong' },
  },
  {
    keys: ['3'],
    label: '3',
    description: 'Overlay: confidence heat map',
    action: { type: 'toggleOverlay', overlay: 'confidence' },
  },
  {
    keys: ['4'],
    label: '4',
    description: 'Overlay: |y| or |z| per position heat map',
    action: { type: 'toggleOverlay', overlay: 'norm' },
  },
  {
    keys: ['5'],
    label: '5',
    description: 'Overlay: motion heat map (step residual per position of the state the update changed)',
    action: { type: 'toggleOverlay', overlay: 'motion' },
  },
  {
    keys: ['6'],
    label: '6',
    description: 'Overlay: entropy heat map (per cell, nats)',
    action: { type: 'toggleOverlay', overlay: 'entropy' },
  },
  {
    keys: ['7'],
    label: '7',
    description: 'Overlay: regressed cells (right at an earlier step, wrong now)',
    action: { type: 'toggleOverlay', overlay: 'regressed' },
  },
  {
    keys: ['8'],
    label: '8',
    description: 'Overlay: changes heat map (how many updates so far changed each cell)',
    action: { type: 'toggleOverlay', overlay: 'churn' },
  },
  {
    keys: ['m'],
    label: 'M',
    description: 'More charts: |y|, |z| and the cosines, or fewer',
    action: { type: 'toggleMoreCharts' },
  },
  {
    keys: ['n'],
    label: 'N',
    description: 'Switch the norm heat map between |y| and |z|',
    action: { type: 'switchNorm' },
  },
  { keys: ['?'], label: '?', description: 'Show or hide this help', action: { type: 'toggleHelp' } },
];

/** The action a key stroke asks for, or null when the panel leaves it alone. */
export function actionFor(stroke: KeyStroke): PanelAction | null {
  if (stroke.ctrlKey || stroke.altKey || stroke.metaKey) return null;
  const key = stroke.key.length === 1 ? stroke.key.toLowerCase() : stroke.key;
  // '?' and '+' need Shift on most layouts; letters are matched case-insensitively.
  const match = bindings.find((b) => b.keys.includes(key) || b.keys.includes(stroke.key));
  return match ? match.action : null;
}

/** A keybinding package.json contributes for the panel; listed in the help and pinned by a test. */
export interface VscodeKey {
  /** The `key` as package.json writes it (modifiers, then one key, joined by '+'). */
  readonly key: string;
  readonly command: string;
  readonly label: string;
  readonly description: string;
}

export const vscodeKeys: readonly VscodeKey[] = [
  {
    key: 'alt+right',
    command: 'trmLens.trace.nextLatent',
    label: 'Alt+→',
    description: 'Next latent update (VS Code keybinding)',
  },
  {
    key: 'alt+left',
    command: 'trmLens.trace.previousLatent',
    label: 'Alt+←',
    description: 'Previous latent update (VS Code keybinding)',
  },
  {
    key: 'alt+down',
    command: 'trmLens.trace.nextAnswer',
    label: 'Alt+↓',
    description: 'Next answer update (VS Code keybinding)',
  },
  {
    key: 'alt+up',
    command: 'trmLens.trace.previousAnswer',
    label: 'Alt+↑',
    description: 'Previous answer update (VS Code keybinding)',
  },
  {
    key: 'alt+pagedown',
    command: 'trmLens.trace.nextSupervision',
    label: 'Alt+Page Down',
    description: 'Next supervision step (VS Code keybinding)',
  },
  {
    key: 'alt+pageup',
    command: 'trmLens.trace.previousSupervision',
    label: 'Alt+Page Up',
    description: 'Previous supervision step (VS Code keybinding)',
  },
  {
    key: 'alt+home',
    command: 'trmLens.trace.first',
    label: 'Alt+Home',
    description: 'First step (VS Code keybinding)',
  },
  { key: 'alt+end', command: 'trmLens.trace.last', label: 'Alt+End', description: 'Last step (VS Code keybinding)' },
  {
    key: 'alt+h',
    command: 'trmLens.trace.runToHalt',
    label: 'Alt+H',
    description: 'Run to the halting step (VS Code keybinding)',
  },
];

/** KeyboardEvent.key for package.json's key names other than single letters. */
const namedKeys: Readonly<Record<string, string>> = {
  right: 'ArrowRight',
  left: 'ArrowLeft',
  down: 'ArrowDown',
  up: 'ArrowUp',
  pagedown: 'PageDown',
  pageup: 'PageUp',
  home: 'Home',
  end: 'End',
};

/**
 * Whether a key stroke is one of the contributed keybindings. The panel only keeps the browser's own
 * meaning from it (in a browser-hosted VS Code Alt+← is Back, Alt+Home the home page); VS Code still
 * gets the key and runs the command.
 */
export function isVscodeKey(stroke: KeyStroke): boolean {
  return vscodeKeys.some(({ key }) => {
    const parts = key.split('+');
    const name = parts[parts.length - 1];
    const mods = new Set(parts.slice(0, -1));
    return (
      stroke.key.toLowerCase() === (namedKeys[name] ?? name).toLowerCase() &&
      stroke.altKey === mods.has('alt') &&
      stroke.shiftKey === mods.has('shift') &&
      stroke.ctrlKey === mods.has('ctrl') &&
      stroke.metaKey === mods.has('cmd')
    );
  });
}
