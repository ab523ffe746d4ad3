// Exports of a trace: its JSON file, a CSV of every step's metrics, a PNG strip of the answer after each
// supervision step. Asks where to write, offers the workspace folder first.

import * as vscode from 'vscode';
import type { ExportFormat } from '../../shared/protocol';
import { renderStrip } from './gridStrip';
import { encodePng } from './pngEncoder';
import { TRACE_EDITOR_TYPE } from './traceEditor';
import { stripFrames, type TraceFeed } from './traceFeed';

export const EXPORT_FORMATS: Record<
  ExportFormat,
  { readonly suffix: string; readonly filter: string; readonly ext: string }
> = {
  json: { suffix: '.trace.json', filter: 'TRM Lens trace', ext: 'json' },
  csv: { suffix: '.metrics.csv', filter: 'CSV', ext: 'csv' },
  png: { suffix: '.steps.png', filter: 'PNG image', ext: 'png' },
};

export class TraceExporter {
  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** Where exports are offered by default (the workspace folder, if any). */
    private readonly defaultFolder: () => vscode.Uri | undefined,
  ) {}

  async exportTrace(feed: TraceFeed, format: ExportFormat): Promise<void> {
    const spec = EXPORT_FORMATS[format];
    const folder = this.defaultFolder();
    const name = `${feed.fileStem}${spec.suffix}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(name),
      filters: { [spec.filter]: [spec.ext] },
      saveLabel: `Export ${format.toUpperCase()}`,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, exportBytes(feed, format));
    this.log.info(`exported ${format} to ${target.toString()}`);
    const open = format === 'json' ? 'Open in Trace Panel' : undefined;
    const written = `TRM Lens: exported ${vscode.workspace.asRelativePath(target)}`;
    const choice = await vscode.window.showInformationMessage(written, ...(open ? [open] : []));
    if (choice === open)
      await vscode.commands.executeCommand('vscode.openWith', target, TRACE_EDITOR_TYPE, vscode.ViewColumn.Beside);
  }
}

export function exportBytes(feed: TraceFeed, format: ExportFormat): Uint8Array {
  switch (format) {
    case 'json':
      return Buffer.from(feed.exportJson(), 'utf8');
    case 'csv':
      return Buffer.from(feed.exportCsv(), 'utf8');
    case 'png':
      return encodePng(renderStrip(stripFrames(feed), feed.meta.palette));
  }
}
