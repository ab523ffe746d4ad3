// One trace panel: a webview that shows a trace and walks through its steps. It may live in a
// WebviewPanel we created (Solve), one VS Code restored after a reload (serializer), or a custom
// editor for a `*.trace.json` file; this class only needs the webview and the trace.
//
// The host keeps the trace; the webview receives every step's summary up front and asks for the
// per-cell details of the steps it is about to show (the trace panel section of src/shared/protocol.ts).
// While a trace is shown the panel listens to its feed, so steps recorded later reach the webview however
// they were recorded (Solve, the debugger).

import * as vscode from 'vscode';
import {
  MAX_DETAIL_PAGE,
  parsePanelMessage,
  type ExportFormat,
  type HostToPanel,
  type NotifyLane,
  type Orientation,
  type PanelAction,
  type PanelLane,
  type PanelNotification,
  type PanelViewState,
  type Recording,
  type StepDetail,
  type StepSummary,
  type TraceMeta,
  type SavedSource,
} from '../../shared/protocol';
import { tagNonFinite } from '../../shared/wireNumbers';
import type { IDisposable } from '../dispose';
import type { TraceFeed } from './traceFeed';
import { PageLoads } from './pageLoads';
import { PanelOwner, PanelPage } from '../panelPage';

export const TRACE_PANEL_TYPE = 'trmLens.trace';

/** Steps of a running solve are posted at most this often, so a fast engine does not flood the webview. */
const FLUSH_MS = 50;

export interface TracePanelHost {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  /** Writes the trace in one of the export formats, asking the user where. */
  exportTrace(feed: TraceFeed, format: ExportFormat): Promise<void>;
  /** Tells the user a solve failed, with the next steps (choosing the model, the log). */
  solveFailed(message: string): void;
}

/** Solving another test input of the task the panel shows (a Solve panel's test switcher). */
export interface TestSwitch {
  readonly count: number;
  readonly current: number;
  solve(testIndex: number): void;
}

/** "Trace: <task> test k/n · <model>", so panels of one task's test inputs and models tell apart. */
export function traceTitle(
  meta: Pick<TraceMeta, 'taskName' | 'testIndex' | 'modelName'>,
  tests: number | null,
): string {
  return `Trace: ${meta.taskName} test ${meta.testIndex + 1}${tests ? `/${tests}` : ''} · ${meta.modelName}`;
}

export class TracePanel extends PanelOwner {
  private feed: TraceFeed | null = null;
  /** Listens to the shown feed for new steps; replaced with the feed. */
  private listening: IDisposable | undefined;
  private source: SavedSource | null = null;
  private recording: Recording = 'complete';
  private view: PanelViewState | null;
  private openedAt = Date.now();
  private readonly loads = new PageLoads();
  private readonly page: PanelPage<NotifyLane<HostToPanel>, PanelLane>;
  /** Steps of a running solve not yet posted (see FLUSH_MS). */
  private pending: { steps: StepSummary[]; details: StepDetail[] } = { steps: [], details: [] };
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly moveEmitter = this._register(new vscode.EventEmitter<number>());
  /** The user moved to this step in the panel (the debugger follows). */
  readonly onDidMove = this.moveEmitter.event;

  constructor(
    panel: vscode.WebviewPanel,
    private readonly host: TracePanelHost,
    view: PanelViewState | null = null,
    /** The other test inputs this panel's Solve can switch to; null where there is no Solve to run. */
    private readonly tests: TestSwitch | null = null,
  ) {
    super(panel);
    this.view = view;
    this.page = this._register(
      new PanelPage(panel, host.extensionUri, {
        bundle: 'panel',
        parse: parsePanelMessage,
        log: host.log,
        // Tagged, because JSON has no NaN or infinities and a diverged run's trace is full of them.
        encode: tagNonFinite,
      }),
    );
    this.page.channel.onNotification((message) => this.receive(message));
    this.page.channel.onRequest({ 'panel/details': ({ from, count }) => this.details(from, count) });
  }

  get currentFeed(): TraceFeed | null {
    return this.feed;
  }

  /** Shows a trace, replacing the one shown. `openedAt` is when the trace came to exist (for the readiness figure). */
  show(feed: TraceFeed, source: SavedSource | null, recording: Recording, openedAt = Date.now()): void {
    // The view restored with the panel is for the trace it showed; a later trace keeps the view but starts
    // at its first step.
    if (this.feed) this.view = this.view && { ...this.view, index: 0, pickedCell: null };
    this.listening?.dispose();
    this.feed = feed;
    this.listening = feed.onStep((summary, detail) => this.appended(summary, detail));
    this.source = source;
    this.recording = recording;
    this.openedAt = openedAt;
    this.pending = { steps: [], details: [] };
    this.panel.title = traceTitle(feed.meta, this.tests?.count ?? null);
    if (this.loads.show(this.panel.visible)) this.postLoad();
  }

