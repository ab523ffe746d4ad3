// The trace of one solve: a self-contained, versioned record (task, model digest and schedule, provider,
// every step's summary) that opens again with no model present. Full y/z tensors are kept in memory only
// at supervision-step boundaries (checkpoints); inner steps are recomputed from them (engine.replay).

import type { Grid } from './arcTask';
import type { Bundle, Encoding, Schedule } from './bundle';
import type { Precision } from './manifest';
import type { Checkpoint } from './engine';
import { meanEntropy, movesOf, SKETCH_SIZE } from './stateMotion';
import type { Step } from './step';
import { stateFinite } from './finiteState';
import { failIn, JsonFields, type Range } from './jsonFields';

export const TRACE_FORMAT = 'trm-lens-trace';
/**
 * Version 2 writes NaN and infinities as strings where version 1 had only numbers; version 3 adds each
 * step's motion and per-cell entropy, which earlier versions lack (read as null); version 4 names the first
 * step whose halting rule fires `haltRuleFiresAt` (earlier: `haltedAt`), since in evaluation the reference
 * runs every supervision step and the rule only says where it would stop. All four are read.
 */
export const TRACE_FORMAT_VERSION = 4;
const READABLE_VERSIONS: readonly number[] = [1, 2, 3, TRACE_FORMAT_VERSION];

/**
 * The largest trace file opened: a trace is parsed whole on the extension host's thread. A full-size ARC
 * trace (30x30 canvas, 16 supervision steps x 3 cycles x 7 updates, 336 records) is about 18 MB; this
 * leaves room for longer schedules and stays well under what the host parses without stalling for long.
 */
export const MAX_TRACE_BYTES = 256 * 1024 * 1024;

export interface TraceHeader {
  readonly task: {
    readonly id: string;
    readonly testIndex: number;
    readonly input: Grid;
    readonly target: Grid | null;
  };
  readonly model: {
    readonly name: string;
    readonly digest: string;
    readonly family: string;
    /** the bundle's precision; absent in traces written before it was recorded, which were fp32 */
    readonly precision?: Precision;
    readonly schedule: Schedule;
    readonly encoding: Encoding;
    readonly hiddenSize: number;
    readonly puzzleEmbLen: number;
  };
  readonly provider: { readonly name: string; readonly skipped: readonly string[] };
  readonly identifier: { readonly index: number; readonly name: string };
  readonly createdAt: string;
}

export interface TraceFile {
  readonly format: typeof TRACE_FORMAT;
  readonly formatVersion: number;
  readonly header: TraceHeader;
  /** first supervision step whose halting rule fires (where it would stop the solve), or null */
  readonly haltRuleFiresAt: number | null;
  readonly steps: readonly Step[];
}

export function headerFor(
  bundle: Bundle,
  task: TraceHeader['task'],
  identifier: TraceHeader['identifier'],
): TraceHeader {
  const m = bundle.manifest;
  return {
    task,
    model: {
      name: m.name,
      digest: bundle.digest,
      family: m.family,
      precision: m.precision,
      schedule: m.schedule,
      encoding: m.encoding,
      hiddenSize: m.architecture.hiddenSize,
      puzzleEmbLen: m.architecture.puzzleEmbLen,
    },
    provider: { name: bundle.provider.name, skipped: bundle.provider.skipped },
    identifier,
    createdAt: new Date().toISOString(),
  };
}

/** Something to stop: what `onStep` returns (shaped as VS Code's Disposable, which src/core cannot name). */
export interface Subscription {
  dispose(): void;
}

/**
 * A trace being recorded (or imported): its steps, plus checkpoints when it was recorded here. It owns the
 * steps: whoever shows a trace listens for new ones here rather than keeping a list of its own.
 */
export class Trace {
  private readonly recorded: Step[] = [];
  private readonly listeners = new Set<(step: Step) => void>();
  readonly checkpoints: Checkpoint[] = [];

  constructor(readonly header: TraceHeader) {}

  get steps(): readonly Step[] {
    return this.recorded;
  }

  /** Appends the next step and tells every listener. */
  add(step: Step): void {
    this.recorded.push(step);
    for (const listener of this.listeners) listener(step);
  }

  /** Calls `listener` with each step added from now on. */
  onStep(listener: (step: Step) => void): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Where the halting rule would first stop; the solve itself runs on unless asked to stop at halt. */
  get haltRuleFiresAt(): number | null {
    return this.steps.find((s) => s.halts)?.supStep ?? null;
  }

  /** The checkpoint to replay record `index` from. */
  checkpointFor(index: number): Checkpoint | undefined {
    let best: Checkpoint | undefined;
    for (const c of this.checkpoints) if (c.firstIndex <= index) best = c;
    return best;
  }

