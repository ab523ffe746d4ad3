// `trm-lens report DIR...`: merges the summaries of one or more run folders (shards) into report.json,
// report.csv, report.html and submission.json.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ReportBuilder, reportCsv } from '../core/datasetReport';
import { readSummaryLines } from '../core/datasetRun';
import { reportHtml } from '../core/reportHtml';
import { EXIT, optionValue, OutputError, runCommand, UsageError, type Command } from './command';
import { printErr, printOut } from './output';

const USAGE = `usage: trm-lens report DIR... [--out DIR]

Merges the runs that \`trm-lens run\` wrote to each DIR (shards of one run, or one folder) into one report:
exact and cell accuracy per supervision step, the first-right step against the step where the halting rule
first fires, halting calibration, steps to stabilise, cells that turned wrong again and pass@1/pass@2 of the
vote over augmentations. Writes report.json, report.csv (one line per test input) and report.html to
--out (default: the first DIR), and submission.json: the vote's top two answers of every test input, in
the public ARC format, merged over the shards.`;

interface Options {
  readonly file?: undefined;
  readonly dirs: readonly string[];
  readonly out: string;
}

function parseArgs(args: readonly string[]): Options {
  const dirs: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--out') out = optionValue(args, i++);
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else dirs.push(a);
  }
  if (dirs.length === 0) throw new UsageError('report needs at least one run folder');
  return { dirs, out: out ?? dirs[0] };
}

class RunFolderError extends Error {}

async function run(options: Options): Promise<number> {
  const builder = new ReportBuilder();
  for (const dir of options.dirs) {
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new RunFolderError(`${dir}: not a folder`);
    // Trace paths in the report are relative to the report's folder, so it opens them wherever it is moved.
    const folder = path.relative(options.out, dir) || '.';
    for await (const line of readSummaryLines(dir)) if (line.kind === 'run') builder.add(line.run, folder);
  }
  const report = builder.build();
  const merged = builder.submission();
  if (report.runs === 0)
    throw new RunFolderError(`${options.dirs.join(', ')}: no runs found (written by trm-lens run)`);
  const title = options.dirs.join(', ');
  const files = [
    ['report.json', JSON.stringify({ title, ...report }, null, 1) + '\n'],
    ['report.csv', reportCsv(report)],
    ['report.html', reportHtml(report, title)],
    ['submission.json', JSON.stringify(merged.submission) + '\n'],
  ] as const;
  try {
    fs.mkdirSync(options.out, { recursive: true });
    for (const [name, text] of files) fs.writeFileSync(path.join(options.out, name), text);
  } catch (error) {
    throw new OutputError(`trm-lens report: --out ${options.out}: cannot write there: ${(error as Error).message}`);
  }
  const exact = report.perStep.map((s) => `${s.step}:${(100 * s.exact).toFixed(1)}%`).join(' ');
  printOut(`${report.runs} run(s) of ${report.testInputs} test input(s); exact per step ${exact}\n`);
  for (const line of merged.leftOut) printErr(`trm-lens report: submission.json: ${line}\n`);
  printOut(`wrote report.json, report.csv, report.html and submission.json to ${options.out}\n`);
  return EXIT.ok;
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'merge run folders (shards) into report.json, report.csv, report.html and submission.json',
  usage: USAGE,
  run: runCommand({ name: 'report', usage: USAGE, parse: parseArgs, run, known: [RunFolderError] }),
};
