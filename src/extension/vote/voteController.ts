// Vote over Augmentations, as the user sees it: pick the test input, run it under each of the task's
// puzzle identifiers (core's augmentationRuns, as `trm-lens vote` does, in the solve worker: off the
// extension host's thread) under a cancellable progress notification, and show the vote in a vote panel,
// one per task test input and model. The model comes from the settings under Workspace Trust exactly as
// Solve's does (readSolveSettings). A finished vote is saved in the extension's storage (savedVote.ts), so
// its panel comes back after a window reload with its runs' traces; the page keeps only the id workspace
// state maps to the saved vote.

import * as vscode from 'vscode';
import { pickTestInput } from '../puzzle/testPicker';
import type { ArcTask } from '../../core/arcTask';
import type { AugmentationRun, Skipped } from '../../core/taskVote';
import { Disposable } from '../dispose';
import { RestorableFiles, savedIdOf, type KeyValueStore } from '../trace/panelRestore';
import type { SavedSource } from '../../shared/protocol';
import type { BundledModels } from '../../core/bundledModels';
import { readSolveSettings, type SolveSettings } from '../solve/modelSettings';
import type { Solver, TaskToSolve } from '../solve/solveController';
import type { SolveWorker, WorkerVote } from '../solve/solveWorkerClient';
import { runDebugConfiguration } from '../debug/debugFeature';
import { feedOf, safeStem } from '../trace/traceFeed';
import type { TracePanels } from '../trace/tracePanels';
import { readSavedRunTrace, readSavedVote, saveVote, type VoteToSave } from './savedVote';
import { VOTE_PANEL_TYPE, VotePanel, type RunActions, type RunToOpen, type RunTraces } from './votePanel';
import { voteResult } from './voteResult';

type Progress = vscode.Progress<{ message?: string; increment?: number }>;