  /** Bytes held by the trace in memory, roughly: checkpoints plus per-step arrays. */
  approximateBytes(): number {
    let bytes = 0;
    for (const c of this.checkpoints) bytes += c.y.byteLength + c.z.byteLength;
    const cells = (grid: readonly (readonly number[])[] | null) => (grid ? grid.length * (grid[0]?.length ?? 0) : 0);
    for (const s of this.steps) {
      // JS number arrays: 8 bytes an element; grids as nested arrays. Arrays steps share count once per step:
      // an upper bound.
      bytes += 8 * (s.confidence.length + s.yNormPerPos.length + s.zNormPerPos.length + s.changed.length);
      bytes += 8 * (cells(s.answer) + cells(s.latentAnswer) + (s.entropy?.length ?? 0)) + 200;
      if (s.motion) bytes += 8 * (s.motion.residualPerPos.length + s.motion.sketch.length) + 50;
    }
    return bytes;
  }

  toFile(): TraceFile {
    return {
      format: TRACE_FORMAT,
      formatVersion: TRACE_FORMAT_VERSION,
      header: this.header,
      haltRuleFiresAt: this.haltRuleFiresAt,
      steps: this.steps,
    };
  }

  /** Index of the first step after which y or z holds a NaN or an infinity, or null. */
  firstNonFinite(): number | null {
    const i = this.steps.findIndex((s) => !stateFinite(s));
    return i < 0 ? null : i;
  }

  static fromFile(file: TraceFile): Trace {
    const trace = new Trace(file.header);
    // A loop, not push(...steps): spreading 100,000+ arguments overflows the call stack.
    for (const step of file.steps) trace.add(step);
    return trace;
  }
}

const nonFiniteAsString = (_key: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);

const allFinite = (xs: readonly number[]) => xs.every(Number.isFinite);

/** Whether any measured number of a step is NaN or infinite (the header holds only checked integers). */
function stepHasNonFinite(s: Step): boolean {
  const scalars = [s.yNorm, s.zNorm, s.qHalt, s.qContinue, s.haltProb, s.ms, s.loss ?? 0, s.cellAccuracy ?? 0];
  const arrays = [s.confidence, s.yNormPerPos, s.zNormPerPos, s.entropy ?? []];
  const motion = s.motion ? [[s.motion.residual, s.motion.cosine], s.motion.residualPerPos, s.motion.sketch] : [];
  return !allFinite(scalars) || ![...arrays, ...motion].every(allFinite);
}

export function exportJson(trace: Trace): string {
  // A replacer slows JSON.stringify by half again; only a trace with a NaN or an infinity needs one.
  return JSON.stringify(trace.toFile(), trace.steps.some(stepHasNonFinite) ? nonFiniteAsString : undefined);
}

const CSV_COLUMNS = [
  'index',
  'supStep',
  'hCycle',
  'lCycle',
  'kind',
  'changed',
  'cellAccuracy',
  'exact',
  'loss',
  'haltProb',
  'qHalt',
  'halts',
  'yNorm',
  'zNorm',
  'ms',
  'dy',
  'dz',
  'cosY',
  'cosZ',
  'meanEntropy',
] as const;

/** A CSV cell: empty for null, NaN / Inf / -Inf as spreadsheets and pandas read them. */
function csvCell(v: number | boolean | null | string): string {
  if (v === null) return '';
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  return String(v);
}

