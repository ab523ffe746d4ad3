// Which model bundle and execution provider a Solve uses, from the settings, under Workspace Trust:
// the rule (modelChoice.ts) is that an untrusted workspace folder never supplies the model.

import * as os from 'node:os';
import * as vscode from 'vscode';
import { chooseModelDir, type ModelChoice } from './modelChoice';

export type { ModelChoice } from './modelChoice';

export const PROVIDERS = ['auto', 'cpu', 'cuda', 'webgpu', 'dml', 'coreml'] as const;
export type ProviderSetting = (typeof PROVIDERS)[number];

export interface SolveSettings {
  readonly model: ModelChoice;
  readonly provider: ProviderSetting;
  readonly stopAtHalt: boolean;
}

export function bundledModelDir(extensionUri: vscode.Uri): string {
  return vscode.Uri.joinPath(extensionUri, 'models', 'sudoku6-tiny').fsPath;
}

/** The first workspace folder, which relative model paths are against. */
export function firstFolder(): string | null {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : null;
}

export function chooseModel(extensionUri: vscode.Uri): ModelChoice {
  const info = vscode.workspace.getConfiguration('trmLens').inspect<string>('modelPath');
  return chooseModelDir({
    user: info?.globalValue || '',
    workspace: info?.workspaceFolderValue || info?.workspaceValue || '',
    trusted: vscode.workspace.isTrusted,
    folder: firstFolder(),
    home: os.homedir(),
    bundled: bundledModelDir(extensionUri),
  });
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