  /** The trace of an augmented puzzle shown the other way, at the same step; a picked cell is let go. */
  private orient(orientation: Orientation): void {
    const augmented = this.feed?.augmented;
    if (!augmented || augmented.shown === orientation) return;
    this.listening?.dispose();
    const feed = (this.feed = augmented.turned());
    this.listening = feed.onStep((summary, detail) => this.appended(summary, detail));
    this.view = this.view && { ...this.view, pickedCell: null };
    this.pending = { steps: [], details: [] };
    if (this.loads.show(this.panel.visible)) this.postLoad();
  }

  /** A solve has started; the panel says so and keeps showing what it shows until steps arrive. */
  solving(label: string): void {
    this.post({ type: 'panel/solving', label });
  }

  /** A step the shown feed's trace recorded after it was shown. */
  private appended(step: StepSummary, detail: StepDetail): void {
    this.pending.steps.push(step);
    this.pending.details.push(detail);
    // The first steps go at once: the page has nothing to paint until they arrive.
    if (this.feed?.length === this.pending.steps.length) return this.flush();
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  finished(source: SavedSource | null): void {
    this.flush();
    this.recording = 'complete';
    this.source = source;
    this.post({ type: 'panel/complete', source });
  }

  failed(message: string): void {
    this.flush();
    this.host.solveFailed(message);
    // A panel with no trace would show only the message, which the notification gives with its next steps.
    if (!this.feed) return this.panel.dispose();
    this.post({ type: 'panel/error', message });
  }

  act(action: PanelAction): void {
    this.post({ type: 'panel/action', action });
  }

  notice(message: string): void {
    this.post({ type: 'panel/notice', message });
  }

  /** Shows the step the debugger stands at; steps still waiting to be posted go first, so the step exists. */
  follow(index: number): void {
    this.flush();
    this.post({ type: 'panel/follow', index });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.listening?.dispose();
    super.dispose();
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.steps.length === 0) return;
    const { steps, details } = this.pending;
    this.pending = { steps: [], details: [] };
    if (this.loads.mayAppend) this.post({ type: 'panel/append', steps, details });
  }

  private postLoad(): void {
    const feed = this.feed;
    if (!feed) return;
    if (this.tests && this.tests.count > 1)
      this.post({ type: 'panel/tests', count: this.tests.count, current: this.tests.current });
    this.pending = { steps: [], details: [] };
    const steps = Array.from({ length: feed.length }, (_, i) => feed.summary(i));
    // The detail of the step to show travels with the first message, so the first paint needs no round
    // trip; only that one: the webview asks for its page and the neighbours once it has painted.
    const shown = Math.min(this.view?.index ?? 0, Math.max(0, steps.length - 1));
    this.post({
      type: 'panel/load',
      meta: feed.meta,
      steps,
      details: this.details(shown, 1),
      recording: this.recording,
      source: this.source,
      view: this.view,
      openedAt: this.openedAt,
    });
    if (feed.augmented)
      this.post({ type: 'panel/orientation', identifier: feed.augmented.identifier, shown: feed.augmented.shown });
  }

  private details(from: number, count: number): StepDetail[] {
    const feed = this.feed;
    if (!feed) return [];
    const out: StepDetail[] = [];
    for (let i = from; i < Math.min(feed.length, from + Math.min(count, MAX_DETAIL_PAGE)); i++)
      out.push(feed.detail(i));
    return out;
  }

  private pageReady(): void {
    switch (this.loads.ready(this.feed !== null)) {
      case 'load':
        return this.postLoad();
      case 'sent':
        return this.post({ type: 'panel/sent' });
      case 'nothing':
        return;
    }
  }

  private post(message: HostToPanel): void {
    this.page.channel.notify(message);
  }

  private receive(message: PanelNotification): void {
    switch (message.type) {
      case 'panel/ready':
        return this.pageReady();
      case 'panel/export':
        if (!this.feed) return this.notice('Nothing to export yet: run Solve or open a trace.');
        void this.host.exportTrace(this.feed, message.format).catch((error: unknown) => {
          const text = `TRM Lens: export failed: ${error instanceof Error ? error.message : String(error)}`;
          this.host.log.error(text);
          void vscode.window.showErrorMessage(text);
        });
        return;
      case 'panel/position':
        this.view = message.view;
        return;
      case 'panel/moved':
        return this.moveEmitter.fire(message.index);
      case 'panel/chooseModel':
        void vscode.commands.executeCommand('trmLens.chooseModel');
        return;
      case 'panel/solveTest':
        if (this.tests && message.index < this.tests.count && message.index !== this.tests.current)
          this.tests.solve(message.index);
        return;
      case 'panel/orient':
        return this.orient(message.orientation);
    }
  }
}