/** One row per step; supervision step, cycle and latent update count from 1 as the panel shows them. */
export function exportCsv(trace: Trace): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const s of trace.steps) {
    const moves = movesOf(s);
    rows.push(
      [
        s.index,
        s.supStep + 1,
        s.hCycle + 1,
        s.lCycle === null ? null : s.lCycle + 1,
        s.kind,
        s.changed.length,
        s.cellAccuracy,
        s.exact,
        s.loss,
        s.haltProb,
        s.qHalt,
        s.halts,
        s.yNorm,
        s.zNorm,
        s.ms.toFixed(3),
        moves?.dy ?? null,
        moves?.dz ?? null,
        moves?.cosY ?? null,
        moves?.cosZ ?? null,
        meanEntropy(s.entropy),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return rows.join('\n') + '\n';
}

/** A trace file that is not one: the message names the file and the JSON path at fault. */
export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
}

const MB = 1024 * 1024;

/** Refuses a trace file of `bytes` bytes over MAX_TRACE_BYTES; call it before reading the file. */
export function checkTraceSize(bytes: number, file: string): void {
  if (bytes > MAX_TRACE_BYTES) {
    throw new TraceFormatError(
      `${file}: ${Math.ceil(bytes / MB)} MB is over the ${MAX_TRACE_BYTES / MB} MB a trace may have`,
    );
  }
}

/** A trace's integer ranges (indices from 0, sizes from 1), made once: the cell checks run millions of times. */
const FROM_0: Range = { min: 0 };
const FROM_1: Range = { min: 1 };

/** A grid of integers: one or more rows, all of the first row's width, which is at least 1. */
function checkGrid(f: JsonFields, v: unknown, at: string): void {
  if (!Array.isArray(v) || v.length === 0) f.fail(at, 'expected a non-empty grid');
  checkRows(f, v, at);
}

/**
 * A grid a model answered: it may be empty, as an ARC model answers when the top-left cell of its canvas
 * is end-of-row or padding (the crop is 0x0).
 */
function checkAnswerGrid(f: JsonFields, v: unknown, at: string): void {
  if (!Array.isArray(v)) f.fail(at, 'expected a grid (an empty one when the model answers no cell)');
  if (v.length > 0) checkRows(f, v, at);
}

/** Rows of integers, all of the first row's width, which is at least 1. */
function checkRows(f: JsonFields, v: unknown[], at: string): void {
  const rows = v as unknown[];
  const width = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : -1;
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== width || width === 0) {
      f.fail(`${at}[${r}]`, `expected a row of ${width} integers`);
    }
    (row as unknown[]).forEach((x, c) => {
      if (!Number.isInteger(x)) f.fail(`${at}[${r}][${c}]`, `expected an integer, got ${JSON.stringify(x)}`);
    });
  });
}

/**
 * Parses and validates an exported trace; `file` names it in errors. Every field the panel or debugger reads is
 * checked.
 */
export function importTrace(text: string, file: string): Trace {
  const fail = failIn(file, TraceFormatError);
  // Length in UTF-16 units is at most the byte count: an O(1) guard for callers that read without checking first.
  checkTraceSize(text.length, file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail('$', `not valid JSON: ${(e as Error).message}`);
  }
  const root = new JsonFields({ fail }).object(json, '$');
  if (root.format !== TRACE_FORMAT) fail('$.format', `expected "${TRACE_FORMAT}", got ${JSON.stringify(root.format)}`);
  if (!READABLE_VERSIONS.includes(root.formatVersion as number)) {
    fail(
      '$.formatVersion',
      `this TRM Lens reads trace format versions ${READABLE_VERSIONS.join(', ')}, ` +
        `got ${JSON.stringify(root.formatVersion)}`,
    );
  }
  // Version 2 spells NaN and infinities as strings; version 1 could not, and took any number JSON gives.
  const numbers = root.formatVersion === 1 ? 'any' : 'spelledNonFinite';
  const f = new JsonFields({ fail, numbers, quoteChoices: true });
  checkHeader(f, f.object(root.header, '$.header'));
  const haltField = (root.formatVersion as number) >= 4 ? 'haltRuleFiresAt' : 'haltedAt';
  if (root[haltField] !== null) f.int(root[haltField], `$.${haltField}`, FROM_0);
  const steps = f.list(root.steps, '$.steps', 'steps');
  const hasMotion = (root.formatVersion as number) >= 3;
  for (let i = 0; i < steps.length; i++) {
    const step = f.object(steps[i], `$.steps[${i}]`);
    checkStep(f, step, i);
    if (hasMotion) checkMotion(f, step, `$.steps[${i}]`);
    else [step.motion, step.entropy] = [null, null];
  }
  return Trace.fromFile(root as unknown as TraceFile);
}

function checkHeader(f: JsonFields, header: Record<string, unknown>): void {
  const task = f.object(header.task, '$.header.task');
  f.string(task.id, '$.header.task.id');
  f.int(task.testIndex, '$.header.task.testIndex', FROM_0);
  checkGrid(f, task.input, '$.header.task.input');
  if (task.target !== null) checkGrid(f, task.target, '$.header.task.target');
  const model = f.object(header.model, '$.header.model');
  f.string(model.name, '$.header.model.name');
  if (!/^[0-9a-f]{64}$/.test(f.string(model.digest, '$.header.model.digest')))
    f.fail('$.header.model.digest', 'expected 64 hex digits');
  f.oneOf(model.family, '$.header.model.family', ['trm', 'hrm']);
  if (model.precision !== undefined) f.oneOf(model.precision, '$.header.model.precision', ['fp32', 'bf16']);
  const schedule = f.object(model.schedule, '$.header.model.schedule');
  for (const k of ['hCycles', 'lCycles', 'haltMaxSteps']) f.int(schedule[k], `$.header.model.schedule.${k}`, FROM_1);
  f.oneOf(schedule.haltRule, '$.header.model.schedule.haltRule', ['q_halt_positive', 'q_halt_gt_continue']);
  checkEncoding(f, f.object(model.encoding, '$.header.model.encoding'));
  f.int(model.hiddenSize, '$.header.model.hiddenSize', FROM_1);
  f.int(model.puzzleEmbLen, '$.header.model.puzzleEmbLen', FROM_0);
  const provider = f.object(header.provider, '$.header.provider');
  f.string(provider.name, '$.header.provider.name');
  f.list(provider.skipped, '$.header.provider.skipped', 'strings').forEach((s, i) => {
    f.string(s, `$.header.provider.skipped[${i}]`);
  });
  const identifier = f.object(header.identifier, '$.header.identifier');
  f.int(identifier.index, '$.header.identifier.index', FROM_0);
  f.string(identifier.name, '$.header.identifier.name');
  f.string(header.createdAt, '$.header.createdAt');
}

