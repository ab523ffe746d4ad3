// `trm-lens vote FILE --model DIR`: runs one test input under each of the task's augmented puzzle
// identifiers and prints the voted candidates, ranked as TRM's ARC evaluator ranks them.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArcTask, Grid } from '../core/arcTask';
import { BundleError, openBundle, type Bundle } from '../core/bundle';
import { PROVIDER_CHOICES, type ProviderChoice } from '../core/providers';
import { exportJson } from '../core/trace';
import { augmentationRuns, NoIdentifiersError, type Skipped } from '../core/taskVote';
import { attempts, solvedAt, vote, type Candidate, type Prediction } from '../core/vote';
import {
  EXIT,
  optionValue,
  OutputError,
  providerOption,
  runCommand,
  testIndexOption,
  UsageError,
  type Command,
} from './command';
import { printErr, printOut } from './output';
import { modelDirFor } from './solve';
import { loadTask, TaskFileError } from './taskFile';

const USAGE = `usage: trm-lens vote FILE [--model DIR] [--task ID] [--test N] [--augmentations N|all]
                     [--provider P] [--out DIR] [--json]

Runs test input N (default 0) of FILE (a .arc.json task, or a Kaggle combined file with --task) once per
puzzle identifier the model has for the task (the task id, and its augmentations <task>|||t<k>|||<colours>
or <task>_t<k>_<colours>), through every supervision step as the public evaluation does; maps each answer
back to the original puzzle and votes: most votes first, then the highest mean halting probability.
An augmentation whose grid the model's canvas cannot take is skipped, and the output says why.

  --model DIR        the model (default: the bundled model that can take the task, as in VS Code)

  --augmentations N  the first N of the task's identifiers, in the model's order (default all)
  --provider P       ${PROVIDER_CHOICES.join(', ')} (default cpu)
  --out DIR          each run's trace (<task>-<n>.trace.json) and submission.json (the public format,
                     the top two candidates of this test input)
  --json             one JSON object instead of the candidates as grids`;

interface Options {
  file: string;
  /** absent: the bundled model for the task */
  model?: string;
  task?: string;
  test: number;
  augmentations?: number;
  provider: ProviderChoice;
  out?: string;
  json: boolean;
}

