// One vote panel: a webview showing one task test input's vote on one model. It keeps the vote's runs
// (their traces) for as long as it is open, so a click on an augmentation opens that run's trace, and it
// keeps the last messages it sent, so a page that reloads (hidden and shown again) is sent them once more.

import * as vscode from 'vscode';
import type { AugmentationRun } from '../../core/taskVote';
import { Channel } from '../../shared/channel';
import {
  parseVoteMessage,
  type HostToVote,
  type NotifyLane,
  type ReplyOutcome,
  type VoteLane,
  type VoteResult,
} from '../../shared/protocol';
import { Disposable } from '../dispose';
import { newNonce, webviewHtml } from '../webviewHtml';

export const VOTE_PANEL_TYPE = 'trmLens.vote';

/** What a click on an augmentation does with its run. */
export type OpenRun = (run: AugmentationRun) => void;

export class VotePanel extends Disposable {
  private runs: readonly AugmentationRun[] = [];
  private shown: HostToVote | null = null;
  private status: HostToVote | null = null;
  private readonly channel: Channel<NotifyLane<HostToVote>, VoteLane>;
  private readonly disposeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
    private readonly openRun: OpenRun,
  ) {
    super();
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString();
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      title: panel.title,
      scripts: [asset('vote.js')],
      styles: [asset('vote.css')],
    });
    this.channel = this._register(
      new Channel({
        post: (message) => void webview.postMessage(message),
        parse: parseVoteMessage,
        onDropped: (reason) => log.warn(`vote panel: dropped ${reason}`),
      }),
    );
    this.channel.onNotification(() => this.resend());
    this.channel.onRequest({ 'vote/openTrace': ({ position }) => this.open(position) });
    this._register(webview.onDidReceiveMessage((raw: unknown) => this.channel.handle(raw)));
    this._register(panel.onDidDispose(() => this.dispose()));
  }

  get hasResult(): boolean {
    return this.shown !== null;
  }

  show(result: VoteResult, runs: readonly AugmentationRun[]): void {
    this.runs = runs;
    this.status = null;
    this.post((this.shown = { type: 'vote/show', result }));
  }

  running(label: string): void {
    this.post((this.status = { type: 'vote/running', label }));
  }

  failed(message: string): void {
    this.post((this.status = { type: 'vote/error', message }));
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.disposeEmitter.fire();
    super.dispose();
  }

  /** The page says it is ready: a fresh page, or one VS Code rebuilt after it was hidden. */
  private resend(): void {
    if (this.shown) this.post(this.shown);
    if (this.status) this.post(this.status);
  }

  private open(position: number): ReplyOutcome {
    const run = this.runs.find((r) => r.position === position);
    if (!run) return { ok: false, message: `no run at position ${position} in this vote` };
    this.openRun(run);
    return { ok: true };
  }

  private post(message: HostToVote): void {
    this.channel.notify(message);
  }
}
