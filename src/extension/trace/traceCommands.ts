// The commands that act on the focused trace panel: the stepping keybindings and the exports.

import * as vscode from 'vscode';
import type { ExportFormat, PanelAction } from '../../shared/protocol';
import { EXPORT_FORMATS, type TraceExporter } from './traceExport';
import type { TracePanels } from './tracePanels';

/** Each keybinding command forwards one action to the focused panel. */
const ACTION_COMMANDS: Record<string, PanelAction> = {
  'trmLens.trace.nextLatent': { type: 'step', granularity: 'latent', direction: 1 },
  'trmLens.trace.previousLatent': { type: 'step', granularity: 'latent', direction: -1 },
  'trmLens.trace.nextAnswer': { type: 'step', granularity: 'answer', direction: 1 },
  'trmLens.trace.previousAnswer': { type: 'step', granularity: 'answer', direction: -1 },
  'trmLens.trace.nextSupervision': { type: 'step', granularity: 'supervision', direction: 1 },
  'trmLens.trace.previousSupervision': { type: 'step', granularity: 'supervision', direction: -1 },
  'trmLens.trace.first': { type: 'first' },
  'trmLens.trace.last': { type: 'last' },
  'trmLens.trace.runToHalt': { type: 'runTo', condition: 'halt' },
  'trmLens.trace.togglePlay': { type: 'togglePlay' },
};

const exportCommand = (format: ExportFormat) => `trmLens.exportTrace${format[0].toUpperCase()}${format.slice(1)}`;

export function registerTraceCommands(panels: TracePanels, exporter: TraceExporter): vscode.Disposable {
  const exportFocused = async (format: ExportFormat) => {
    const feed = panels.focused?.currentFeed;
    if (!feed) {
      const hint = 'focus a trace panel (run Solve or open a .trace.json file) to export its trace.';
      void vscode.window.showWarningMessage(`TRM Lens: ${hint}`);
      return;
    }
    await exporter.exportTrace(feed, format);
  };
  return vscode.Disposable.from(
    ...Object.entries(ACTION_COMMANDS).map(([id, action]) =>
      vscode.commands.registerCommand(id, () => panels.focused?.act(action)),
    ),
    ...(Object.keys(EXPORT_FORMATS) as ExportFormat[]).map((format) =>
      vscode.commands.registerCommand(exportCommand(format), () => exportFocused(format)),
    ),
  );
}
