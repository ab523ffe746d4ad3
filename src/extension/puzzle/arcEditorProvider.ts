// The puzzle viewer: a custom editor for `*.arc.json` on top of VS Code's own text document.
//
// Why a CustomTextEditorProvider rather than a CustomReadonlyEditorProvider: the text document is
// the single source of truth, so the viewer updates live while the same file is edited as text beside
// it, undo/save/dirty state and "Reopen Editor With... > Text Editor" come from VS Code for free, the
// diagnostics and the viewer share one parse per version, and documents that are not files (tasks
// taken out of a combined file, served by a TextDocumentContentProvider) open exactly like files.
// The viewer never edits the document; it is read-only by construction.

import * as vscode from 'vscode';
import { Channel } from '../../shared/channel';
import {
  parseViewerMessage,
  type HostToViewer,
  type NotifyLane,
  type ReplyOutcome,
  type ViewerLane,
  type ViewerRequest,
  type ViewerShow,
} from '../../shared/protocol';
import type { ArcTask } from '../../core/arcTask';
import { newNonce, webviewHtml } from '../webviewHtml';
import { parseTaskDocument, problemRange, viewerContent } from './taskDocument';
import { chooseModel } from '../solve/modelSettings';
import type { Solver } from '../solve/solveController';
import type { BundledModels } from '../../core/bundledModels';
import type { ModelManifests } from '../solve/modelManifests';
import { paletteFor } from './viewerPalette';

export const ARC_VIEWER_TYPE = 'trmLens.arcViewer';

/** Folders a viewer webview may load from: our bundle and the codicon font. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [
    vscode.Uri.joinPath(extensionUri, 'dist'),
    vscode.Uri.joinPath(extensionUri, 'node_modules', '@vscode', 'codicons', 'dist'),
  ];
}

function viewerHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const asset = (...segments: string[]) =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();
  return webviewHtml({
    cspSource: webview.cspSource,
    nonce: newNonce(),
    title,
    scripts: [asset('dist', 'webview.js')],
    styles: [asset('dist', 'webview.css')],
    codicons: asset('node_modules', '@vscode', 'codicons', 'dist', 'codicon.css'),
  });
}

function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

export class ArcEditorProvider implements vscode.CustomTextEditorProvider {
  /** The document of the viewer that has focus, for commands run from the palette or a keybinding. */
  private active: vscode.TextDocument | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly models: BundledModels,
    private readonly manifests: ModelManifests,
    private readonly solve: Solver,
  ) {}

  get activeDocument(): vscode.TextDocument | undefined {
    return this.active;
  }

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    webview.html = viewerHtml(webview, this.extensionUri, fileName(document.uri));

    const channel = new Channel<NotifyLane<HostToViewer>, ViewerLane>({
      post: (message) => void webview.postMessage(message),
      parse: parseViewerMessage,
      onDropped: (reason) => this.log.warn(`viewer ${document.uri.toString()}: dropped ${reason}`),
    });
    const show = async () => {
      const info = {
        title: fileName(document.uri),
        version: document.version,
        readOnly: document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled',
      };
      const content = viewerContent(document);
      const palette = content.kind === 'task' ? await this.paletteOf(content.task) : 'arc';
      channel.notify({ type: 'viewer/show', document: info, content, palette });
    };

    // The viewer's one notification is `viewer/ready`: it wants the current document.
    channel.onNotification(() => void show());
    const answer = (request: ViewerRequest) =>
      this.handle(document, request).catch((error: unknown): ReplyOutcome => {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      });
    channel.onRequest({ 'viewer/solve': answer, 'viewer/reveal': answer, 'viewer/reopenAsText': answer });

    if (panel.active) this.active = document;
    const subscriptions: vscode.Disposable[] = [
      webview.onDidReceiveMessage((raw: unknown) => channel.handle(raw)),
      { dispose: () => channel.dispose() },
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === document && event.contentChanges.length > 0) void show();
      }),
      panel.onDidChangeViewState(() => {
        if (panel.active) this.active = document;
        else if (this.active === document) this.active = undefined;
      }),
    ];
    panel.onDidDispose(() => {
      if (this.active === document) this.active = undefined;
      subscriptions.forEach((subscription) => subscription.dispose());
    });
  }

  /** The palette of the model Solve would run on this task, so the puzzle looks as the panel will draw it. */
  private async paletteOf(task: ArcTask): Promise<ViewerShow['palette']> {
    const dir = chooseModel(await this.models.dirFor(task)).dir;
    return paletteFor(task, (await this.manifests.of(dir))?.encoding ?? null);
  }

  private async handle(document: vscode.TextDocument, request: ViewerRequest): Promise<ReplyOutcome> {
    switch (request.type) {
      case 'viewer/solve':
        return solveDocument(document, this.solve);
      case 'viewer/reopenAsText':
        await reopenAsText(document.uri);
        return { ok: true };
      case 'viewer/reveal': {
        const range = problemRange(document, Math.min(request.offset, document.getText().length), request.length);
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection: range });
        return { ok: true };
      }
    }
  }
}

/** Solve the task in a document, or say why it cannot be solved (the file has problems). */
export async function solveDocument(document: vscode.TextDocument, solve: Solver): Promise<ReplyOutcome> {
  const parse = parseTaskDocument(document);
  if (!parse.ok) {
    const first = parse.problems[0]!;
    const message =
      `TRM Lens: ${fileName(document.uri)} has ${parse.problems.length} problem(s); ` +
      `fix them before solving (first: ${first.message} at ${first.path}).`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, message };
  }
  return solve({ task: parse.task, source: document.uri });
}

export async function reopenAsText(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('vscode.openWith', uri, 'default');
}
