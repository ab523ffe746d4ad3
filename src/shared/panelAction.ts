// What a user can ask the trace panel to do, whether by a key in the webview, a toolbar button,
// or a VS Code command (contributed keybinding) that the host forwards to the panel.

/** Stepping granularity, finest first: every latent update, every answer update, every supervision step. */
export type Granularity = 'latent' | 'answer' | 'supervision';

export type RunToCondition = 'halt' | 'target' | 'anyChange' | 'cellChange' | 'haltThreshold' | 'nonFinite';

export type Overlay = 'changed' | 'wrong' | 'confidence' | 'norm';

export type ExportFormat = 'json' | 'csv' | 'png';

export type PanelAction =
  | { readonly type: 'step'; readonly granularity: Granularity; readonly direction: 1 | -1 }
  | { readonly type: 'first' }
  | { readonly type: 'last' }
  | { readonly type: 'togglePlay' }
  | { readonly type: 'speed'; readonly direction: 1 | -1 }
  | { readonly type: 'runTo'; readonly condition: RunToCondition }
  | { readonly type: 'toggleOverlay'; readonly overlay: Overlay }
  | { readonly type: 'switchNorm' }
  | { readonly type: 'toggleHelp' }
  | { readonly type: 'export'; readonly format: ExportFormat };
