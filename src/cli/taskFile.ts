// Task files as the CLI commands read them: ids from file names, Kaggle solutions beside challenges,
// a row of a public dataset's CSV (Sudoku-Extreme, Maze), and problems printed as FILE:LINE:COL: PATH: MESSAGE.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  isCombinedFile,
  LIMITS,
  parseCombined,
  parseSolutions,
  parseTask,
  sizeProblem,
  type ArcTask,
  type TaskProblem,
} from '../core/arcTask';
import { FileReadError, FileTooLargeError, readRegularFile } from '../core/boundedRead';
import { DatasetCsvError, readCsvTask } from '../core/datasetCsv';
import { LineIndex } from '../core/textPosition';

/** `FILE:LINE:COL: PATH: MESSAGE` per problem; advice about a valid task reads `FILE:LINE:COL: warning: ...`. */
export function problemLines(
  file: string,
  text: string,
  problems: readonly TaskProblem[],
  severity: 'error' | 'warning' = 'error',
): string[] {
  const lines = new LineIndex(text);
  const label = severity === 'warning' ? 'warning: ' : '';
  return problems.map((problem) => {
    const { line, column } = lines.position(problem.offset);
    return `${file}:${line}:${column}: ${label}${problem.path}: ${problem.message}`;
  });
}

/** `x_challenges.json` -> `x_solutions.json` beside it, when that exists. */
export function siblingSolutions(file: string): string | undefined {
  const base = path.basename(file);
  if (!base.endsWith('_challenges.json')) return undefined;
  const sibling = path.join(path.dirname(file), base.replace(/_challenges\.json$/, '_solutions.json'));
  return fs.existsSync(sibling) ? sibling : undefined;
}

/** `007bbfb7.arc.json` -> `007bbfb7`. */
export function taskIdOf(file: string): string {
  return path.basename(file).replace(/(\.arc)?\.json$/, '');
}

/** A task file that cannot be used; the message lists every problem. */
export class TaskFileError extends Error {
  override readonly name = 'TaskFileError';
}

/**
 * The text of a task or solutions file, without a byte order mark. Only a regular file under the size
 * limit is read (a FIFO or /dev/zero would hang the read); anything else is a one-line TaskFileError.
 */
export async function readTaskText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, LIMITS.maxBytes, 'the task file');
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      throw new TaskFileError(problemLines(file, '', [sizeProblem(error.bytes)!])[0]);
    }
    throw error instanceof FileReadError ? new TaskFileError(error.message) : error;
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A dataset CSV (`*.csv`) is read a row at a time, never whole. */
export function isDatasetCsv(file: string): boolean {
  return /\.csv$/i.test(file);
}

/**
 * One task from a single-task file, task `taskId` of a Kaggle combined file (with its solutions), or data
 * row `row` (1-based) of a dataset CSV.
 */
export async function loadTask(file: string, taskId?: string, row?: number): Promise<ArcTask> {
  if (isDatasetCsv(file)) return loadCsvRow(file, row);
  if (row !== undefined) throw new TaskFileError(`${file}: --row selects a row of a dataset CSV, not a task file`);
  const text = await readTaskText(file);
  const fail = (problems: readonly TaskProblem[], source = file, sourceText = text): never => {
    throw new TaskFileError(problemLines(source, sourceText, problems).join('\n'));
  };
  if (!isCombinedFile(text)) {
    const parsed = parseTask(text, taskId ?? taskIdOf(file));
    return parsed.ok ? parsed.task : fail(parsed.problems);
  }
  const combined = parseCombined(text);
  if (!combined.ok) return fail(combined.problems);
  if (!taskId) {
    const first = combined.ids.slice(0, 3).join(', ');
    const tasks = `a combined file of ${combined.ids.length} tasks`;
    throw new TaskFileError(`${file}: ${tasks}; choose one with --task ID (first: ${first})`);
  }
  const solutionsFile = siblingSolutions(file);
  let solutions;
  if (solutionsFile) {
    const solText = await readTaskText(solutionsFile);
    const parsedSolutions = parseSolutions(solText);
    if (!parsedSolutions.ok) return fail(parsedSolutions.problems, solutionsFile, solText);
    solutions = parsedSolutions.solutions;
  }
  const parsed = combined.task(taskId, solutions);
  return parsed.ok ? parsed.task : fail(parsed.problems);
}

async function loadCsvRow(file: string, row: number | undefined): Promise<ArcTask> {
  if (row === undefined) {
    throw new TaskFileError(`${file}: a dataset CSV; choose a puzzle with --row N (its data row, from 1)`);
  }
  try {
    return await readCsvTask(file, row);
  } catch (error) {
    throw error instanceof DatasetCsvError ? new TaskFileError(error.message) : error;
  }
}
