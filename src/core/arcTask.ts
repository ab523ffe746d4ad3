// ARC tasks: parsing and validating the files a researcher opens, with every problem named by its JSON
// path and character range so the editor can underline it and the CLI can print FILE:LINE:COL.
//
// Public API
//   type Grid = readonly (readonly number[])[]      rows of integers 0..9; 1..30 rows of 1..30 columns
//   interface ArcPair { input: Grid; output?: Grid }  output absent for an unsolved test input
//   interface ArcTask { id; train: ArcPair[]; test: ArcPair[] }   (every train pair has an output; "train"
//     may be empty or missing, as in Sudoku and Maze puzzles, which have no demonstrations)
//   interface TaskProblem { message; path: "$.train[2].output[3][5]"; offset; length }
//     offset/length: the whole offending node in the text (for an object or array, from its opening to
//     its closing bracket; an editor may prefer to underline only the first line). A missing key is
//     reported on the object that lacks it. Refusals (too large) have path "$", offset 0, length 0.
//   type TaskParse = { ok: true; task; advice } | { ok: false; problems }   problems: non-empty, at most
//     LIMITS.maxProblems plus one closing note when there were more; advice: located warnings about a
//     valid task (no demonstration pairs, which an ARC task needs and a Sudoku or Maze puzzle lacks)
//   parseTask(text, id): TaskParse                  a single-task file ({"train": [...], "test": [...]})
//   isCombinedFile(text): boolean                   cheap sniff of the first tokens: true when the file is
//     an object whose first key is not "train"/"test" and whose first value is an object starting with
//     "train" or "test" (a Kaggle "combined" file, keyed by task id), false otherwise
//   parseCombined(text): CombinedParse              { ok: true; ids; task(id, solutions?) } or problems;
//     task(id) validates lazily, with paths into the combined file ($["007bbfb7"].train[0]...); given
//     solutions that hold the id, the test outputs are filled in (a count mismatch is a problem on
//     $["id"].test); an id the solutions lack opens without test outputs
//   parseSolutions(text): SolutionsParse            a `*_solutions.json`: { taskId: [output grid per test input] }
//     -> { ok: true; solutions: Solutions (a ReadonlyMap id -> grids) } or problems
//   checkSolutions(solutionsText, solutions, combined): TaskProblem[]   cross-checks a solutions file
//     against its challenges (unknown ids, missing ids, count mismatches), ranges in the solutions text,
//     in document order
//   withSolutions(task, outputs): ArcTask           outputs.length must equal task.test.length (else RangeError)
//   LIMITS                                          maxBytes (refused at or above), maxDepth, maxGridSide,
//     maxProblems
//   sizeProblem(byteLength): TaskProblem | undefined   the refusal for a file size, for callers that can
//     stat a file before reading it
//
// Unknown keys (in a task, a pair) are ignored, as the JSON Schema in schemas/arc-task.schema.json does;
// but a key repeated in one object is a problem (path: the object; range: the repeat), and nesting deeper
// than LIMITS.maxDepth is refused wherever it is.

import { createScanner, SyntaxKind } from 'jsonc-parser';
import {
  locateProblems,
  readJson,
  sizeProblem as jsonSizeProblem,
  type JsonLimits,
  type JsonProblem,
  type ValueProblem,
} from './jsonDocument';
import { quote, type JsonPath } from './jsonPath';

export type Grid = readonly (readonly number[])[];
export interface ArcPair {
  readonly input: Grid;
  readonly output?: Grid;
}
export interface ArcTask {
  readonly id: string;
  readonly train: readonly ArcPair[];
  readonly test: readonly ArcPair[];
}
export type TaskProblem = JsonProblem;
export type TaskParse =
  | { readonly ok: true; readonly task: ArcTask; readonly advice: readonly TaskProblem[] }
  | { readonly ok: false; readonly problems: readonly TaskProblem[] };
type Failure = { readonly ok: false; readonly problems: readonly TaskProblem[] };

export interface CombinedFile {
  /** Task ids in file order. */
  readonly ids: readonly string[];
  task(id: string, solutions?: Solutions): TaskParse;
}
export type CombinedParse = ({ readonly ok: true } & CombinedFile) | Failure;

/** Test output grids by task id, in test-input order. */
export type Solutions = ReadonlyMap<string, readonly Grid[]>;
export type SolutionsParse = { readonly ok: true; readonly solutions: Solutions } | Failure;

