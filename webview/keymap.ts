// The panel's keys, one table for both the key handler and the help listing, so they cannot drift.
// Function keys are deliberately absent: the webview forwards every key to VS Code, whose
// contributed keybindings (F5, F10, F11, active only when the panel has focus) reach the panel as
// commands; handling them here as well would act twice.

import type { PanelAction } from '../src/shared/panelAction';

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
  { keys: ['ArrowRight'], label: '→', description: 'Next latent update (every step)', action: { type: 'step', granularity: 'latent', direction: 1 } },
  { keys: ['ArrowLeft'], label: '←', description: 'Previous latent update (every step)', action: { type: 'step', granularity: 'latent', direction: -1 } },
  { keys: ['ArrowDown'], label: '↓', description: 'Next answer update', action: { type: 'step', granularity: 'answer', direction: 1 } },
  { keys: ['ArrowUp'], label: '↑', description: 'Previous answer update', action: { type: 'step', granularity: 'answer', direction: -1 } },
  { keys: ['PageDown'], label: 'Page Down', description: 'Next supervision step', action: { type: 'step', granularity: 'supervision', direction: 1 } },
  { keys: ['PageUp'], label: 'Page Up', description: 'Previous supervision step', action: { type: 'step', granularity: 'supervision', direction: -1 } },
  { keys: ['Home'], label: 'Home', description: 'First step', action: { type: 'first' } },
  { keys: ['End'], label: 'End', description: 'Last step', action: { type: 'last' } },
  { keys: [' ', 'k'], label: 'Space / K', description: 'Play or pause', action: { type: 'togglePlay' } },
  { keys: ['+', '='], label: '+', description: 'Play faster', action: { type: 'speed', direction: 1 } },
  { keys: ['-', '_'], label: '−', description: 'Play slower', action: { type: 'speed', direction: -1 } },
  { keys: ['h'], label: 'H', description: 'Run to the halting step', action: { type: 'runTo', condition: 'halt' } },
  { keys: ['t'], label: 'T', description: 'Run to the first step equal to the target', action: { type: 'runTo', condition: 'target' } },
  { keys: ['c'], label: 'C', description: 'Run to the next step where any cell changes', action: { type: 'runTo', condition: 'anyChange' } },
  { keys: ['x'], label: 'X', description: 'Run to the next step where the chosen cell changes', action: { type: 'runTo', condition: 'cellChange' } },
  { keys: ['p'], label: 'P', description: 'Run to the first step whose halting probability reaches the threshold', action: { type: 'runTo', condition: 'haltThreshold' } },
  { keys: ['1'], label: '1', description: 'Overlay: cells changed since the previous step', action: { type: 'toggleOverlay', overlay: 'changed' } },
  { keys: ['2'], label: '2', description: 'Overlay: cells wrong against the target', action: { type: 'toggleOverlay', overlay: 'wrong' } },
  { keys: ['3'], label: '3', description: 'Overlay: confidence heat map', action: { type: 'toggleOverlay', overlay: 'confidence' } },
  { keys: ['4'], label: '4', description: 'Overlay: |y| or |z| per position heat map', action: { type: 'toggleOverlay', overlay: 'norm' } },
  { keys: ['n'], label: 'N', description: 'Switch the norm heat map between |y| and |z|', action: { type: 'switchNorm' } },
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

/** VS Code keybindings contributed for the panel (package.json), listed in the same help. */
export const vscodeKeys: readonly { readonly label: string; readonly description: string }[] = [
  { label: 'F11 / Shift+F11', description: 'Next / previous latent update (VS Code keybinding)' },
  { label: 'F10 / Shift+F10', description: 'Next / previous answer update (VS Code keybinding)' },
  { label: 'Ctrl+F10 / Ctrl+Shift+F10', description: 'Next / previous supervision step (VS Code keybinding)' },
  { label: 'F5', description: 'Run to the halting step (VS Code keybinding)' },
];
