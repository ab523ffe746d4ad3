// Kaggle "combined" files (`arc-agi_*_challenges.json`: one object keyed by task id, the test outputs
// in a sibling `*_solutions.json`). The command lists a file's tasks in a searchable quick pick; the
// chosen task opens in the puzzle viewer as a virtual, read-only document on the `trm-lens-task:`
// scheme, written by a TextDocumentContentProvider with the solutions filled in.
//
// Why a content provider rather than an untitled document: the document has a stable URI that names
// the combined file (so it reopens after a window reload, and opening the same task twice focuses the
// same editor), it is read-only, it is never offered for saving, and content providers run in the
// extension host, so it works the same in desktop VS Code and code-server.
//
// URI: trm-lens-task:/<task id>.arc.json?<challenges file URI>  (the tab reads `<task id>.arc.json`)
//
// A row of a public dataset's CSV (Sudoku-Extreme, Maze: src/core/datasetCsv.ts) opens the same way, as
// trm-lens-task:/<row>/<row id>.arc.json?<CSV file URI>, read from the file's row when the document is
// asked for, so the viewer, Solve and Debug see it as any other task.

import * as vscode from 'vscode';
import {
  parseCombined,
  parseSolutions,
  sizeProblem,
  type CombinedFile,
  type Solutions,
  type TaskProblem,
} from '../../core/arcTask';
import { listCsvRows, readCsvTask, type CsvRowSummary } from '../../core/datasetCsv';
import { ARC_VIEWER_TYPE } from './arcEditorProvider';
import { formatTaskJson } from './taskText';

export const TASK_SCHEME = 'trm-lens-task';
const CHALLENGES = /_challenges\.json$/i;

interface CombinedSource {
  readonly combined: CombinedFile;
  /** Undefined when there is no sibling solutions file or it could not be read. */
  readonly solutions: Solutions | undefined;
  /** Why the solutions are missing, when a sibling was expected; shown once when the file is opened. */
  readonly solutionsNote: string | undefined;
}

class CombinedFileError extends Error {}

function describeProblem(uri: vscode.Uri, problem: TaskProblem): string {
  return `${uri.path.split('/').pop()}: ${problem.message} at ${problem.path}`;
}

async function readText(uri: vscode.Uri): Promise<string> {
  const stat = await vscode.workspace.fs.stat(uri);
  const refusal = sizeProblem(stat.size);
  if (refusal) throw new CombinedFileError(describeProblem(uri, refusal));
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

export function solutionsUriFor(challenges: vscode.Uri): vscode.Uri | undefined {
  if (!CHALLENGES.test(challenges.path)) return undefined;
  return challenges.with({ path: challenges.path.replace(CHALLENGES, '_solutions.json') });
}

async function loadSolutions(challenges: vscode.Uri): Promise<Pick<CombinedSource, 'solutions' | 'solutionsNote'>> {
  const uri = solutionsUriFor(challenges);
  if (!uri) return { solutions: undefined, solutionsNote: undefined };
  let text: string;
  try {
    text = await readText(uri);
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound')
      return { solutions: undefined, solutionsNote: undefined };
    return { solutions: undefined, solutionsNote: `solutions not loaded: ${(error as Error).message}` };
  }
  const parsed = parseSolutions(text);
  if (!parsed.ok)
    return {
      solutions: undefined,
      solutionsNote: `solutions not loaded: ${describeProblem(uri, parsed.problems[0]!)}`,
    };
  return { solutions: parsed.solutions, solutionsNote: undefined };
}

/** Parsed combined files by URI; re-read when the file on disk is newer than what was parsed. */
class CombinedSources {
  private readonly cache = new Map<string, { readonly mtime: number; readonly source: Promise<CombinedSource> }>();

  async get(challenges: vscode.Uri): Promise<CombinedSource> {
    const key = challenges.toString();
    const mtime = (await vscode.workspace.fs.stat(challenges)).mtime;
    const cached = this.cache.get(key);
    if (cached && cached.mtime === mtime) return cached.source;
    const source = this.load(challenges);
    this.cache.set(key, { mtime, source });
    source.catch(() => this.cache.delete(key));
    return source;
  }

  private async load(challenges: vscode.Uri): Promise<CombinedSource> {
    const parsed = parseCombined(await readText(challenges));
    if (!parsed.ok) throw new CombinedFileError(describeProblem(challenges, parsed.problems[0]!));
    return { combined: parsed, ...(await loadSolutions(challenges)) };
  }
}

export function taskUri(challenges: vscode.Uri, taskId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: TASK_SCHEME, path: `/${taskId}.arc.json`, query: challenges.toString() });
}