function checkEncoding(f: JsonFields, e: Record<string, unknown>): void {
  const at = '$.header.model.encoding';
  const layout = f.oneOf(e.layout, `${at}.layout`, ['fixed', 'arc-eos']);
  f.int(e.height, `${at}.height`, FROM_1);
  f.int(e.width, `${at}.width`, FROM_1);
  f.int(e.padToken, `${at}.padToken`, FROM_0);
  if (layout === 'arc-eos' || e.eosToken !== null) f.int(e.eosToken, `${at}.eosToken`, FROM_0);
  f.int(e.valueOffset, `${at}.valueOffset`, FROM_0);
  const numValues = f.int(e.numValues, `${at}.numValues`, FROM_1);
  f.oneOf(e.palette, `${at}.palette`, ['arc', 'digits', 'maze']);
  const labels = e.cellLabels;
  if (
    labels !== null &&
    (!Array.isArray(labels) || labels.length !== numValues || !labels.every((x) => typeof x === 'string'))
  ) {
    f.fail(`${at}.cellLabels`, `expected null or ${numValues} strings`);
  }
}

function checkStep(f: JsonFields, s: Record<string, unknown>, i: number): void {
  const at = `$.steps[${i}]`;
  if (s.index !== i) f.fail(`${at}.index`, `expected ${i}`);
  for (const k of ['supStep', 'hCycle']) f.int(s[k], `${at}.${k}`, FROM_0);
  if (s.kind !== 'latent' && s.kind !== 'answer') f.fail(`${at}.kind`, 'expected "latent" or "answer"');
  if (s.kind === 'latent' ? !Number.isSafeInteger(s.lCycle) || (s.lCycle as number) < 0 : s.lCycle !== null) {
    f.fail(`${at}.lCycle`, 'expected an integer >= 0 for a latent update, null for an answer update');
  }
  checkAnswerGrid(f, s.answer, `${at}.answer`);
  if (s.latentAnswer !== null) checkAnswerGrid(f, s.latentAnswer, `${at}.latentAnswer`);
  for (const k of ['yNorm', 'zNorm', 'qHalt', 'qContinue', 'haltProb', 'ms']) s[k] = f.number(s[k], `${at}.${k}`);
  for (const k of ['confidence', 'yNormPerPos', 'zNormPerPos']) f.numbers(s[k], `${at}.${k}`);
  f.list(s.changed, `${at}.changed`, 'cell indices').forEach((c, j) => f.int(c, `${at}.changed[${j}]`, FROM_0));
  if (typeof s.halts !== 'boolean') f.fail(`${at}.halts`, 'expected true or false');
  for (const k of ['loss', 'cellAccuracy']) if (s[k] !== null) s[k] = f.number(s[k], `${at}.${k}`);
  if (s.exact !== null && typeof s.exact !== 'boolean') f.fail(`${at}.exact`, 'expected true, false or null');
}

/** A version 3 step's motion (null, or the measures of the state the update changed) and entropy. */
function checkMotion(f: JsonFields, s: Record<string, unknown>, at: string): void {
  if (s.motion !== null) {
    const m = f.object(s.motion, `${at}.motion`);
    for (const k of ['residual', 'cosine']) m[k] = f.number(m[k], `${at}.motion.${k}`);
    f.numbers(m.residualPerPos, `${at}.motion.residualPerPos`);
    if (f.numbers(m.sketch, `${at}.motion.sketch`).length !== SKETCH_SIZE) {
      f.fail(`${at}.motion.sketch`, `expected ${SKETCH_SIZE} numbers`);
    }
  }
  if (s.entropy !== null) f.numbers(s.entropy, `${at}.entropy`);
}
