// The status bar item that says which model and which execution provider ran the last Solve (and,
// in its tooltip, why other providers were skipped), as the engine issue asks users always see.

import * as vscode from 'vscode';

export class SolveStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'trmLens.solveStatus',
    vscode.StatusBarAlignment.Right,
    100,
  );

  constructor(chooseModelCommand: string) {
    this.item.name = 'TRM Lens model';
    this.item.command = chooseModelCommand;
  }

  running(model: string): void {
    this.item.text = `$(loading~spin) TRM ${model}`;
    this.item.tooltip = `TRM Lens: solving with ${model}…`;
    this.item.show();
  }

  /** Cancel was asked for; shown until the worker says its engine has stopped. */
  cancelling(model: string): void {
    this.item.text = `$(loading~spin) TRM ${model}: cancelling…`;
    this.item.tooltip = `TRM Lens: cancelling the solve with ${model}…`;
    this.item.show();
  }

  ran(model: string, provider: string, detail: string): void {
    this.item.text = `$(circuit-board) TRM ${model} · ${provider}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**TRM Lens** model \`${model}\` ran on the **${provider}** execution provider.\n\n${detail}\n\n` +
        'Click to choose the model.',
    );
    this.item.accessibilityInformation = { label: `TRM Lens: model ${model} on ${provider}` };
    this.item.show();
  }

  failed(model: string): void {
    this.item.text = `$(error) TRM ${model}`;
    this.item.tooltip =
      'TRM Lens: the last Solve failed (the log, TRM Lens: Show Log, says why); click to choose the model.';
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
