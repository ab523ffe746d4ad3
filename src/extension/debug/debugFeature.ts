// VS Code's debugger on a recursion: the `trm` debug type (launch.json), `TRM Lens: Debug Puzzle`
// and F5 on an open puzzle, the inline debug adapter (src/debug), and a trace panel per thread that
// follows the debugger and that the debugger follows.

import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ArcTask } from '../../core/arcTask';
import { readManifest } from '../../core/bundle';
import { PROVIDER_CHOICES, type ProviderChoice } from '../../core/providers';
import type { UnknownIdentifierError } from '../../core/taskSolve';
import type { RecursionThread } from '../../debug/recursionThread';
import {
  TrmDebugSession,
  type DebugModel,
  type DebugObserver,
  type TrmLaunchArguments,
} from '../../debug/trmDebugSession';
import type { BlankIdChoice } from '../solve/blankIdChoice';
import { resolveModelPath } from '../solve/modelChoice';
import type { BundledModels } from '../../core/bundledModels';
import { firstFolder, PROVIDERS, readSolveSettings, type ProviderSetting } from '../solve/modelSettings';
import type { SolveWorker } from '../solve/solveWorkerClient';
import { parseTaskDocument } from '../puzzle/taskDocument';
import { DisposableStore } from '../dispose';
import { feedOf } from '../trace/traceFeed';
import type { TracePanels } from '../trace/tracePanels';

export const DEBUG_TYPE = 'trm';

/** A task named by a path, or by a URI for documents that are not files (tasks taken out of a combined file). */
function taskUri(task: string): vscode.Uri {
  return /^[a-z][\w+.-]+:/i.test(task) && !/^[a-z]:[\\/]/i.test(task) ? vscode.Uri.parse(task) : vscode.Uri.file(task);
}

/** The task as the open document holds it (unsaved edits included), or an error naming the file and the JSON path. */
async function loadTask(args: TrmLaunchArguments): Promise<ArcTask> {
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(taskUri(args.task));
  } catch (error) {
    throw new Error(`${args.task}: cannot open the task (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
  const parse = parseTaskDocument(document);
  if (parse.ok) return parse.task;
  const lines = parse.problems.slice(0, 5).map((p) => {
    const at = document.positionAt(p.offset);
    return `${args.task}:${at.line + 1}:${at.character + 1}: ${p.path}: ${p.message}`;
  });
  throw new Error(`the task file has ${parse.problems.length} problem(s):\n${lines.join('\n')}`);
}

/** One trace panel per thread, following the thread; moving in the panel moves the thread. */
class DebugPanels implements DebugObserver {
  /** The panels' move listeners, which end with the session (a panel outlives it). */
  private readonly moves = new DisposableStore();

  constructor(
    private readonly panels: TracePanels,
    private readonly sessionId: string,
    private readonly goto: (threadId: number, index: number) => void,
  ) {}

  threadStarted(thread: RecursionThread): void {
    const key = this.keyOf(thread);
    const isNew = !this.panels.get(key);
    const panel = this.panels.reuse(key, `Debug: ${thread.trace.header.task.id}, ${thread.name}`);
    if (isNew) this.moves.add(panel.onDidMove((index) => this.goto(thread.id, index)));
    // A restarted thread records a new trace; the panel shows it and hears of its steps from it.
    panel.show(feedOf(thread.trace), null, 'debugging');
  }

  stopped(thread: RecursionThread): void {
    this.panels.get(this.keyOf(thread))?.follow(thread.position);
  }

  ended(threads: readonly RecursionThread[]): void {
    this.moves.dispose();
    for (const thread of threads) {
      const panel = this.panels.get(this.keyOf(thread));
      if (!panel) continue;
      panel.finished(null);
      panel.notice(`The debug session ended; the panel keeps the ${thread.trace.steps.length} updates that ran.`);
    }
  }

  private keyOf(thread: RecursionThread): string {
    return `debug ${this.sessionId} thread ${thread.id}`;
  }
}

/**
 * Fills a launch configuration: the focused puzzle for F5 without launch.json, the model under Workspace Trust,
 * the provider.
 */
class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(
    private readonly models: BundledModels,
    private readonly activePuzzle: () => vscode.Uri | undefined,
  ) {}

  resolveDebugConfiguration(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    if (config.type && config.request) return config;
    const puzzle = this.activePuzzle();
    if (!puzzle) {
      void vscode.window.showInformationMessage(
        'TRM Lens: open an .arc.json puzzle to debug it, or add a "trm" configuration to launch.json.',
      );
      return undefined;
    }
    return debugConfigurationFor(puzzle);
  }

  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const folderPath = folder?.uri.fsPath ?? firstFolder();
    const base = folderPath ?? process.cwd();
    if (typeof config.task !== 'string' || !config.task) {
      void vscode.window.showErrorMessage(
        'TRM Lens: the "trm" launch configuration needs "task": the path of an .arc.json puzzle.',
      );
      return undefined;
    }
    const task = taskUri(config.task).scheme === 'file' ? path.resolve(base, config.task) : config.task;
    const settings = readSolveSettings(await this.bundledFor(task));
    let model: string;
    if (typeof config.model === 'string' && config.model) {
      // A model is native code for onnxruntime to load: one named by the workspace's launch.json needs trust.
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showErrorMessage(
          `TRM Lens: this workspace is not trusted, so the model its launch configuration names (${config.model}) ` +
            'is not loaded. Trust the workspace, or remove "model" to use your settings.',
        );
        return undefined;
      }
      model = resolveModelPath(config.model, folderPath, os.homedir());
    } else {
      if (settings.model.note) void vscode.window.showWarningMessage(`TRM Lens: ${settings.model.note}`);
      model = settings.model.dir;
    }
    const provider: ProviderSetting = (PROVIDERS as readonly string[]).includes(config.provider)
      ? config.provider
      : settings.provider;
    return { ...config, task, model, provider };
  }

  /** The bundled model for the task, as Solve picks it; the default when the task does not read (the session
   * then reports why). */
  private async bundledFor(task: string): Promise<string> {
    try {
      const parse = parseTaskDocument(await vscode.workspace.openTextDocument(taskUri(task)));
      return parse.ok ? await this.models.dirFor(parse.task) : this.models.defaultDir;
    } catch {
      return this.models.defaultDir;
    }
  }
}

function debugConfigurationFor(puzzle: vscode.Uri): vscode.DebugConfiguration {
  const name = puzzle.path.split('/').pop() ?? 'puzzle';
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Debug ${name}`,
    task: taskArgument(puzzle),
    stopOnEntry: true,
  };
}

