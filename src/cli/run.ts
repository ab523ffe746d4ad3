// `trm-lens run TASKS... --model DIR --out DIR`: every test input of many tasks through one model session,
// one trace each, resumable and shardable; `trm-lens report` turns the folder into figures.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCombinedFile, parseCombined, parseSolutions, type Solutions } from '../core/arcTask';
import { BundleError, openBundle } from '../core/bundle';
import { runDataset, type TaskSource } from '../core/datasetRun';
import { CancelledError } from '../core/engine';
import { PROVIDER_CHOICES, type ProviderChoice } from '../core/providers';
import { parseShard, WHOLE, type Shard } from '../core/shard';
import { UnknownIdentifierError } from '../core/taskSolve';
import { NoIdentifiersError } from '../core/taskVote';
import { EXIT, optionValue, OutputError, providerOption, runCommand, UsageError, type Command } from './command';
import { printErr } from './output';
import { defaultModelDir } from './solve';
import { loadTask, problemLines, readTaskText, siblingSolutions, TaskFileError } from './taskFile';

const USAGE = `usage: trm-lens run TASKS... --out DIR [--model DIR] [--augmentations N] [--shard i/n]
                    [--provider P] [--blank-id]

Runs every test input of every task in TASKS (.arc.json files, Kaggle combined files, or folders of them)
through every supervision step, and writes one trace per test input (or per augmentation) to DIR with a
summary line each. A test input already done in DIR is skipped, so a stopped run (Ctrl-C) resumes.
--model defaults to the bundled sudoku6-tiny model. \`trm-lens report DIR...\` reads the folder.

  --augmentations N  run each test input under the first N of the task's identifiers and vote
  --shard i/n        only the tasks whose index (from 0, in the order listed) is i-1 modulo n; each
                     shard writes its own summary file, so shards may share DIR
  --provider P       ${PROVIDER_CHOICES.join(', ')} (default cpu)
  --blank-id         run a task the model does not know with the blank puzzle identifier`;

interface Options {
  readonly file?: undefined;
  readonly tasks: readonly string[];
  readonly out: string;
  readonly model: string;
  readonly augmentations?: number;
  readonly shard: Shard;
  readonly provider: ProviderChoice;
  readonly blankId: boolean;
}

function count(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} needs an integer >= 1, got ${v}`);
  return n;
}

function parseArgs(args: readonly string[]): Options {
  const tasks: string[] = [];
  let out: string | undefined;
  let model = defaultModelDir();
  let augmentations: number | undefined;
  let shard = WHOLE;
  let provider: ProviderChoice = 'cpu';
  let blankId = false;
  const value = (i: number) => optionValue(args, i);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--out') out = value(i++);
    else if (a === '--model') model = value(i++);
    else if (a === '--augmentations') augmentations = count(a, value(i++));
    else if (a === '--provider') provider = providerOption(value(i++));
    else if (a === '--blank-id') blankId = true;
    else if (a === '--shard') {
      try {
        shard = parseShard(value(i++));
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else tasks.push(a);
  }
  if (tasks.length === 0) throw new UsageError('run needs at least one task file or folder');
  if (!out) throw new UsageError('run needs --out DIR');
  return { tasks, out, model, augmentations, shard, provider, blankId };
}

/** The tasks of one file: itself, or every task of a combined file (read once, with its solutions). */
async function tasksOfFile(file: string): Promise<TaskSource[]> {
  const text = await readTaskText(file);
  if (!isCombinedFile(text)) return [{ id: file, load: () => loadTask(file) }];
  const combined = parseCombined(text);
  if (!combined.ok) throw new TaskFileError(problemLines(file, text, combined.problems).join('\n'));
  const solutionsFile = siblingSolutions(file);
  let solutions: Solutions | undefined;
  if (solutionsFile) {
    const solText = await readTaskText(solutionsFile);
    const parsed = parseSolutions(solText);
    if (!parsed.ok) throw new TaskFileError(problemLines(solutionsFile, solText, parsed.problems).join('\n'));
    solutions = parsed.solutions;
  }
  return combined.ids.map((id) => ({
    id,
    load: async () => {
      const parsed = combined.task(id, solutions);
      if (!parsed.ok) throw new TaskFileError(problemLines(file, text, parsed.problems).join('\n'));
      return parsed.task;
    },
  }));
}

const isTaskFile = (name: string) => name.endsWith('.json') && !name.endsWith('_solutions.json');

/** Every task named on the command line, in order; a folder's files sorted by name. */
async function listTasks(paths: readonly string[]): Promise<TaskSource[]> {
  const sources: TaskSource[] = [];
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new TaskFileError(`${p}: no such file or folder`);
    const files = stat.isDirectory()
      ? fs
          .readdirSync(p)
          .filter(isTaskFile)
          .sort()
          .map((f) => path.join(p, f))
      : [p];
    for (const file of files) sources.push(...(await tasksOfFile(file)));
  }
  return sources;
}

async function run(options: Options): Promise<number> {
  try {
    fs.mkdirSync(options.out, { recursive: true });
    fs.accessSync(options.out, fs.constants.W_OK);
  } catch (error) {
    throw new OutputError(`trm-lens run: --out ${options.out}: cannot write there: ${(error as Error).message}`);
  }
  const tasks = await listTasks(options.tasks);
  const bundle = await openBundle(path.resolve(options.model), { provider: options.provider });
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  process.on('SIGINT', onInterrupt);
  try {
    const result = await runDataset(bundle, tasks, {
      out: options.out,
      shard: options.shard,
      augmentations: options.augmentations,
      allowBlankId: options.blankId,
      signal: stop.signal,
      onProgress: (line) => printErr(`${line}\n`),
    });
    for (const problem of result.problems) printErr(`${problem}\n`);
    printErr(`ran ${result.ran} test input(s), ${result.skipped} already done, in ${options.out}\n`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    printErr(`stopped; the test inputs done so far stay in ${options.out}, and a rerun goes on from there\n`);
    return 130;
  } finally {
    process.off('SIGINT', onInterrupt);
    await bundle.release();
  }
}

export const datasetRunCommand: Command = {
  name: 'run',
  summary: 'run a model over many tasks into a folder of traces (resumable, shardable)',
  usage: USAGE,
  run: runCommand({
    name: 'run',
    usage: USAGE,
    parse: parseArgs,
    run,
    known: [TaskFileError, BundleError, UnknownIdentifierError, NoIdentifiersError],
  }),
};
