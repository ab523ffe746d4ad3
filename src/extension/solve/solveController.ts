// Solve, as the user sees it: pick the test input, run the engine under a cancellable progress
// notification, stream its steps into a trace panel beside the puzzle, save the finished trace so
// the panel survives a window reload, and report the model and execution provider in the status bar.
// A failed solve shows its error in the panel and puts the previous trace back.

import * as vscode from 'vscode';
import { pickTestInput } from '../puzzle/testPicker';
import type { ArcTask } from '../../core/arcTask';
import type { Step } from '../../core/step';
import type { BundledModels } from '../../core/bundledModels';
import { readSolveSettings, type SolveSettings } from './modelSettings';
import { KEEP_SAVED_TRACES, type RestorableFiles } from '../trace/panelRestore';
import { safeStem, type TraceFeed } from '../trace/traceFeed';
import type { TracePanels } from '../trace/tracePanels';
import type { SolveStatus } from './solveStatus';
import { WorkerCancelledError } from './solveWorkerClient';

/** A task to solve, from the puzzle viewer or the Solve command. */
export interface TaskToSolve {
  readonly task: ArcTask;
  /** The document the task came from (a file, or a task taken out of a combined file). */
  readonly source: vscode.Uri;
  /** The test input to solve (the panel's test switcher); the user picks one when absent. */
  readonly testIndex?: number;
}

export type SolveOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** What the places that offer Solve are given: the controller's `solve`. */
export type Solver = (request: TaskToSolve) => Promise<SolveOutcome>;

export interface SolveJob {
  readonly task: ArcTask;
  readonly testIndex: number;
  readonly settings: SolveSettings;
  readonly signal: AbortSignal;
}

/** A solve under way: iterating `steps` runs the engine; the feed's trace records each step first. */
export interface LiveSolve {
  readonly feed: TraceFeed;
  readonly modelName: string;
  /** Total steps the schedule will run at most, for the progress bar. */
  readonly expectedSteps: number;
  readonly steps: AsyncIterable<Step>;
  /** The execution provider that ran, and why others were skipped; known once the sessions exist. */
  provider(): { readonly name: string; readonly report: string };
}

export type StartSolve = (job: SolveJob) => Promise<LiveSolve>;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class SolveController {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly panels: TracePanels,
    private readonly restorable: RestorableFiles,
    private readonly models: BundledModels,
    private readonly status: SolveStatus,
    private readonly start: StartSolve,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  readonly solve: Solver = async (request) => {
    const { task } = request;
    const testIndex = request.testIndex ?? (await pickTestInput(task, 'Solve'));
    if (testIndex === undefined) return { ok: false, message: 'Solve cancelled: no test input chosen.' };
    const settings = readSolveSettings(await this.models.dirFor(task));
    if (settings.model.note) void vscode.window.showWarningMessage(`TRM Lens: ${settings.model.note}`);

    // One panel per task test input and model, so Solve again reuses it and two models get two panels.
    const key = `solve ${request.source.toString()}#${testIndex}@${settings.model.dir}`;
    const panel = this.panels.reuse(key, `Trace: ${task.id} test ${testIndex + 1}/${task.test.length}`, {
      count: task.test.length,
      current: testIndex,
      solve: (k) => void this.solve({ ...request, testIndex: k }),
    });
    const previous = panel.currentFeed;
    const modelLabel = settings.model.dir.split(/[\\/]/).filter(Boolean).pop() ?? 'model';
    const note = settings.model.note ? ` ${settings.model.note}` : '';
    panel.solving(`Solving ${task.id}, test ${testIndex + 1}, with ${modelLabel}…${note}`);
    this.status.running(modelLabel);

    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `TRM Lens: solving ${task.id}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        // The toast closes at once; the panel and status bar say "Cancelling…" until the engine has stopped.
        const cancel = token.onCancellationRequested(() => {
          abort.abort();
          panel.notice(`Cancelling the solve of ${task.id}…`);
          this.status.cancelling(modelLabel);
        });
        let live: LiveSolve | undefined;
        let count = 0;
        try {
          live = await this.start({ task, testIndex, settings, signal: abort.signal });
          // The panel hears of each step from the feed; this loop only drives the engine and the progress.
          panel.show(live.feed, null, 'solving');
          let reported = 0;
          for await (const step of live.steps) {
            count++;
            const fraction = Math.min(1, count / Math.max(1, live.expectedSteps));
            if (fraction - reported >= 0.01) {
              progress.report({
                increment: (fraction - reported) * 100,
                message: `supervision step ${step.supStep + 1}, ${count} steps`,
              });
              reported = fraction;
            }
          }
          const saved = await this.saveForRestore(live.feed);
          panel.finished(saved ? await this.restorable.remember(saved.fsPath) : null);
          const provider = live.provider();
          this.status.ran(live.modelName, provider.name, provider.report);
          this.log.info(`solved ${task.id} test ${testIndex + 1}: ${count} steps on ${provider.name}`);
          return { ok: true };
        } catch (error) {
          if (abort.signal.aborted && live) {
            // The partial trace is a faithful record of the steps that ran: keep it, say it is partial.
            panel.finished(null);
            const stopped = error instanceof WorkerCancelledError && error.stoppedMs !== null;
            const after = stopped ? ` (the engine stopped ${Math.round(error.stoppedMs ?? 0)} ms after Cancel)` : '';
            panel.notice(
              `Solve cancelled after ${live.feed.length} steps${after}; the panel shows the steps that ran.`,
            );
            this.status.ran(live.modelName, live.provider().name, live.provider().report);
            return { ok: false, message: 'Solve cancelled.' };
          }
          const message = `Solve failed: ${errorText(error)}`;
          this.log.error(`${task.id} test ${testIndex + 1}: ${message}`);
          this.status.failed(modelLabel);
          if (previous && live) panel.show(previous, null, 'complete');
          panel.failed(previous ? `${message}\nThe panel still shows the previous trace.` : message);
          return { ok: false, message };
        } finally {
          cancel.dispose();
        }
      },
    );
  };

  /** Writes the finished trace where a restored panel can read it back; failures only cost the restore. */
  private async saveForRestore(trace: TraceFeed): Promise<vscode.Uri | null> {
    try {
      const folder = vscode.Uri.joinPath(this.context.globalStorageUri, 'traces');
      await vscode.workspace.fs.createDirectory(folder);
      const file = vscode.Uri.joinPath(folder, `${safeStem(trace.fileStem, String(Date.now()))}.trace.json`);
      await vscode.workspace.fs.writeFile(file, Buffer.from(trace.exportJson(), 'utf8'));
      const entries = (await vscode.workspace.fs.readDirectory(folder))
        .filter(([name]) => name.endsWith('.trace.json'))
        .map(([name]) => name)
        .sort();
      // Names end in a millisecond timestamp of equal length for centuries; sort by it, oldest first.
      const byAge = entries.sort(
        (a, b) => Number(/-(\d+)\.trace\.json$/.exec(a)?.[1] ?? 0) - Number(/-(\d+)\.trace\.json$/.exec(b)?.[1] ?? 0),
      );
      for (const name of byAge.slice(0, Math.max(0, byAge.length - KEEP_SAVED_TRACES)))
        await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, name));
      return file;
    } catch (error) {
      this.log.warn(`could not save the trace for restoring the panel: ${errorText(error)}`);
      return null;
    }
  }
}
