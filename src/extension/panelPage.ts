// The page of a TRM Lens panel (trace, vote, report), set up the one way they all share: scripts on, only
// the extension's dist folder readable, the strict page of webviewHtml.ts with the panel's bundle, and one
// channel speaking the panel's lane of the protocol, every message from the page parsed before a handler
// sees it; and the panel's owner, which goes when the panel does.

import * as vscode from 'vscode';
import { Channel, type ChannelOptions } from '../shared/channel';
import type { Lane } from '../shared/protocol';
import { Disposable } from './dispose';
import { newNonce, webviewHtml } from './webviewHtml';

export function panelWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/** How the log names a panel whose page dropped a message. */
const PANEL_NAMES = { panel: 'trace panel', vote: 'vote panel', report: 'report panel' } as const;

export interface PanelPageSpec<In extends Lane> {
  /** The bundle's name in dist: the page loads `<bundle>.js` and `<bundle>.css`. */
  readonly bundle: keyof typeof PANEL_NAMES;
  readonly parse: ChannelOptions<In>['parse'];
  readonly log: vscode.LogOutputChannel;
  /** What each message becomes on the way out; as it is by default. */
  readonly encode?: (message: unknown) => unknown;
}

/** Sends on lane `Out`, receives on lane `In`; disposing it closes the channel and stops listening. */
export class PanelPage<Out extends Lane, In extends Lane> extends Disposable {
  readonly channel: Channel<Out, In>;

  constructor(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, spec: PanelPageSpec<In>) {
    super();
    const webview = panel.webview;
    webview.options = panelWebviewOptions(extensionUri);
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString();
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      title: panel.title,
      scripts: [asset(`${spec.bundle}.js`)],
      styles: [asset(`${spec.bundle}.css`)],
    });
    const encode = spec.encode ?? ((message: unknown) => message);
    this.channel = this._register(
      new Channel<Out, In>({
        post: (message) => void webview.postMessage(encode(message)),
        parse: spec.parse,
        onDropped: (reason) => spec.log.warn(`${PANEL_NAMES[spec.bundle]}: dropped ${reason}`),
      }),
    );
    this._register(webview.onDidReceiveMessage((raw: unknown) => this.channel.handle(raw)));
  }
}

/** What owns a panel: disposed with it, and saying so (onDidDispose) to whoever keeps it. */
export abstract class PanelOwner extends Disposable {
  private readonly disposeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(readonly panel: vscode.WebviewPanel) {
    super();
    this._register(panel.onDidDispose(() => this.dispose()));
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.disposeEmitter.fire();
    super.dispose();
  }
}
