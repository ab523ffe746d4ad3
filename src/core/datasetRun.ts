// A dataset run: many tasks through one bundle session into a folder of traces, each followed by a line of
// summaries.jsonl-style output that marks it done, so a run stopped part-way resumes where it left off and
// shards of one run (each writing its own summary file) merge into one report.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { ArcTask } from './arcTask';
import type { Bundle } from './bundle';
import { summarise, type RunSummary } from './datasetReport';
import { inShard, type Shard } from './shard';
import { startTaskSolve } from './taskSolve';
import { augmentationRuns } from './taskVote';
import { exportJson, type Trace } from './trace';
import type { Prediction } from './vote';

/** A task as the run lists it: loaded when its turn comes, so a folder of 10,000 files is not held at once. */
export interface TaskSource {
  readonly id: string;
  load(): Promise<ArcTask>;
}

export interface DatasetRunOptions {
  readonly out: string;
  readonly shard: Shard;
  /** run each test input under the first N of the task's identifiers; absent: once, under its own */
  readonly augmentations?: number;
  /** run a task the model does not know with the blank identifier */
  readonly allowBlankId?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (line: string) => void;
}

export interface DatasetRunResult {
  readonly ran: number;
  readonly skipped: number;
  /** why an augmentation could not run, one line each */
  readonly problems: readonly string[];
}

export const SUMMARY_SUFFIX = '.summaries.jsonl';

/** The summary file of one shard: shards that share an output folder never write to the same file. */
export function summaryFile(out: string, shard: Shard): string {
  return path.join(out, `shard-${shard.index + 1}-of-${shard.count}${SUMMARY_SUFFIX}`);
}

/** A task id as a file name: ids come from files and may hold anything, `/` and `..` included. */
export function fileSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length));
}

const unitKey = (task: string, test: number) => JSON.stringify([task, test]);

/** One line of a summary file: a run's summary, or the mark that every run of a test input is written. */
type SummaryLine =
  | { readonly kind: 'run'; readonly run: RunSummary }
  | { readonly kind: 'done'; readonly task: string; readonly test: number };

/**
 * The lines of every summary file in `dir`, one at a time. A last line cut short (a run killed while
 * writing it) is dropped; any other unreadable line is an error naming the file and line.
 */
export async function* readSummaryLines(dir: string): AsyncGenerator<SummaryLine> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(SUMMARY_SUFFIX))
    .sort();
  for (const name of files) {
    const file = path.join(dir, name);
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    let pending: { text: string; n: number } | null = null;
    let n = 0;
    for await (const text of lines) {
      n++;
      if (pending) yield parseLine(file, pending.text, pending.n);
      pending = text.trim() ? { text, n } : null;
    }
    if (pending) {
      try {
        yield parseLine(file, pending.text, pending.n);
      } catch {
        // the line a stopped run was writing: its test input is not marked done and runs again
      }
    }
  }
}

function parseLine(file: string, text: string, n: number): SummaryLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RangeError(`${file}:${n}: not a JSON line: ${(error as Error).message}`, { cause: error });
  }
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind !== 'run' && kind !== 'done') throw new RangeError(`${file}:${n}: $.kind: expected "run" or "done"`);
  return value as SummaryLine;
}

/** Test inputs every run of which is already written to `out`, by any shard. */
async function doneUnits(out: string): Promise<Set<string>> {
  const done = new Set<string>();
  for await (const line of readSummaryLines(out)) if (line.kind === 'done') done.add(unitKey(line.task, line.test));
  return done;
}

/** Writes through a temporary name, so a trace file that exists is whole. */
function writeWhole(file: string, text: string): void {
  const temporary = `${file}.partial`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

interface Solved {
  readonly trace: Trace;
  readonly prediction: Prediction;
  readonly suffix: string;
}

async function* solvesOf(bundle: Bundle, task: ArcTask, test: number, options: DatasetRunOptions, problems: string[]) {
  if (options.augmentations === undefined) {
    const solve = startTaskSolve(bundle, task, {
      testIndex: test,
      allowBlankId: options.allowBlankId,
      signal: options.signal,
    });
    let last = null;
    for await (const step of solve.steps) last = step;
    const prediction = { augmentation: solve.trace.header.identifier.name, answer: last!.answer, qHalt: last!.qHalt };
    yield { trace: solve.trace, prediction, suffix: '' } satisfies Solved;
    return;
  }
  const runs = augmentationRuns(bundle, task, {
    testIndex: test,
    limit: options.augmentations,
    signal: options.signal,
  });
  for await (const outcome of runs) {
    if (outcome.kind === 'skipped')
      problems.push(`${task.id} test ${test}: skipped ${outcome.identifier.name}: ${outcome.reason}`);
    else
      yield { trace: outcome.trace, prediction: outcome.prediction, suffix: `-a${outcome.position}` } satisfies Solved;
  }
}

/**
 * Runs every test input of the shard's tasks not yet done in `options.out`. Stopping through `signal`
 * throws the engine's CancelledError; every test input marked done before it stays done.
 */
export async function runDataset(
  bundle: Bundle,
  tasks: readonly TaskSource[],
  options: DatasetRunOptions,
): Promise<DatasetRunResult> {
  fs.mkdirSync(options.out, { recursive: true });
  const done = await doneUnits(options.out);
  const summaries = summaryFile(options.out, options.shard);
  const problems: string[] = [];
  const mine = tasks.filter((_task, i) => inShard(i, options.shard));
  let ran = 0;
  let skipped = 0;
  for (const [i, source] of mine.entries()) {
    const task = await source.load();
    for (let test = 0; test < task.test.length; test++) {
      if (done.has(unitKey(task.id, test))) {
        skipped++;
        continue;
      }
      for await (const solved of solvesOf(bundle, task, test, options, problems)) {
        const name = `${fileSafe(task.id)}-t${test}${solved.suffix}.trace.json`;
        writeWhole(path.join(options.out, name), exportJson(solved.trace));
        const line: SummaryLine = { kind: 'run', run: summarise(solved.trace, solved.prediction, name) };
        fs.appendFileSync(summaries, JSON.stringify(line) + '\n');
      }
      fs.appendFileSync(summaries, JSON.stringify({ kind: 'done', task: task.id, test } satisfies SummaryLine) + '\n');
      ran++;
    }
    options.onProgress?.(`${i + 1}/${mine.length} tasks (${source.id})`);
  }
  return { ran, skipped, problems };
}
