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

/** The first workspace folder, which relative model paths are against. */
export function firstFolder(): string | null {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : null;
}

/** The model the settings name, under Workspace Trust; `bundled` where they name none (or may not be used). */
export function chooseModel(bundled: string): ModelChoice {
  const info = vscode.workspace.getConfiguration('trmLens').inspect<string>('modelPath');
  return chooseModelDir({
    user: info?.globalValue || '',
    workspace: info?.workspaceFolderValue || info?.workspaceValue || '',
    trusted: vscode.workspace.isTrusted,
    folder: firstFolder(),
    home: os.homedir(),
    bundled,
  });
}

export function readSolveSettings(bundled: string): SolveSettings {
  const config = vscode.workspace.getConfiguration('trmLens');
  const provider = config.get<string>('provider', 'auto');
  return {
    model: chooseModel(bundled),
    provider: (PROVIDERS as readonly string[]).includes(provider) ? (provider as ProviderSetting) : 'auto',
    stopAtHalt: config.get<boolean>('stopAtHalt', false) === true,
  };
}
