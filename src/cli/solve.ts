// `trm-lens solve FILE`: runs the recursion on one test input and prints a row per supervision step.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArcTask } from '../core/arcTask';
import { BundleError, openBundle, readManifest } from '../core/bundle';
import { BundledModels, DEFAULT_BUNDLED_MODEL } from '../core/bundledModels';
import { meanEntropy, movesOf } from '../core/stateMotion';
import type { Step } from '../core/step';
import { escapeControls } from '../core/jsonPath';
import { PROVIDER_CHOICES, type ProviderChoice } from '../core/providers';
import { startTaskSolve, UnknownIdentifierError } from '../core/taskSolve';
import { exportCsv, exportJson, TraceFormatError } from '../core/trace';
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
import { printOut } from './output';
import { loadTask, TaskFileError } from './taskFile';

const USAGE = `usage: trm-lens solve FILE [--task ID | --row N] [--test N] [--model DIR] [--provider P]
                      [--out trace.json] [--csv metrics.csv] [--json] [--blank-id] [--stop-at-halt]

Runs the model on test input N (default 0) of FILE (a .arc.json task, a Kaggle combined file with
--task, or a Sudoku-Extreme / Maze dataset .csv with --row N, its data row from 1) and prints one row
per supervision step. --model defaults to the bundled model that can take the task (as in VS Code).
--provider: ${PROVIDER_CHOICES.join(', ')} (default cpu). --blank-id runs a task the model does not know
with the blank puzzle identifier. --json prints one JSON object instead of the table.`;

interface Options {
  file: string;
  task?: string;
  row?: number;
  test: number;
  /** absent: the bundled model for the task */
  model?: string;
  provider: ProviderChoice;
  out?: string;
  csv?: string;
  json: boolean;
  blankId: boolean;
  stopAtHalt: boolean;
}

const OUTPUT_OPTIONS = [
  ['--out', 'out'],
  ['--csv', 'csv'],
] as const;

/** Why `file` cannot be written, if it visibly cannot: a missing or read-only folder, or a directory. */
function unwritable(file: string): string | undefined {
  const folder = path.dirname(path.resolve(file));
  const folderStat = fs.statSync(folder, { throwIfNoEntry: false });
  if (!folderStat) return `its folder ${folder} does not exist`;
  if (!folderStat.isDirectory()) return `${folder} is not a folder`;
  const target = fs.statSync(file, { throwIfNoEntry: false });
  if (target?.isDirectory()) return 'it is a directory';
  try {
    fs.accessSync(target ? file : folder, fs.constants.W_OK);
  } catch {
    return target ? 'the file is not writable' : `its folder ${folder} is not writable`;
  }
  return undefined;
}

function checkOutputs(options: Options): void {
  for (const [flag, key] of OUTPUT_OPTIONS) {
    const file = options[key];
    const problem = file === undefined ? undefined : unwritable(file);
    if (problem) throw new OutputError(`trm-lens solve: ${flag} ${file}: cannot write there: ${problem}`);
  }
}

function writeOutput(flag: string, file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new OutputError(`trm-lens solve: ${flag} ${file}: cannot write there: ${(error as Error).message}`);
  }
}

/** The bundled models' folder, found from dist/cli.js (or out/src/cli/solve.js in tests). */
function bundledModelsFolder(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'models');
}

/** The bundled default model. */
export function defaultModelDir(): string {
  return path.join(bundledModelsFolder(), DEFAULT_BUNDLED_MODEL);
}

/** `--model`, else the bundled model that can take the task, as the extension chooses it. */
export async function modelDirFor(task: ArcTask, model: string | undefined): Promise<string> {
  if (model) return path.resolve(model);
  return new BundledModels(bundledModelsFolder(), (dir) => readManifest(dir).catch(() => null)).dirFor(task);
}

/** `--row N`: a dataset CSV's data row, from 1 as a spreadsheet numbers them below the header. */
function rowOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('--row needs an integer >= 1');
  return n;
}

function parseArgs(args: readonly string[]): Options {
  const options: Partial<Options> & { json: boolean; blankId: boolean; stopAtHalt: boolean } = {
    json: false,
    blankId: false,
    stopAtHalt: false,
  };
  const value = (i: number) => optionValue(args, i);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    switch (a) {
      case '--task':
        options.task = value(i++);
        break;
      case '--row':
        options.row = rowOption(value(i++));
        break;
      case '--test':
        options.test = testIndexOption(value(i++));
        break;
      case '--model':
        options.model = value(i++);
        break;
      case '--provider':
        options.provider = providerOption(value(i++));
        break;
      case '--out':
        options.out = value(i++);
        break;
      case '--csv':
        options.csv = value(i++);
        break;
      case '--json':
        options.json = true;
        break;
      case '--blank-id':
        options.blankId = true;
        break;
      case '--stop-at-halt':
        options.stopAtHalt = true;
        break;
      default:
        if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
        if (options.file) throw new UsageError('solve takes one FILE');
        options.file = a;
    }
  }
  if (!options.file) throw new UsageError('solve needs a FILE');
  return { test: 0, provider: 'cpu', ...options } as Options;
}

