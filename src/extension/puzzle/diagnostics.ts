// Problems of `*.arc.json` documents in the Problems panel, at the node the parser blames, and the
// parser's advice about a valid task (no demonstration pairs: fine for Sudoku, not for ARC) as warnings. Kept up to
// date while the text changes (debounced, so a paste of a big task parses once) and dropped when the
// document closes. Both the viewer and the text editor show the same document, so both get them.

import * as vscode from 'vscode';
import { isArcTaskDocument, parseTaskDocument, problemRange } from './taskDocument';

const SOURCE = 'TRM Lens';
const DEBOUNCE_MS = 200;

function diagnosticsFor(document: vscode.TextDocument): vscode.Diagnostic[] {
  const parse = parseTaskDocument(document);
  const [found, severity] = parse.ok
    ? [parse.advice, vscode.DiagnosticSeverity.Warning]
    : [parse.problems, vscode.DiagnosticSeverity.Error];
  return found.map((problem) => {
    const diagnostic = new vscode.Diagnostic(
      problemRange(document, problem.offset, problem.length),
      `${problem.message} (${problem.path})`,
      severity,
    );
    diagnostic.source = SOURCE;
    diagnostic.code = problem.path;
    return diagnostic;
  });
}

export function registerTaskDiagnostics(): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('trm-lens');
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const refresh = (document: vscode.TextDocument): void => {
    if (!isArcTaskDocument(document) || document.isClosed) return;
    collection.set(document.uri, diagnosticsFor(document));
  };
  const refreshSoon = (document: vscode.TextDocument): void => {
    if (!isArcTaskDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        refresh(document);
      }, DEBOUNCE_MS),
    );
  };
  const forget = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.delete(key);
    collection.delete(document.uri);
  };

  vscode.workspace.textDocuments.forEach(refresh);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((event) => refreshSoon(event.document)),
    vscode.workspace.onDidCloseTextDocument(forget),
    { dispose: () => pending.forEach((timer) => clearTimeout(timer)) },
  );
}