export function csvRowUri(csv: vscode.Uri, row: CsvRowSummary): vscode.Uri {
  return vscode.Uri.from({ scheme: TASK_SCHEME, path: `/${row.row}/${row.id}.arc.json`, query: csv.toString() });
}

type TaskSource =
  | { readonly kind: 'combined'; readonly challenges: vscode.Uri; readonly taskId: string }
  | { readonly kind: 'csv'; readonly csv: vscode.Uri; readonly row: number };

function parseTaskUri(uri: vscode.Uri): TaskSource {
  const source = uri.query ? vscode.Uri.parse(uri.query, true) : undefined;
  const csvRow = /^\/(\d+)\/[^/]+\.arc\.json$/.exec(uri.path);
  if (source && csvRow && /\.csv$/i.test(source.path)) return { kind: 'csv', csv: source, row: Number(csvRow[1]) };
  const match = /^\/(.+)\.arc\.json$/.exec(uri.path);
  if (!match || !source) throw new CombinedFileError(`not a combined-file task: ${uri.toString()}`);
  return { kind: 'combined', challenges: source, taskId: match[1]! };
}

class TaskContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly sources: CombinedSources) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = parseTaskUri(uri);
    if (source.kind === 'csv') return formatTaskJson(await readCsvTask(source.csv.fsPath, source.row));
    const { challenges, taskId } = source;
    const { combined, solutions } = await this.sources.get(challenges);
    const withOutputs = combined.task(taskId, solutions);
    if (withOutputs.ok) return formatTaskJson(withOutputs.task);
    // The solutions do not fit this task: show it without them rather than not at all.
    const alone = combined.task(taskId);
    if (alone.ok) return formatTaskJson(alone.task);
    // An invalid member: show its raw JSON, so the viewer lists what is wrong with it.
    const raw = (JSON.parse(await readText(challenges)) as Record<string, unknown>)[taskId];
    return `${JSON.stringify(raw ?? null, null, 2)}\n`;
  }
}

interface TaskItem extends vscode.QuickPickItem {
  readonly taskId: string;
}

function taskItems(source: CombinedSource): TaskItem[] {
  return source.combined.ids.map((taskId) => {
    const parsed = source.combined.task(taskId);
    if (!parsed.ok) return { taskId, label: taskId, description: `$(error) ${parsed.problems[0]!.message}` };
    const { train, test } = parsed.task;
    const solved = source.solutions?.has(taskId) ? ', outputs known' : '';
    const sizes = test.map((pair) => `${pair.input.length}×${pair.input[0]?.length ?? 0}`).join(', ');
    return {
      taskId,
      label: taskId,
      description: `${train.length} train · ${test.length} test (${sizes})${solved}`,
    };
  });
}

/** The combined file to list: the explorer's selection, else the active editor's file, else ask. */
async function pickChallengesFile(argument: unknown): Promise<vscode.Uri | undefined> {
  if (argument instanceof vscode.Uri) return argument;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && CHALLENGES.test(active.path)) return active;
  // The Kaggle files of the workspace first: the open dialog can filter by extension only, not by name.
  const found = await vscode.workspace.findFiles('**/*_challenges.json', '**/node_modules/**', 50);
  if (found.length > 0) {
    const browse = { label: '$(folder-opened) Browse...', uri: undefined };
    const choice = await vscode.window.showQuickPick(
      [...found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), browse],
      { title: 'TRM Lens: Open Task from Combined File', placeHolder: 'A Kaggle *_challenges.json file' },
    );
    if (!choice) return undefined;
    if (choice.uri) return choice.uri;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'List Tasks',
    title: 'TRM Lens: Open Task from Combined File',
    filters: { 'ARC combined files': ['json'] },
  });
  return picked?.[0];
}