const fmt = (v: number | null, digits = 3) => (v === null ? '-' : v.toFixed(digits));

/** The residual of y at a supervision step's last update, and of z at its last latent update. */
interface StepEnd {
  readonly step: Step;
  readonly dz: number | null;
}

function table(ends: readonly StepEnd[], msBySup: number[]): string {
  // |y| and |z| are 1 under post-norm RMSNorm; how far the update moved y and z says something.
  const head = ['step', 'changed', 'cell acc', 'exact', 'loss', 'halt p', 'dy', 'dz', 'entropy', 'ms'];
  const rows = ends.map(({ step: r, dz }) =>
    [
      String(r.supStep + 1),
      String(r.changed.length),
      fmt(r.cellAccuracy),
      r.exact === null ? '-' : r.exact ? 'yes' : 'no',
      fmt(r.loss, 4),
      fmt(r.haltProb),
      fmt(movesOf(r)?.dy ?? null, 4),
      fmt(dz, 4),
      fmt(meanEntropy(r.entropy)),
      msBySup[r.supStep].toFixed(1),
    ].map((c, i) => (r.halts && i === 0 ? `${c}*` : c)),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padStart(widths[i])).join('  ')).join('\n');
}

async function run(options: Options): Promise<number> {
  checkOutputs(options);
  const task = await loadTask(options.file, options.task, options.row);
  const bundle = await openBundle(await modelDirFor(task, options.model), { provider: options.provider });
  try {
    const solve = startTaskSolve(bundle, task, {
      testIndex: options.test,
      allowBlankId: options.blankId,
      stopAtHalt: options.stopAtHalt,
    });
    const ends: StepEnd[] = [];
    const msBySup: number[] = [];
    // Changes over a whole supervision step: from the answer before it to the answer after it.
    let changedInStep = new Set<number>();
    let dz: number | null = null;
    for await (const record of solve.steps) {
      msBySup[record.supStep] = (msBySup[record.supStep] ?? 0) + record.ms;
      record.changed.forEach((c) => changedInStep.add(c));
      if (record.kind === 'latent') dz = movesOf(record)?.dz ?? null;
      if (record.kind === 'answer' && record.hCycle === bundle.manifest.schedule.hCycles - 1) {
        ends.push({ step: { ...record, changed: [...changedInStep] }, dz });
        changedInStep = new Set();
      }
    }
    const trace = solve.trace;
    if (options.out) writeOutput('--out', options.out, exportJson(trace));
    if (options.csv) writeOutput('--csv', options.csv, exportCsv(trace));
    const final = ends[ends.length - 1].step;
    const haltRuleFiresAt = trace.haltRuleFiresAt;
    if (options.json) {
      printOut(
        JSON.stringify({
          task: task.id,
          test: options.test,
          model: bundle.manifest.name,
          precision: bundle.manifest.precision,
          provider: bundle.provider.name,
          providerSkipped: bundle.provider.skipped,
          identifier: trace.header.identifier.name,
          final: {
            supervisionStep: final.supStep + 1,
            exact: final.exact,
            cellAccuracy: final.cellAccuracy,
            loss: final.loss,
            haltProb: final.haltProb,
            answer: final.answer,
          },
          haltRuleFiresAt: haltRuleFiresAt === null ? null : haltRuleFiresAt + 1,
          steps: ends.map(({ step: r, dz }) => ({
            supervisionStep: r.supStep + 1,
            changed: r.changed.length,
            cellAccuracy: r.cellAccuracy,
            exact: r.exact,
            loss: r.loss,
            haltProb: r.haltProb,
            yNorm: r.yNorm,
            zNorm: r.zNorm,
            dy: movesOf(r)?.dy ?? null,
            dz,
            meanEntropy: meanEntropy(r.entropy),
            ms: msBySup[r.supStep],
          })),
        }) + '\n',
      );
    } else {
      const skipped = bundle.provider.skipped.length ? `; skipped ${bundle.provider.skipped.join('; ')}` : '';
      const halting =
        haltRuleFiresAt === null
          ? 'the halting rule never fired'
          : `the halting rule would stop at supervision step ${haltRuleFiresAt + 1} (marked *)`;
      const on = `${bundle.manifest.name} (${bundle.manifest.precision}, ${bundle.provider.name}${skipped})`;
      printOut(`${escapeControls(task.id)} test ${options.test} on ${on}\n`);
      printOut(`${table(ends, msBySup)}\n${halting}\n`);
    }
    return EXIT.ok;
  } finally {
    await bundle.release();
  }
}

export const solveCommand: Command = {
  name: 'solve',
  summary: 'run a model on a task and print each supervision step',
  usage: USAGE,
  run: runCommand({
    name: 'solve',
    usage: USAGE,
    parse: parseArgs,
    run,
    known: [TaskFileError, BundleError, UnknownIdentifierError, TraceFormatError],
  }),
};
