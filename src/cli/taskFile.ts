// Task files as the CLI commands read them: ids from file names, Kaggle solutions beside challenges,
// and problems printed as FILE:LINE:COL: PATH: MESSAGE.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCombinedFile, parseCombined, parseSolutions, parseTask, sizeProblem, type ArcTask, type TaskProblem } from '../core/arcTask';
import { LineIndex } from '../core/textPosition';

export function problemLines(file: string, text: string, problems: readonly TaskProblem[]): string[] {
  const lines = new LineIndex(text);
  return problems.map((problem) => {
    const { line, column } = lines.position(problem.offset);
    return `${file}:${line}:${column}: ${problem.path}: ${problem.message}`;
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

/** One task from a single-task file, or task `taskId` of a Kaggle combined file (with its solutions). */
export function loadTask(file: string, taskId?: string): ArcTask {
  const size = fs.existsSync(file) ? fs.statSync(file).size : -1;
  if (size < 0) throw new TaskFileError(`${file}: no such file`);
  const tooLarge = sizeProblem(size);
  if (tooLarge) throw new TaskFileError(problemLines(file, '', [tooLarge]).join('\n'));
  const raw = fs.readFileSync(file, 'utf8');
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const fail = (problems: readonly TaskProblem[], source = file, sourceText = text): never => {
    throw new TaskFileError(problemLines(source, sourceText, problems).join('\n'));
  };
  if (!isCombinedFile(text)) {
    const parsed = parseTask(text, taskId ?? taskIdOf(file));
    return parsed.ok ? parsed.task : fail(parsed.problems);
  }
  const combined = parseCombined(text);
  if (!combined.ok) return fail(combined.problems);
  if (!taskId) throw new TaskFileError(`${file}: a combined file of ${combined.ids.length} tasks; choose one with --task ID (first: ${combined.ids.slice(0, 3).join(', ')})`);
  const solutionsFile = siblingSolutions(file);
  let solutions;
  if (solutionsFile) {
    const solText = fs.readFileSync(solutionsFile, 'utf8');
    const parsedSolutions = parseSolutions(solText);
    if (!parsedSolutions.ok) return fail(parsedSolutions.problems, solutionsFile, solText);
    solutions = parsedSolutions.solutions;
  }
  const parsed = combined.task(taskId, solutions);
  return parsed.ok ? parsed.task : fail(parsed.problems);
}
