// A report.json that `trm-lens report` wrote, read back for the report webview: every field checked, so a
// bad or hand-edited file is refused with its JSON path; and where a row's trace lies, never outside the
// report's folder (the report is data from anywhere, its paths are not to be followed out of it).

import * as path from 'node:path';
import type { CalibrationBin, DatasetReportFile, Histogram, StepFigures, TaskRow } from './datasetReportShape';
import { readJson } from './jsonDocument';
import { failIn, JsonFields } from './jsonFields';
import { LineIndex } from './textPosition';

/** A report file that is not one: the message names the file and the JSON path at fault. */
export class ReportFormatError extends Error {
  override readonly name = 'ReportFormatError';
}

/** About 300 bytes a row: a few hundred thousand test inputs. */
export const MAX_REPORT_BYTES = 128 * 1024 * 1024;

const COUNT = { min: 0 };
const STEP = { min: 1 };

/** The report's JSON; syntax errors as `file:LINE:COL: ...`, as the manifest's are. */
function parseJson(text: string, file: string): unknown {
  const read = readJson(text, { maxBytes: MAX_REPORT_BYTES, maxDepth: 16, maxProblems: 1 });
  if (read.ok) return read.value;
  const problem = read.problems[0]!;
  const { line, column } = new LineIndex(text).position(problem.offset);
  throw new ReportFormatError(`${file}:${line}:${column}: ${problem.message}`);
}

function nullable<T>(v: unknown, read: (v: unknown) => T): T | null {
  return v === null ? null : read(v);
}

function fraction(f: JsonFields, v: unknown, at: string): number {
  const x = f.number(v, at);
  return x >= 0 && x <= 1 ? x : f.fail(at, `expected a fraction from 0 to 1, got ${x}`);
}

function flag(f: JsonFields, v: unknown, at: string): boolean | null {
  return v === null || typeof v === 'boolean' ? v : f.fail(at, 'expected true, false or null');
}

/** The list at `at`, each element an object read by `read`. */
function rows<T>(
  f: JsonFields,
  v: unknown,
  at: string,
  of: string,
  read: (o: Record<string, unknown>, at: string) => T,
) {
  return f.list(v, at, of).map((item, i) => read(f.object(item, `${at}[${i}]`), `${at}[${i}]`));
}

/** `lag` histograms count differences of steps, which may be negative. */
function histogram(f: JsonFields, v: unknown, at: string, lag = false): Histogram {
  const range = lag ? { min: -Number.MAX_SAFE_INTEGER } : STEP;
  return rows(f, v, at, 'bars', (h, at) => ({
    value: nullable(h.value, (x) => f.int(x, `${at}.value`, range)),
    count: f.int(h.count, `${at}.count`, STEP),
  }));
}

function stepFigures(f: JsonFields, s: Record<string, unknown>, at: string): StepFigures {
  return {
    step: f.int(s.step, `${at}.step`, STEP),
    runs: f.int(s.runs, `${at}.runs`, COUNT),
    exact: fraction(f, s.exact, `${at}.exact`),
    cellAccuracy: fraction(f, s.cellAccuracy, `${at}.cellAccuracy`),
  };
}

function calibrationBin(f: JsonFields, b: Record<string, unknown>, at: string): CalibrationBin {
  return {
    from: fraction(f, b.from, `${at}.from`),
    to: fraction(f, b.to, `${at}.to`),
    pairs: f.int(b.pairs, `${at}.pairs`, COUNT),
    meanHaltProb: fraction(f, b.meanHaltProb, `${at}.meanHaltProb`),
    exact: fraction(f, b.exact, `${at}.exact`),
  };
}

function taskRow(f: JsonFields, r: Record<string, unknown>, at: string): TaskRow {
  const step = (key: string) => nullable(r[key], (x) => f.int(x, `${at}.${key}`, STEP));
  return {
    task: f.string(r.task, `${at}.task`),
    test: f.int(r.test, `${at}.test`, COUNT),
    runs: f.int(r.runs, `${at}.runs`, STEP),
    trace: f.nonEmptyString(r.trace, `${at}.trace`),
    folder: f.nonEmptyString(r.folder, `${at}.folder`),
    firstRight: step('firstRight'),
    haltsAt: step('haltsAt'),
    stableFrom: f.int(r.stableFrom, `${at}.stableFrom`, STEP),
    turnedWrong: f.int(r.turnedWrong, `${at}.turnedWrong`, COUNT),
    finalExact: flag(f, r.finalExact, `${at}.finalExact`),
    passAt1: flag(f, r.passAt1, `${at}.passAt1`),
    passAt2: flag(f, r.passAt2, `${at}.passAt2`),
  };
}

/** Parses and checks a report.json's text; `file` names it in errors. */
export function readDatasetReport(text: string, file: string): DatasetReportFile {
  const f = new JsonFields({ fail: failIn(file, ReportFormatError), showFound: true });
  const root = f.object(parseJson(text, file), '$');
  const turned = f.object(root.turnedWrong, '$.turnedWrong');
  const passAt = f.object(root.passAt, '$.passAt');
  return {
    title: f.string(root.title, '$.title'),
    runs: f.int(root.runs, '$.runs', COUNT),
    tasks: f.int(root.tasks, '$.tasks', COUNT),
    testInputs: f.int(root.testInputs, '$.testInputs', COUNT),
    scored: f.int(root.scored, '$.scored', COUNT),
    perStep: rows(f, root.perStep, '$.perStep', 'steps', (s, at) => stepFigures(f, s, at)),
    firstRight: histogram(f, root.firstRight, '$.firstRight'),
    haltsAt: histogram(f, root.haltsAt, '$.haltsAt'),
    haltLag: histogram(f, root.haltLag, '$.haltLag', true),
    stableFrom: histogram(f, root.stableFrom, '$.stableFrom'),
    calibration: rows(f, root.calibration, '$.calibration', 'bins', (b, at) => calibrationBin(f, b, at)),
    turnedWrong: {
      cells: f.int(turned.cells, '$.turnedWrong.cells', COUNT),
      runs: f.int(turned.runs, '$.turnedWrong.runs', COUNT),
    },
    exactAtHalt: nullable(root.exactAtHalt, (x) => fraction(f, x, '$.exactAtHalt')),
    passAt: {
      1: nullable(passAt[1], (x) => fraction(f, x, '$.passAt["1"]')),
      2: nullable(passAt[2], (x) => fraction(f, x, '$.passAt["2"]')),
    },
    rows: rows(f, root.rows, '$.rows', 'task rows', (r, at) => taskRow(f, r, at)),
  };
}

export type TracePath = { readonly ok: true; readonly file: string } | { readonly ok: false; readonly message: string };

/**
 * The trace of `row`, resolved against the report's folder, or why it is not opened: a path that is
 * absolute or climbs out of the folder (a report written with --out beside its run folders) stays shut.
 */
export function rowTracePath(reportDir: string, row: Pick<TaskRow, 'folder' | 'trace'>): TracePath {
  const named = path.join(row.folder, row.trace);
  const file = path.resolve(reportDir, named);
  const inside = path.relative(reportDir, file);
  const absolute = [row.folder, row.trace].some((p) => path.isAbsolute(p) || path.win32.isAbsolute(p));
  if (absolute || inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`)) {
    const message =
      `the trace ${JSON.stringify(named)} is outside the report's folder ${reportDir}, and a report opens ` +
      'traces only inside its own folder: write the report to a folder that holds its run folders (--out)';
    return { ok: false, message };
  }
  return { ok: true, file };
}
