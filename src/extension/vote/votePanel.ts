// One vote panel: a webview showing one task test input's vote on one model. It is given where the vote's
// run traces are (in memory after a vote, the saved vote after a window reload), so a click on an
// augmentation opens that run's trace, and it keeps the last messages it sent, so a page that reloads
// (hidden and shown again) is sent them once more.

import * as vscode from 'vscode';
import type { Trace } from '../../core/trace';
import {
  parseVoteMessage,
  type HostToVote,
  type NotifyLane,
  type ReplyOutcome,
  type SavedSource,
  type VoteLane,
  type VoteResult,
} from '../../shared/protocol';
import { PanelOwner, PanelPage } from '../panelPage';

export const VOTE_PANEL_TYPE = 'trmLens.vote';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The trace of the vote's run at a position; null when it is not kept (a saved vote over the byte budget). */
export type RunTraces = (position: number) => Promise<Trace | null>;

/** A run of the vote, with its trace, as a click on its augmentation opens it. */
export interface RunToOpen {
  readonly position: number;
  readonly identifier: string;
  readonly trace: Trace;
}

/** What the panel's runs do: open one's trace; debug one, by its identifier (resolves to a reason it could not). */
export interface RunActions {
  open(run: RunToOpen): void;
  debug(identifier: string, testIndex: number): Promise<string | null>;
}

export class VotePanel extends PanelOwner {
  private traces: RunTraces = () => Promise.resolve(null);
  private shown: Extract<HostToVote, { type: 'vote/show' }> | null = null;
  private status: HostToVote | null = null;
  private readonly page: PanelPage<NotifyLane<HostToVote>, VoteLane>;

  constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
    private readonly actions: RunActions,
  ) {
    super(panel);
    this.page = this._register(new PanelPage(panel, extensionUri, { bundle: 'vote', parse: parseVoteMessage, log }));
    this.page.channel.onNotification(() => this.resend());
    this.page.channel.onRequest({
      'vote/openTrace': ({ position }) => this.open(position),
      'vote/debug': ({ position }) => this.debug(position),
    });
  }

  get hasResult(): boolean {
    return this.shown !== null;
  }

  show(result: VoteResult, traces: RunTraces, source: SavedSource | null): void {
    this.traces = traces;
    this.status = null;
    this.post((this.shown = { type: 'vote/show', result, source }));
  }

  running(label: string): void {
    this.post((this.status = { type: 'vote/running', label }));
  }

  failed(message: string): void {
    this.post((this.status = { type: 'vote/error', message }));
  }

  /** The page says it is ready: a fresh page, or one VS Code rebuilt after it was hidden. */
  private resend(): void {
    if (this.shown) this.post(this.shown);
    if (this.status) this.post(this.status);
  }

  private async open(position: number): Promise<ReplyOutcome> {
    const run = this.shown?.result.runs.find((r) => r.position === position);
    if (!run) return { ok: false, message: `no run at position ${position} in this vote` };
    let trace: Trace | null;
    try {
      trace = await this.traces(position);
    } catch (error) {
      return { ok: false, message: `Could not read the trace of ${run.identifier}: ${errorText(error)}` };
    }
    if (!trace)
      return {
        ok: false,
        message: `The trace of ${run.identifier} was not kept with this vote: vote again to open it.`,
      };
    this.actions.open({ position, identifier: run.identifier, trace });
    return { ok: true };
  }

  private async debug(position: number): Promise<ReplyOutcome> {
    const result = this.shown?.result;
    const run = result?.runs.find((r) => r.position === position);
    if (!result || !run) return { ok: false, message: `no run at position ${position} in this vote` };
    const problem = await this.actions.debug(run.identifier, result.testIndex);
    return problem ? { ok: false, message: problem } : { ok: true };
  }

  private post(message: HostToVote): void {
    this.page.channel.notify(message);
  }
}