async function openCombinedTask(sources: CombinedSources, argument: unknown): Promise<void> {
  const challenges = await pickChallengesFile(argument);
  if (!challenges) return;
  let source: CombinedSource;
  try {
    source = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'TRM Lens: reading combined file' },
      () => sources.get(challenges),
    );
  } catch (error) {
    void vscode.window.showErrorMessage(`TRM Lens: cannot list tasks: ${(error as Error).message}`);
    return;
  }
  if (source.solutionsNote) void vscode.window.showWarningMessage(`TRM Lens: ${source.solutionsNote}`);
  const picked = await vscode.window.showQuickPick(taskItems(source), {
    title: `Tasks in ${challenges.path.split('/').pop()} (${source.combined.ids.length})`,
    placeHolder: 'Type a task id',
    matchOnDescription: true,
  });
  if (!picked) return;
  await vscode.commands.executeCommand('vscode.openWith', taskUri(challenges, picked.taskId), ARC_VIEWER_TYPE);
}

/** Rows the dataset CSV quick pick lists; any other row is reached by typing its number. */
const LISTED_ROWS = 200;

async function pickCsvFile(argument: unknown): Promise<vscode.Uri | undefined> {
  if (argument instanceof vscode.Uri) return argument;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && /\.csv$/i.test(active.path)) return active;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'List Rows',
    title: 'TRM Lens: Open Task from Dataset CSV',
    filters: { 'Sudoku-Extreme or Maze CSV': ['csv'] },
  });
  return picked?.[0];
}

interface RowItem extends vscode.QuickPickItem {
  readonly row: number | undefined;
}

/** The row to open: one of the first rows, or (the first item) a number typed in. */
async function pickCsvRow(csv: vscode.Uri): Promise<number | undefined> {
  const rows = await listCsvRows(csv.fsPath, LISTED_ROWS);
  const typed: RowItem = { row: undefined, label: '$(edit) Row number...', description: 'any data row, from 1' };
  const items: RowItem[] = rows.map((summary) => ({
    row: summary.row,
    label: `${summary.row}`,
    description: summary.id,
    detail: summary.rating === '' ? undefined : `rating ${summary.rating}`,
  }));
  const picked = await vscode.window.showQuickPick([typed, ...items], {
    title: `Rows of ${csv.path.split('/').pop()} (the first ${rows.length})`,
    placeHolder: 'Pick a row, or choose "Row number..." for a later one',
    matchOnDescription: true,
  });
  if (!picked || picked.row !== undefined) return picked?.row;
  const answer = await vscode.window.showInputBox({
    title: 'Data row (the header is not counted)',
    validateInput: (text) => (/^[1-9]\d*$/.test(text.trim()) ? undefined : 'a whole number from 1'),
  });
  return answer === undefined ? undefined : Number(answer.trim());
}

async function openCsvTask(argument: unknown): Promise<void> {
  const csv = await pickCsvFile(argument);
  if (!csv) return;
  if (csv.scheme !== 'file') {
    void vscode.window.showErrorMessage(`TRM Lens: a dataset CSV must be a file on disk: ${csv.toString()}`);
    return;
  }
  try {
    const row = await pickCsvRow(csv);
    if (row === undefined) return;
    // Read the row now, so a bad row is one error message rather than a broken document.
    const task = await readCsvTask(csv.fsPath, row);
    await vscode.commands.executeCommand(
      'vscode.openWith',
      csvRowUri(csv, { row, id: task.id, rating: '' }),
      ARC_VIEWER_TYPE,
    );
  } catch (error) {
    void vscode.window.showErrorMessage(`TRM Lens: cannot open the row: ${(error as Error).message}`);
  }
}

export function registerCombinedFiles(): vscode.Disposable {
  const sources = new CombinedSources();
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(TASK_SCHEME, new TaskContentProvider(sources)),
    vscode.commands.registerCommand('trmLens.openCombinedTask', (argument: unknown) =>
      openCombinedTask(sources, argument),
    ),
    vscode.commands.registerCommand('trmLens.openDatasetCsvTask', (argument: unknown) => openCsvTask(argument)),
  );
}