export const LIMITS = {
  maxBytes: 50 * 1024 * 1024,
  /** A combined file nests 6 deep (file, task, train, pair, grid, row); 16 leaves room, refuses abuse. */
  maxDepth: 16,
  maxGridSide: 30,
  /** Validation stops after this many problems, so a huge bad file stays cheap to report. */
  maxProblems: 100,
} as const satisfies JsonLimits & { readonly maxGridSide: number; readonly maxProblems: number };

export function sizeProblem(byteLength: number): TaskProblem | undefined {
  return jsonSizeProblem(byteLength, LIMITS.maxBytes);
}

export function parseTask(text: string, id: string): TaskParse {
  const read = readJson(text, LIMITS);
  if (!read.ok) return read;
  const duplicates = read.duplicateKeys.map((duplicate) => duplicate.problem);
  const readValue = (findings: Findings) => readTask(read.value, [], id, findings);
  return validated(text, duplicates, readValue, (task, advice) => ({ ok: true, task, advice }));
}

export function isCombinedFile(text: string): boolean {
  const scanner = createScanner(text, true);
  const isTaskKey = () => scanner.scan() === SyntaxKind.StringLiteral && TASK_KEYS.has(scanner.getTokenValue());
  if (scanner.scan() !== SyntaxKind.OpenBraceToken) return false;
  if (scanner.scan() !== SyntaxKind.StringLiteral || TASK_KEYS.has(scanner.getTokenValue())) return false;
  return scanner.scan() === SyntaxKind.ColonToken && scanner.scan() === SyntaxKind.OpenBraceToken && isTaskKey();
}

const TASK_KEYS = new Set(['train', 'test']);

export function parseCombined(text: string): CombinedParse {
  const read = readJson(text, LIMITS);
  if (!read.ok) return read;
  const root = read.value;
  if (!isPlainObject(root))
    return located(text, [{ path: [], message: `expected an object keyed by task id, got ${describe(root)}` }]);
  const ids = Object.keys(root);
  if (ids.length === 0) return located(text, [{ path: [], message: 'no tasks: the object is empty' }]);
  const duplicateIds = read.duplicateKeys.filter((duplicate) => duplicate.container.length === 0);
  if (duplicateIds.length > 0) return { ok: false, problems: duplicateIds.map((duplicate) => duplicate.problem) };
  const task = (id: string, solutions?: Solutions): TaskParse => {
    if (!Object.hasOwn(root, id)) {
      const message = `no task ${quote(id)} in this file`;
      return { ok: false, problems: [{ message, path: '$', offset: 0, length: 0 }] };
    }
    const outputs = solutions?.get(id);
    const duplicates = read.duplicateKeys.filter((duplicate) => duplicate.container[0] === id).map((d) => d.problem);
    return validated(
      text,
      duplicates,
      (findings) => {
        const parsed = readTask(root[id], [id], id, findings);
        if (!parsed || !outputs || outputs.length === parsed.test.length) return parsed;
        const inputs = parsed.test.length;
        findings.add(
          [id, 'test'],
          `the solutions file has ${count(outputs.length, 'output grid')} for this task, ` +
            `but "test" has ${count(inputs, 'input')}`,
        );
        return undefined;
      },
      (parsed, advice) => ({ ok: true, task: outputs ? withSolutions(parsed, outputs) : parsed, advice }),
    );
  };
  return { ok: true, ids, task };
}

export function parseSolutions(text: string): SolutionsParse {
  const read = readJson(text, LIMITS);
  if (!read.ok) return read;
  const root = read.value;
  return validated(
    text,
    read.duplicateKeys.map((duplicate) => duplicate.problem),
    (findings) => {
      if (!isPlainObject(root)) {
        findings.add([], `expected an object mapping task id to a list of output grids, got ${describe(root)}`);
        return undefined;
      }
      const solutions = new Map<string, readonly Grid[]>();
      for (const [id, value] of Object.entries(root)) {
        if (findings.full) break;
        const grids = readList(value, [id], OUTPUT_GRIDS, findings, readGrid);
        if (grids) solutions.set(id, grids);
      }
      return findings.empty ? solutions : undefined;
    },
    (solutions) => ({ ok: true, solutions }),
  );
}

export function checkSolutions(solutionsText: string, solutions: Solutions, combined: CombinedFile): TaskProblem[] {
  const findings = new Findings(LIMITS.maxProblems);
  const known = new Set(combined.ids);
  for (const id of solutions.keys()) {
    if (!known.has(id)) findings.add([id], `no task ${quote(id)} in the challenges file`);
  }
  for (const id of combined.ids) {
    const outputs = solutions.get(id);
    if (!outputs) {
      findings.add([], `no solutions for task ${quote(id)}`);
      continue;
    }
    const parsed = combined.task(id);
    if (parsed.ok && parsed.task.test.length !== outputs.length) {
      const inputs = count(parsed.task.test.length, 'test input');
      findings.add([id], `${count(outputs.length, 'output grid')}, but task ${quote(id)} has ${inputs}`);
    }
  }
  return findings.empty ? [] : findings.locate(solutionsText).sort((a, b) => a.offset - b.offset);
}