/** A session on one run of a vote: test `testIndex` of the puzzle as the puzzle identifier shows it. */
export function runDebugConfiguration(
  puzzle: vscode.Uri,
  testIndex: number,
  identifier: string,
): vscode.DebugConfiguration {
  return { ...debugConfigurationFor(puzzle), name: `Debug ${identifier}`, testIndex, identifier };
}

function taskArgument(puzzle: vscode.Uri): string {
  return puzzle.scheme === 'file' ? puzzle.fsPath : puzzle.toString();
}

/**
 * What F5 on a puzzle runs: the workspace's first `trm` launch entry for the focused file (`"task": "${file}"`)
 * or for this very puzzle, with the puzzle filled in, so its settings (blankId, model, stopOnEntry) hold
 * from the viewer too; else a configuration made for the puzzle.
 */
function launchEntryFor(puzzle: vscode.Uri, folder: vscode.WorkspaceFolder | undefined): vscode.DebugConfiguration {
  const entries = vscode.workspace.getConfiguration('launch', folder).get<unknown[]>('configurations') ?? [];
  const task = taskArgument(puzzle);
  const names = (entry: vscode.DebugConfiguration) =>
    entry.task === '${file}' ||
    (typeof entry.task === 'string' && !!folder && path.resolve(folder.uri.fsPath, entry.task) === task);
  const entry = entries.find(
    (e): e is vscode.DebugConfiguration =>
      typeof e === 'object' &&
      e !== null &&
      (e as vscode.DebugConfiguration).type === DEBUG_TYPE &&
      names(e as vscode.DebugConfiguration),
  );
  return entry ? { ...entry, task } : debugConfigurationFor(puzzle);
}

/**
 * A model as the debugger runs it in VS Code: its manifest read here, its solves in the solve worker, so
 * stepping a full-size model never blocks the extension host. Each thread's run holds the model in the worker
 * until the thread ends or restarts.
 */
async function workerModel(worker: SolveWorker, dir: string, provider: string): Promise<DebugModel> {
  const manifest = await readManifest(dir);
  const choice: ProviderChoice = (PROVIDER_CHOICES as readonly string[]).includes(provider)
    ? (provider as ProviderChoice)
    : 'auto';
  return {
    manifest,
    start: (task, { testIndex, allowBlankId, identifier, signal }) =>
      worker.debug({ dir, provider: choice, task, testIndex, allowBlankId: allowBlankId ?? false, identifier, signal }),
  };
}

export function registerDebugFeature(
  context: vscode.ExtensionContext,
  panels: TracePanels,
  worker: SolveWorker,
  models: BundledModels,
  blankIds: BlankIdChoice,
  activePuzzle: () => vscode.Uri | undefined,
): void {
  const factory: vscode.DebugAdapterDescriptorFactory = {
    createDebugAdapterDescriptor: (debugSession) => {
      const observer = new DebugPanels(panels, debugSession.id, (threadId, index) => session.goto(threadId, index));
      const openModel = (dir: string, provider: string) => workerModel(worker, dir, provider);
      const allowBlankId = (unknown: UnknownIdentifierError, dir: string) => blankIds.allows(unknown, dir);
      const session = new TrmDebugSession({ loadTask, openModel, allowBlankId, observer });
      return new vscode.DebugAdapterInlineImplementation(session);
    },
  };
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, factory),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider(models, activePuzzle)),
    vscode.commands.registerCommand('trmLens.debugPuzzle', async (argument: unknown) => {
      const puzzle = argument instanceof vscode.Uri ? argument : activePuzzle();
      if (!puzzle) {
        void vscode.window.showWarningMessage('TRM Lens: open an .arc.json puzzle to debug it.');
        return;
      }
      const folder = vscode.workspace.getWorkspaceFolder(puzzle);
      await vscode.debug.startDebugging(folder, launchEntryFor(puzzle, folder));
    }),
  );
}