interface Collected {
  readonly runs: AugmentationRun[];
  readonly skipped: Skipped[];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const VOTES_KEY = 'trmLens.votePanels';

/** Where finished votes are saved for their panels to come back after a reload. */
export interface VoteStorage {
  /** A folder of the extension's own storage. */
  readonly folder: string;
  /** Workspace state: which saved vote each restorable panel shows. */
  readonly state: KeyValueStore;
}

/** Which vote a panel shows, as far as the host needs: its key, and the task document its runs debug on. */
interface VoteOrigin {
  readonly key: string;
  readonly task: vscode.Uri;
}

/** A debug session on one run of a vote; resolves to why it did not start, or null. */
async function debugRun(task: vscode.Uri, testIndex: number, identifier: string): Promise<string | null> {
  const folder = vscode.workspace.getWorkspaceFolder(task);
  const started = await vscode.debug.startDebugging(folder, runDebugConfiguration(task, testIndex, identifier));
  return started ? null : `The debug session on ${identifier} did not start.`;
}

/** The traces of a vote that has just run, still in memory. */
function runTraces(runs: readonly AugmentationRun[]): RunTraces {
  return (position) => Promise.resolve(runs.find((r) => r.position === position)?.trace ?? null);
}

export class VoteController extends Disposable implements vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, VotePanel>();
  private readonly restorable: RestorableFiles;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly tracePanels: TracePanels,
    private readonly worker: SolveWorker,
    private readonly models: BundledModels,
    private readonly log: vscode.LogOutputChannel,
    private readonly storage: VoteStorage,
  ) {
    super();
    this.restorable = new RestorableFiles(storage.state, undefined, VOTES_KEY);
    this._register({ dispose: () => [...this.panels.values()].forEach((p) => p.panel.dispose()) });
    this._register(vscode.window.registerWebviewPanelSerializer(VOTE_PANEL_TYPE, this));
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const id = savedIdOf(state);
    const file = this.restorable.lookup(id);
    if (!id || !file) {
      const gone = 'This panel’s vote is no longer kept (only the latest votes are). Vote again to see it.';
      return this.adopt(webviewPanel, null).failed(gone);
    }
    try {
      const saved = await readSavedVote(file);
      const traces: RunTraces = (position) => readSavedRunTrace(file, saved, position);
      this.adopt(webviewPanel, { key: saved.key, task: vscode.Uri.parse(saved.task) }).show(saved.result, traces, {
        id,
      });
    } catch (error) {
      this.log.warn(`could not restore a vote panel from ${file}: ${errorText(error)}`);
      this.adopt(webviewPanel, null).failed(`Could not show the vote again: ${errorText(error)}. Vote again.`);
    }
  }

  readonly vote: Solver = async ({ task, source }: TaskToSolve) => {
    const testIndex = await pickTestInput(task, 'Vote on');
    if (testIndex === undefined) return { ok: false, message: 'Vote cancelled: no test input chosen.' };
    const settings = readSolveSettings(await this.models.dirFor(task));
    if (settings.model.note) void vscode.window.showWarningMessage(`TRM Lens: ${settings.model.note}`);
    // One panel per task test input and model, as Solve keeps its trace panels.
    const origin: VoteOrigin = { key: `vote ${source.toString()}#${testIndex}@${settings.model.dir}`, task: source };
    const { key } = origin;
    const what = `${task.id}, test ${testIndex + 1}`;
    this.panels.get(key)?.running(`Voting on ${what}…`);

    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `TRM Lens: voting on ${what}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          await this.runVote(task, testIndex, settings, origin, abort.signal, progress);
          return { ok: true };
        } catch (error) {
          const message = abort.signal.aborted ? 'Vote cancelled.' : `Vote failed: ${errorText(error)}`;
          this.log.error(`${what}: ${message}`);
          if (!abort.signal.aborted) void vscode.window.showErrorMessage(`TRM Lens: ${message}`);
          const panel = this.panels.get(key);
          panel?.failed(panel.hasResult ? `${message} The panel still shows the previous vote.` : message);
          return { ok: false, message };
        } finally {
          cancel.dispose();
        }
      },
    );
  };

  private async runVote(
    task: ArcTask,
    testIndex: number,
    settings: SolveSettings,
    origin: VoteOrigin,
    signal: AbortSignal,
    progress: Progress,
  ): Promise<void> {
    let reported = 0;
    const onProgress = (fraction: number) => {
      progress.report({ increment: (fraction - reported) * 100 });
      reported = fraction;
    };
    const { dir } = settings.model;
    const vote = await this.worker.vote({ dir, provider: settings.provider, task, testIndex, signal, onProgress });
    const { runs, skipped } = await collect(vote, task, progress);
    const pair = task.test[testIndex]!;
    const result = voteResult({
      taskName: task.id,
      testIndex,
      input: pair.input,
      target: pair.output ?? null,
      manifest: vote.manifest,
      provider: vote.provider,
      runs,
      skipped,
    });
    progress.report({ message: 'saving the vote, so its panel comes back after a window reload' });
    const saved = { key: origin.key, task: origin.task.toString(), result, runs };
    const source = await this.save(saved, task.id);
    this.panelFor(origin, `Vote: ${task.id}`).show(result, runTraces(runs), source);
    this.log.info(
      `voted on ${task.id} test ${testIndex + 1}: ${runs.length} run(s), ${skipped.length} skipped, ` +
        `${result.candidates.length} candidate(s) on ${vote.provider}`,
    );
  }

  /** Saves the vote for its panel's restore; a failure costs only the restore. */
  private async save(vote: VoteToSave, taskId: string): Promise<SavedSource | null> {
    try {
      return await this.restorable.remember(await saveVote(this.storage.folder, safeStem(taskId), vote));
    } catch (error) {
      this.log.warn(`could not save the vote for restoring its panel: ${errorText(error)}`);
      return null;
    }
  }

  private panelFor(origin: VoteOrigin, title: string): VotePanel {
    const existing = this.panels.get(origin.key);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(VOTE_PANEL_TYPE, title, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
    });
    return this.adopt(webviewPanel, origin);
  }

  /** A vote panel for a webview panel made here or restored; `origin` null for one no vote will show again. */
  private adopt(webviewPanel: vscode.WebviewPanel, origin: VoteOrigin | null): VotePanel {
    const actions: RunActions = {
      open: (run) => this.openTrace(origin?.key ?? webviewPanel.title, run),
      debug: (identifier, testIndex) =>
        origin ? debugRun(origin.task, testIndex, identifier) : Promise.resolve('This vote is no longer known.'),
    };
    const panel = new VotePanel(webviewPanel, this.extensionUri, this.log, actions);
    if (origin) {
      const { key } = origin;
      this.panels.set(key, panel);
      panel.onDidDispose(() => this.panels.get(key) === panel && this.panels.delete(key));
    }
    return panel;
  }

  /** The run's trace in a trace panel of its own, shown as the puzzle was given (the panel switches views). */
  private openTrace(key: string, run: RunToOpen): void {
    const title = `Trace: ${run.identifier}`;
    const panel = this.tracePanels.reuse(`${key} run ${run.position}`, title);
    panel.show(feedOf(run.trace), null, 'complete');
    panel.panel.title = title; // show() titles a panel by the task alone
  }
}

/** Every outcome in table order, the traces kept; progress says how many of the task's identifiers are done. */
async function collect(vote: WorkerVote, task: ArcTask, progress: Progress): Promise<Collected> {
  const { total } = vote;
  // None: the outcomes end at once with the reason.
  if (total > 0) progress.report({ message: `${total} augmentation(s) of ${task.id} to run` });
  const collected: Collected = { runs: [], skipped: [] };
  for await (const outcome of vote.outcomes) {
    if (outcome.kind === 'run') collected.runs.push(outcome);
    else collected.skipped.push(outcome);
    const done = collected.runs.length + collected.skipped.length;
    const how = outcome.kind === 'run' ? 'ran' : 'skipped';
    progress.report({ message: `${done} of ${total} augmentations done (${outcome.identifier.name} ${how})` });
  }
  return collected;
}
