// Which bundle folder the configured model paths name, under Workspace Trust. A model is native code
// for onnxruntime to load, so an untrusted workspace folder must never supply one: not through its own
// settings or launch.json, and not through a relative path in the user's settings, which resolves
// inside that folder. Relative paths stay relative to the workspace folder (one user setting can name
// each project's own `bundles/...`), so in an untrusted workspace such a path is refused with a note
// saying how to get it back. Kept free of `vscode` so the rule is unit-tested.

import * as path from 'node:path';

export interface ModelChoice {
  /** Absolute folder of the bundle. */
  readonly dir: string;
  /** Why this bundle and not the configured one, when they differ; shown to the user. */
  readonly note: string | null;
}

export interface ModelPaths {
  /** trmLens.modelPath from the user's settings; '' when unset. */
  readonly user: string;
  /** trmLens.modelPath from the workspace's (or its folder's) settings; '' when unset. */
  readonly workspace: string;
  readonly trusted: boolean;
  /** The first workspace folder, absolute; null in a window without one. */
  readonly folder: string | null;
  readonly home: string;
  /** The bundle that ships with the extension. */
  readonly bundled: string;
}

/** Where a path points: `~` is the home folder; relative paths are against the workspace folder, else home. */
export function resolveModelPath(p: string, folder: string | null, home: string): string {
  if (p === '~' || /^~[\\/]/.test(p)) return path.join(home, p.slice(1));
  if (path.isAbsolute(p)) return p;
  return path.resolve(folder ?? home, p);
}

/** A user path that the workspace folder would supply: relative, with a folder to be relative to. */
function inFolder(p: string, folder: string | null): boolean {
  return folder !== null && p !== '~' && !/^~[\\/]/.test(p) && !path.isAbsolute(p);
}

export function chooseModelDir(paths: ModelPaths): ModelChoice {
  const { user, workspace, trusted, folder, home, bundled } = paths;
  const resolve = (p: string) => resolveModelPath(p, folder, home);
  if (trusted) {
    const configured = workspace || user;
    return { dir: configured ? resolve(configured) : bundled, note: null };
  }
  const userUsable = user !== '' && !inFolder(user, folder);
  const dir = userUsable ? resolve(user) : bundled;
  const using = `using ${userUsable ? 'your user setting' : 'the bundled model'} (${dir}) instead`;
  if (workspace) {
    return {
      dir,
      note: `This workspace is not trusted, so its setting trmLens.modelPath (${workspace}) was not loaded; ${using}.`,
    };
  }
  if (user && !userUsable) {
    return {
      dir,
      note:
        `This workspace is not trusted, so your user setting trmLens.modelPath (${user}) was not loaded: ` +
        `it is relative, so the workspace folder would supply the model; ${using}. ` +
        'Trust the workspace, or make the path absolute or start it with ~/.',
    };
  }
  return { dir, note: null };
}
