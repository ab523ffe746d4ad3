// TRM Lens: Choose Model (also a click on the model in the status bar): automatic (the bundled model that
// can take the task), one of the bundled models, or a bundle folder of the user's; written to the user's
// trmLens.modelPath, which Solve and the debugger read.

import * as vscode from 'vscode';
import { readManifest, type Encoding } from '../../core/bundle';
import type { BundledModels } from '../../core/bundledModels';

type Pick = vscode.QuickPickItem & { readonly modelPath?: string; readonly browse?: true; readonly log?: true };

function encodingText(e: Encoding): string {
  const size = e.layout === 'fixed' ? `exactly ${e.height}x${e.width}` : `up to ${e.height}x${e.width}`;
  return `${e.palette === 'arc' ? 'ARC' : e.palette} grids ${size}`;
}

async function items(models: BundledModels, current: string): Promise<Pick[]> {
  const mark = (path: string) => (path === current ? ' (current)' : '');
  const bundled = (await models.list()).map((m): Pick => ({
    label: `$(package) ${m.manifest.name}${mark(m.dir)}`,
    description: encodingText(m.manifest.encoding),
    detail: m.dir,
    modelPath: m.dir,
  }));
  return [
    {
      label: `$(sparkle) Automatic${mark('')}`,
      description: 'the bundled model that can take the task',
      modelPath: '',
    },
    ...bundled,
    { label: '$(folder-opened) Choose Model Bundle...', description: 'a folder with manifest.json', browse: true },
    { label: '$(output) Show the log', log: true },
  ];
}

/** A bundle folder the user picks, checked to read as one first, so a wrong folder is refused with its reason. */
async function browseBundle(log: vscode.LogOutputChannel): Promise<string | undefined> {
  const folder = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Choose Model Bundle',
    title: 'TRM Lens: a model bundle folder (manifest.json and its ONNX graphs)',
  });
  const dir = folder?.[0]?.fsPath;
  if (dir === undefined) return undefined;
  try {
    await readManifest(dir);
    return dir;
  } catch (error) {
    const text = `TRM Lens: ${dir} is not a model bundle: ${error instanceof Error ? error.message : String(error)}`;
    log.warn(text);
    void vscode.window.showErrorMessage(text);
    return undefined;
  }
}

export function registerModelPicker(models: BundledModels, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('trmLens.chooseModel', async () => {
    const config = vscode.workspace.getConfiguration('trmLens');
    const current = config.inspect<string>('modelPath')?.globalValue ?? '';
    const picked = await vscode.window.showQuickPick(await items(models, current), {
      title: 'TRM Lens: the model Solve and the debugger run',
      placeHolder: 'Model',
    });
    if (!picked) return;
    if (picked.log) return log.show();
    let modelPath = picked.modelPath;
    if (picked.browse) modelPath = await browseBundle(log);
    if (modelPath === undefined) return;
    await config.update('modelPath', modelPath, vscode.ConfigurationTarget.Global);
    const shadowed = config.inspect<string>('modelPath');
    if (shadowed?.workspaceValue || shadowed?.workspaceFolderValue) {
      void vscode.window.showWarningMessage(
        'TRM Lens: your user setting trmLens.modelPath is set, but this workspace sets its own, which wins here.',
      );
    }
  });
}