function parseAugmentations(v: string): number | undefined {
  if (v === 'all') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--augmentations needs an integer >= 1 or "all", got ${v}`);
  return n;
}

function parseArgs(args: readonly string[]): Options {
  const options: Partial<Options> & { json: boolean } = { json: false };
  const value = (i: number) => optionValue(args, i);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    switch (a) {
      case '--model':
        options.model = value(i++);
        break;
      case '--task':
        options.task = value(i++);
        break;
      case '--test':
        options.test = testIndexOption(value(i++));
        break;
      case '--augmentations':
        options.augmentations = parseAugmentations(value(i++));
        break;
      case '--provider':
        options.provider = providerOption(value(i++));
        break;
      case '--out':
        options.out = value(i++);
        break;
      case '--json':
        options.json = true;
        break;
      default:
        if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
        if (options.file) throw new UsageError('vote takes one FILE');
        options.file = a;
    }
  }
  if (!options.file) throw new UsageError('vote needs a FILE');
  return { test: 0, provider: 'cpu', ...options } as Options;
}

/** Makes the --out folder if need be and checks that it takes files, so a long vote does not fail at the end. */
function prepareOut(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.statSync(dir).isDirectory()) throw new Error('it is not a folder');
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new OutputError(`trm-lens vote: --out ${dir}: cannot write there: ${(error as Error).message}`);
  }
}

function writeOut(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new OutputError(`trm-lens vote: ${file}: cannot write there: ${(error as Error).message}`);
  }
}

/** A task id as a file name: ids come from files and may hold anything, `/` and `..` included. */
export function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length));
}

/** One run as the output lists it; the trace itself is written (with --out) and dropped as it arrives. */
interface RunLine {
  readonly position: number;
  readonly prediction: Prediction;
  readonly trace: string | null;
}

interface Collected {
  readonly runs: readonly RunLine[];
  readonly skipped: readonly Skipped[];
}

async function runVote(options: Options, bundle: Bundle, task: ArcTask): Promise<Collected> {
  const runs: RunLine[] = [];
  const skipped: Skipped[] = [];
  const runsOf = augmentationRuns(bundle, task, { testIndex: options.test, limit: options.augmentations });
  for await (const outcome of runsOf) {
    if (outcome.kind === 'skipped') {
      skipped.push(outcome);
      continue;
    }
    let trace: string | null = null;
    if (options.out) {
      trace = path.join(options.out, `${safeName(task.id)}-${outcome.position}.trace.json`);
      writeOut(trace, exportJson(outcome.trace));
    }
    runs.push({ position: outcome.position, prediction: outcome.prediction, trace });
  }
  return { runs, skipped };
}

const fmt = (v: number) => v.toFixed(3);

function gridLines(grid: Grid, indent: string): string[] {
  if (grid.length === 0) return [`${indent}(empty grid)`];
  return grid.map((row) => indent + row.join(' '));
}

/** The voters, the first few by name: a vote may have 1000. */
function voters(names: readonly string[]): string {
  const shown = names.slice(0, 4).join(', ');
  return names.length > 4 ? `${shown} and ${names.length - 4} more` : shown;
}

/** An untrained model may give each augmentation an answer of its own; the terminal shows the most voted. */
const SHOWN_CANDIDATES = 10;

function textReport(
  header: string,
  collected: Collected,
  candidates: readonly Candidate[],
  target: Grid | null,
  file: string,
): string {
  const lines = [header];
  for (const s of collected.skipped) lines.push(`  skipped ${s.identifier.name}: ${s.reason}`);
  candidates.slice(0, SHOWN_CANDIDATES).forEach((c, i) => {
    const correct = target && solvedAt([c], target, 1) ? '  = the test output' : '';
    lines.push('', `candidate ${i + 1}: ${c.count} vote(s), mean halt p ${fmt(c.meanHaltProbability)}${correct}`);
    lines.push(...gridLines(c.answer, '  '), `  voted by ${voters(c.augmentations)}`);
  });
  if (candidates.length > SHOWN_CANDIDATES) {
    lines.push('', `and ${candidates.length - SHOWN_CANDIDATES} more candidates (--json lists them all)`);
  }
  lines.push('');
  if (target) {
    const yes = (k: number) => (solvedAt(candidates, target, k) ? 'yes' : 'no');
    lines.push(`pass@1 ${yes(1)}, pass@2 ${yes(2)}`);
  } else lines.push(`${file} has no output for this test input, so pass@1 and pass@2 are not scored`);
  return lines.join('\n') + '\n';
}

async function run(options: Options): Promise<number> {
  if (options.out) prepareOut(options.out);
  const task = await loadTask(options.file, options.task);
  const bundle = await openBundle(await modelDirFor(task, options.model), { provider: options.provider });
  try {
    const collected = await runVote(options, bundle, task);
    const target = task.test[options.test]?.output ?? null;
    const candidates = vote(collected.runs.map((r) => r.prediction));
    const top = attempts(candidates);
    let submission: string | null = null;
    if (options.out && top) {
      submission = path.join(options.out, 'submission.json');
      writeOut(submission, JSON.stringify({ [task.id]: [{ attempt_1: top[0], attempt_2: top[1] }] }) + '\n');
    }
    const model = bundle.manifest.name;
    if (options.json) {
      const score = (k: number) => (target ? solvedAt(candidates, target, k) : null);
      printOut(
        JSON.stringify({
          task: task.id,
          test: options.test,
          model,
          provider: bundle.provider.name,
          providerSkipped: bundle.provider.skipped,
          runs: collected.runs.map((r) => ({
            position: r.position,
            identifier: r.prediction.augmentation,
            answer: r.prediction.answer,
            qHalt: r.prediction.qHalt,
            trace: r.trace,
          })),
          skipped: collected.skipped.map((s) => ({
            position: s.position,
            identifier: s.identifier.name,
            reason: s.reason,
          })),
          candidates: candidates.map((c) => ({ ...c, correct: target ? solvedAt([c], target, 1) : null })),
          passAt1: score(1),
          passAt2: score(2),
          submission,
        }) + '\n',
      );
    } else {
      const counts = `${collected.runs.length} run(s), ${collected.skipped.length} skipped`;
      const header = `${task.id} test ${options.test} on ${model} (${bundle.provider.name}): ${counts}`;
      printOut(textReport(header, collected, candidates, target, options.file));
      if (submission) printOut(`wrote ${collected.runs.length} trace(s) and ${submission}\n`);
    }
    if (candidates.length > 0) return EXIT.ok;
    printErr(`${options.file}: no identifier of task ${task.id} could run on model ${model}, so nothing was voted\n`);
    return EXIT.problems;
  } finally {
    await bundle.release();
  }
}

export const voteCommand: Command = {
  name: 'vote',
  summary: "run a task under each of its augmentations and vote, as TRM's ARC evaluator does",
  usage: USAGE,
  run: runCommand({
    name: 'vote',
    usage: USAGE,
    parse: parseArgs,
    run,
    known: [TaskFileError, BundleError, NoIdentifiersError],
  }),
};
