// `trm-lens validate FILE...`: checks ARC task files as the extension does and prints, per file,
// `FILE: ok (...)` or one `FILE:LINE:COL: $.path: message` line per problem. A Kaggle combined file is
// checked task by task, and its sibling `*_solutions.json` (when there is one) against it.

import * as path from 'node:path';
import {
  checkSolutions,
  isCombinedFile,
  parseCombined,
  parseSolutions,
  parseTask,
  type ArcTask,
  type TaskProblem,
} from '../core/arcTask';
import { problemLines, readTaskText, siblingSolutions, TaskFileError, taskIdOf } from './taskFile';
import { EXIT, wantsHelp, type Command } from './command';
import { printErr, printOut } from './output';

const USAGE = `Usage: trm-lens validate FILE...

Checks ARC task files and prints "FILE: ok (N train, M test)" or one line per problem,
"FILE:LINE:COL: $.json.path: message". Advice about a valid task (no demonstration pairs,
as in Sudoku and Maze puzzles) follows its ok line as "FILE:LINE:COL: warning: $.path: message"
and leaves the exit status 0. FILE may be a single task (.arc.json or ARC .json),
a Kaggle combined file (an object keyed by task id; its sibling *_solutions.json is checked
against it when present) or a *_solutions.json file.

Exit status: 0 when every file is valid, 1 when any file has a problem, 2 on a usage error.
`;

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check ARC task files (single, Kaggle combined, solutions) and print every problem',
  usage: USAGE,
  run: async (args) => {
    if (wantsHelp(args)) {
      printOut(USAGE);
      return EXIT.ok;
    }
    const option = args.find((arg) => arg.startsWith('-'));
    if (option !== undefined || args.length === 0) {
      const problem = option === undefined ? 'no FILE given' : `unknown option ${option}`;
      printErr(`trm-lens validate: ${problem}\n\n${USAGE}`);
      return EXIT.usage;
    }
    const seen = new Set<string>();
    let clean = true;
    for (const file of args) {
      for (const report of await validateFile(file, seen)) {
        printOut(report.lines.map((line) => `${line}\n`).join(''));
        clean &&= report.ok;
      }
    }
    return clean ? EXIT.ok : EXIT.problems;
  },
};

interface Report {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

/** Reports on `file` and, for a combined file, its solutions; skips files already in `seen`. */
async function validateFile(file: string, seen: Set<string>): Promise<Report[]> {
  if (!claim(file, seen)) return [];
  const read = await readText(file);
  if (!read.ok) return [read.report];
  const { text } = read;
  if (isSolutionsName(file)) {
    const parsed = parseSolutions(text);
    return [
      parsed.ok ? okReport(file, count(parsed.solutions.size, 'task')) : problemReport(file, text, parsed.problems),
    ];
  }
  if (!isCombinedFile(text)) {
    const parsed = parseTask(text, taskIdOf(file));
    if (!parsed.ok) return [problemReport(file, text, parsed.problems)];
    return [okReport(file, pairCounts([parsed.task]), warningLines(file, text, parsed.advice))];
  }
  const combined = parseCombined(text);
  if (!combined.ok) return [problemReport(file, text, combined.problems)];
  const tasks: ArcTask[] = [];
  const problems: TaskProblem[] = [];
  const advice: TaskProblem[] = [];
  for (const id of combined.ids) {
    const parsed = combined.task(id);
    if (parsed.ok) {
      tasks.push(parsed.task);
      advice.push(...parsed.advice);
    } else problems.push(...parsed.problems);
  }
  const reports = [
    problems.length === 0
      ? okReport(file, `${count(tasks.length, 'task')}: ${pairCounts(tasks)}`, warningLines(file, text, advice))
      : problemReport(file, text, problems),
  ];
  const solutionsFile = siblingSolutions(file);
  if (solutionsFile && claim(solutionsFile, seen)) {
    const solutionsRead = await readText(solutionsFile);
    if (!solutionsRead.ok) reports.push(solutionsRead.report);
    else {
      const solutions = parseSolutions(solutionsRead.text);
      const solutionProblems = solutions.ok
        ? checkSolutions(solutionsRead.text, solutions.solutions, combined)
        : solutions.problems;
      reports.push(
        solutionProblems.length === 0 && solutions.ok
          ? okReport(solutionsFile, count(solutions.solutions.size, 'task'))
          : problemReport(solutionsFile, solutionsRead.text, solutionProblems),
      );
    }
  }
  return reports;
}

function claim(file: string, seen: Set<string>): boolean {
  const key = path.resolve(file);
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

type TextRead = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly report: Report };

/** The file's text, or the one line that says why it cannot be read. */
async function readText(file: string): Promise<TextRead> {
  try {
    return { ok: true, text: await readTaskText(file) };
  } catch (error) {
    if (!(error instanceof TaskFileError)) throw error;
    return { ok: false, report: { ok: false, lines: [error.message] } };
  }
}

function okReport(file: string, summary: string, warnings: readonly string[] = []): Report {
  return { ok: true, lines: [`${file}: ok (${summary})`, ...warnings] };
}

function warningLines(file: string, text: string, advice: readonly TaskProblem[]): string[] {
  return problemLines(file, text, advice, 'warning');
}

function problemReport(file: string, text: string, problems: readonly TaskProblem[]): Report {
  return { ok: false, lines: problemLines(file, text, problems) };
}

function pairCounts(tasks: readonly ArcTask[]): string {
  const train = tasks.reduce((sum, task) => sum + task.train.length, 0);
  const test = tasks.reduce((sum, task) => sum + task.test.length, 0);
  return `${train} train, ${test} test`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function isSolutionsName(file: string): boolean {
  return path.basename(file).endsWith('_solutions.json');
}
