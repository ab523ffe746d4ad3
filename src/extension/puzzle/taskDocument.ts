// One parse per document version, shared by the viewer, the diagnostics and Solve: a keystroke in a
// side-by-side text editor reparses the task once, not once per consumer.

import * as vscode from 'vscode';
import { parseTask, type TaskParse } from '../../core/arcTask';
import type { ProblemView, ViewerContent } from '../../shared/protocol';
import { taskIdFromFileName } from './taskText';

/** Documents the extension understands: `*.arc.json` in any scheme (files, untitled, combined-file tasks). */
export function isArcTaskDocument(document: vscode.TextDocument): boolean {
  return /\.arc\.json$/i.test(document.uri.path);
}

const parses = new WeakMap<vscode.TextDocument, { readonly version: number; readonly parse: TaskParse }>();

export function parseTaskDocument(document: vscode.TextDocument): TaskParse {
  const cached = parses.get(document);
  if (cached && cached.version === document.version) return cached.parse;
  const parse = parseTask(document.getText(), taskIdFromFileName(document.uri.path));
  parses.set(document, { version: document.version, parse });
  return parse;
}

export function viewerContent(document: vscode.TextDocument): ViewerContent {
  const parse = parseTaskDocument(document);
  if (parse.ok) return { kind: 'task', task: parse.task };
  const problems: ProblemView[] = parse.problems.map((problem) => {
    const position = document.positionAt(problem.offset);
    return { ...problem, line: position.line + 1, column: position.character + 1 };
  });
  return { kind: 'problems', problems };
}

/** The range a problem underlines: its node, cut at the end of the node's first line (a whole grid is noise). */
export function problemRange(document: vscode.TextDocument, offset: number, length: number): vscode.Range {
  const start = document.positionAt(offset);
  const end = document.positionAt(offset + length);
  if (end.line === start.line && end.character > start.character) return new vscode.Range(start, end);
  const lineEnd = document.lineAt(start.line).range.end;
  return new vscode.Range(start, lineEnd.character > start.character ? lineEnd : start);
}
