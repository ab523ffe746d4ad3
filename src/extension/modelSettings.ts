// Which model bundle and execution provider a Solve uses, from the settings, under Workspace Trust:
// a model is native code for onnxruntime to load, so a path that a workspace's own settings name is
// used only in a trusted workspace; otherwise Solve falls back and says so.

import * as path from 'node:path';
import * as vscode from 'vscode';

export const PROVIDERS = ['auto', 'cpu', 'cuda', 'webgpu', 'dml', 'coreml'] as const;
export type ProviderSetting = (typeof PROVIDERS)[number];

export interface ModelChoice {
  /** Absolute folder of the bundle. */
  readonly dir: string;
  /** Why this bundle and not the configured one, when they differ; shown to the user. */
  readonly note: string | null;
}

export interface SolveSettings {
  readonly model: ModelChoice;
  readonly provider: ProviderSetting;
  readonly stopAtHalt: boolean;
}

export function bundledModelDir(extensionUri: vscode.Uri): string {
  return vscode.Uri.joinPath(extensionUri, 'models', 'sudoku6-tiny').fsPath;
}

function resolveAgainstWorkspace(p: string): string {
  if (path.isAbsolute(p)) return p;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? path.resolve(folder.uri.fsPath, p) : path.resolve(p);
}

export function chooseModel(extensionUri: vscode.Uri): ModelChoice {
  const info = vscode.workspace.getConfiguration('trmLens').inspect<string>('modelPath');
  const fromWorkspace = info?.workspaceFolderValue || info?.workspaceValue || '';
  const fromUser = info?.globalValue || '';
  const bundled = bundledModelDir(extensionUri);
  if (fromWorkspace && !vscode.workspace.isTrusted) {
    const fallback = fromUser ? resolveAgainstWorkspace(fromUser) : bundled;
    return {
      dir: fallback,
      note: `This workspace is not trusted, so its setting trmLens.modelPath (${fromWorkspace}) was not loaded; using ${fromUser ? 'your user setting' : 'the bundled model'} (${fallback}) instead.`,
    };
  }
  const configured = fromWorkspace || fromUser;
  return { dir: configured ? resolveAgainstWorkspace(configured) : bundled, note: null };
}

export function readSolveSettings(extensionUri: vscode.Uri): SolveSettings {
  const config = vscode.workspace.getConfiguration('trmLens');
  const provider = config.get<string>('provider', 'auto');
  return {
    model: chooseModel(extensionUri),
    provider: (PROVIDERS as readonly string[]).includes(provider) ? (provider as ProviderSetting) : 'auto',
    stopAtHalt: config.get<boolean>('stopAtHalt', false) === true,
  };
}
