// `*.trace.json` files open in a trace panel: a read-only custom editor whose document is the trace read
// once, shown in every editor of the file.

import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { SavedSource } from '../../shared/protocol';
import type { TraceReader } from './traceFile';
import type { TraceFeed } from './traceFeed';
import type { TracePanels } from './tracePanels';

export const TRACE_EDITOR_TYPE = 'trmLens.traceEditor';

class TraceDocument implements vscode.CustomDocument {
  constructor(
    readonly uri: vscode.Uri,
    readonly feed: TraceFeed,
    readonly readAt: number,
  ) {}
  dispose(): void {}
}

export class TraceEditorProvider implements vscode.CustomReadonlyEditorProvider<TraceDocument> {
  constructor(
    private readonly panels: TracePanels,
    private readonly read: TraceReader,
  ) {}

  register(): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(TRACE_EDITOR_TYPE, this, {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    });
  }

  async openCustomDocument(uri: vscode.Uri): Promise<TraceDocument> {
    const readAt = Date.now();
    return new TraceDocument(uri, await this.read(uri), readAt);
  }

  resolveCustomEditor(document: TraceDocument, panel: vscode.WebviewPanel): void {
    this.panels.adopt(panel, null).show(document.feed, fileSource(document.uri), 'complete', document.readAt);
  }
}

/** A trace file's name for its webview: a digest of its URI, so the webview sees no path but knows the file again. */
function fileSource(uri: vscode.Uri): SavedSource {
  return { id: `file-${createHash('sha256').update(uri.toString()).digest('hex').slice(0, 32)}` };
}