export function withSolutions(task: ArcTask, outputs: readonly Grid[]): ArcTask {
  if (outputs.length !== task.test.length) {
    const given = `${outputs.length} outputs were given`;
    throw new RangeError(`task ${quote(task.id)} has ${task.test.length} test inputs but ${given}`);
  }
  return { ...task, test: task.test.map((pair, i) => ({ input: pair.input, output: outputs[i]! })) };
}

/**
 * Problems found while reading a value, capped so a huge bad file stays cheap. Problems located before
 * the read (duplicate keys, whose places the scan of the text knows) come first.
 */
class Findings {
  private readonly found: ValueProblem[] = [];
  private readonly advice: ValueProblem[] = [];

  constructor(
    private readonly cap: number,
    private readonly known: readonly TaskProblem[] = [],
  ) {}

  /** True once there are more problems than the cap: readers stop looking. */
  get full(): boolean {
    return this.size > this.cap;
  }

  get size(): number {
    return this.known.length + this.found.length;
  }

  get empty(): boolean {
    return this.size === 0;
  }

  add(path: JsonPath, message: string): void {
    if (!this.full) this.found.push({ path, message });
  }

  /** A warning about a valid value: it never makes the read fail. */
  advise(path: JsonPath, message: string): void {
    this.advice.push({ path, message });
  }

  locateAdvice(text: string): TaskProblem[] {
    return locateProblems(text, this.advice, LIMITS);
  }

  locate(text: string): TaskProblem[] {
    const known = this.known.slice(0, this.cap);
    const problems = [...known, ...locateProblems(text, this.found.slice(0, this.cap - known.length), LIMITS)];
    if (this.full) {
      problems.push({
        message: `more problems not listed: only the first ${this.cap} are`,
        path: '$',
        offset: 0,
        length: 0,
      });
    }
    return problems;
  }
}

/** Runs a reader; its result counts only if it found no problems, which are otherwise located in `text`. */
function validated<T, R>(
  text: string,
  known: readonly TaskProblem[],
  read: (findings: Findings) => T | undefined,
  ok: (value: T, advice: TaskProblem[]) => R,
): R | Failure {
  const findings = new Findings(LIMITS.maxProblems, known);
  const value = read(findings);
  if (value !== undefined && findings.empty) return ok(value, findings.locateAdvice(text));
  return { ok: false, problems: findings.empty ? [internalProblem()] : findings.locate(text) };
}

function internalProblem(): TaskProblem {
  return { message: 'internal error: validation failed without a reason', path: '$', offset: 0, length: 0 };
}

function located(text: string, found: ValueProblem[]): Failure {
  return { ok: false, problems: locateProblems(text, found, LIMITS) };
}

function readTask(value: unknown, path: JsonPath, id: string, findings: Findings): ArcTask | undefined {
  if (!isPlainObject(value)) {
    findings.add(path, `expected a task {"train": [...], "test": [...]}, got ${describe(value)}`);
    return undefined;
  }
  const train = readTrain(value, path, findings);
  const test = readMember(value, path, 'test', findings, (v, p, f) =>
    readList(v, p, PAIRS, f, (pair, pairPath, pf) => readPair(pair, pairPath, false, pf)),
  );
  return train && test ? { id, train, test } : undefined;
}

/** The demonstrations: an empty or missing "train" is valid (Sudoku, Maze), with advice for ARC. */
function readTrain(task: Record<string, unknown>, path: JsonPath, findings: Findings): ArcPair[] | undefined {
  const present = Object.hasOwn(task, 'train');
  const trainPath = [...path, 'train'];
  const value = present ? task.train : [];
  if (Array.isArray(value) && value.length === 0) {
    findings.advise(present ? trainPath : path, NO_DEMONSTRATIONS);
    return [];
  }
  return readList(value, trainPath, PAIRS, findings, (pair, pairPath, pf) => readPair(pair, pairPath, true, pf));
}

const NO_DEMONSTRATIONS =
  'no demonstration pairs: fine for a Sudoku or Maze puzzle, but an ARC task shows its rule by "train" pairs';

function readPair(value: unknown, path: JsonPath, needsOutput: boolean, findings: Findings): ArcPair | undefined {
  if (!isPlainObject(value)) {
    findings.add(path, `expected a pair {"input": grid, "output": grid}, got ${describe(value)}`);
    return undefined;
  }
  const input = readMember(value, path, 'input', findings, readGrid);
  if (!needsOutput && !Object.hasOwn(value, 'output')) return input && { input };
  const output = readMember(value, path, 'output', findings, readGrid);
  return input && output ? { input, output } : undefined;
}

function readMember<T>(
  object: Record<string, unknown>,
  path: JsonPath,
  key: string,
  findings: Findings,
  read: (value: unknown, path: JsonPath, findings: Findings) => T | undefined,
): T | undefined {
  if (!Object.hasOwn(object, key)) {
    findings.add(path, `missing "${key}"`);
    return undefined;
  }
  return read(object[key], [...path, key], findings);
}

/** How messages name a list and its smallest allowed content. */
interface ListKind {
  readonly what: string;
  readonly atLeast: string;
}
const PAIRS: ListKind = { what: 'an array of pairs', atLeast: 'at least one pair' };
const OUTPUT_GRIDS: ListKind = {
  what: 'a list of output grids, one per test input',
  atLeast: 'at least one output grid',
};

/** A non-empty array whose every item `read` accepts. */
function readList<T>(
  value: unknown,
  path: JsonPath,
  kind: ListKind,
  findings: Findings,
  read: (item: unknown, path: JsonPath, findings: Findings) => T | undefined,
): T[] | undefined {
  const name = nameOf(path);
  if (!Array.isArray(value)) {
    findings.add(path, `${name} must be ${kind.what}, got ${describe(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    findings.add(path, `${name} is empty: it needs ${kind.atLeast}`);
    return undefined;
  }
  const list: T[] = [];
  for (let i = 0; i < value.length && !findings.full; i++) {
    const item = read(value[i], [...path, i], findings);
    if (item !== undefined) list.push(item);
  }
  return list.length === value.length ? list : undefined;
}

function readGrid(value: unknown, path: JsonPath, findings: Findings): Grid | undefined {
  if (!Array.isArray(value)) {
    findings.add(path, `expected a grid (an array of rows), got ${describe(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    findings.add(path, 'grid is empty: it needs at least one row');
    return undefined;
  }
  const before = findings.size;
  const rows = value as unknown[];
  const reference = rows.findIndex((row) => Array.isArray(row) && row.length > 0);
  const width = reference >= 0 ? (rows[reference] as unknown[]).length : 0;
  let widest = 0;
  for (const row of rows) if (Array.isArray(row)) widest = Math.max(widest, row.length);
  const side = LIMITS.maxGridSide;
  if (rows.length > side || widest > side) {
    findings.add(path, `grid is ${rows.length}x${widest} (rows x columns): at most ${side}x${side} is allowed`);
  }
  for (let r = 0; r < rows.length && !findings.full; r++) readRow(rows, r, path, reference, width, findings);
  return findings.size === before ? (rows as Grid) : undefined;
}

/** Row `r` of `rows` (the grid at `gridPath`); paths are only built for problems, as grids can be huge. */
function readRow(
  rows: readonly unknown[],
  r: number,
  gridPath: JsonPath,
  reference: number,
  width: number,
  findings: Findings,
): void {
  const value = rows[r];
  const path = (): JsonPath => [...gridPath, r];
  if (!Array.isArray(value)) {
    findings.add(path(), `expected a row (an array of integers 0-9), got ${describe(value)}`);
    return;
  }
  if (value.length === 0) {
    findings.add(path(), 'row is empty: it needs at least one cell');
    return;
  }
  if (value.length !== width) {
    findings.add(path(), `row has ${count(value.length, 'cell')}, but row ${reference} has ${width}`);
  }
  for (let c = 0; c < value.length && !findings.full; c++) {
    const cell: unknown = value[c];
    if (!(typeof cell === 'number' && Number.isInteger(cell) && cell >= 0 && cell <= 9)) {
      findings.add([...path(), c], `expected an integer 0-9, got ${describe(cell)}`);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a value shows in a message: numbers and short strings as written, containers by kind. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return quote(value.length > 20 ? `${value.slice(0, 20)}...` : value);
  return String(value);
}

/** `"train"` for `[..., "train"]`, `item 3` for `[..., 3]`, `the file` for `[]`. */
function nameOf(path: JsonPath): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the file';
  return typeof last === 'number' ? `item ${last}` : quote(last);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
