// The trace of one solve: a self-contained, versioned record (task, model digest and schedule, provider,
// every step's summary) that opens again with no model present. Full y/z tensors are kept in memory only
// at supervision-step boundaries (checkpoints); inner steps are recomputed from them (engine.replay).

import type { Grid } from './arcTask';
import type { Bundle, Encoding, Schedule } from './bundle';
import type { Checkpoint, StepRecord } from './engine';

export const TRACE_FORMAT = 'trm-lens-trace';
export const TRACE_FORMAT_VERSION = 1;

export interface TraceHeader {
  readonly task: { readonly id: string; readonly testIndex: number; readonly input: Grid; readonly target: Grid | null };
  readonly model: {
    readonly name: string;
    readonly digest: string;
    readonly family: string;
    readonly schedule: Schedule;
    readonly encoding: Encoding;
    readonly hiddenSize: number;
    readonly puzzleEmbLen: number;
  };
  readonly provider: { readonly name: string; readonly skipped: readonly string[] };
  readonly identifier: { readonly index: number; readonly name: string };
  readonly createdAt: string;
}

/** A step as stored in a trace file: the engine's record with its typed arrays as plain arrays. */
export type StoredStep = Omit<StepRecord, 'confidence' | 'yNormPerPos' | 'zNormPerPos'> & {
  readonly confidence: number[];
  readonly yNormPerPos: number[];
  readonly zNormPerPos: number[];
};

export interface TraceFile {
  readonly format: typeof TRACE_FORMAT;
  readonly formatVersion: typeof TRACE_FORMAT_VERSION;
  readonly header: TraceHeader;
  /** first supervision step whose halting rule fires, or null */
  readonly haltedAt: number | null;
  readonly steps: readonly StoredStep[];
}

export function headerFor(bundle: Bundle, task: TraceHeader['task'], identifier: TraceHeader['identifier']): TraceHeader {
  const m = bundle.manifest;
  return {
    task,
    model: {
      name: m.name, digest: bundle.digest, family: m.family, schedule: m.schedule, encoding: m.encoding,
      hiddenSize: m.architecture.hiddenSize, puzzleEmbLen: m.architecture.puzzleEmbLen,
    },
    provider: { name: bundle.provider.name, skipped: bundle.provider.skipped },
    identifier,
    createdAt: new Date().toISOString(),
  };
}

/** A trace being recorded (or imported): step records, plus checkpoints when it was recorded here. */
export class Trace {
  readonly steps: StoredStep[] = [];
  readonly checkpoints: Checkpoint[] = [];

  constructor(readonly header: TraceHeader) {}

  add(record: StepRecord): StoredStep {
    const step: StoredStep = {
      ...record,
      confidence: Array.from(record.confidence),
      yNormPerPos: Array.from(record.yNormPerPos),
      zNormPerPos: Array.from(record.zNormPerPos),
    };
    this.steps.push(step);
    return step;
  }

  get haltedAt(): number | null {
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
    for (const s of this.steps) {
      // JS number arrays: 8 bytes an element; grids as nested arrays.
      bytes += 8 * (s.confidence.length + s.yNormPerPos.length + s.zNormPerPos.length + s.changed.length);
      bytes += 8 * s.answer.length * (s.answer[0]?.length ?? 0) + 200;
    }
    return bytes;
  }

  toFile(): TraceFile {
    return { format: TRACE_FORMAT, formatVersion: TRACE_FORMAT_VERSION, header: this.header, haltedAt: this.haltedAt, steps: this.steps };
  }

  static fromFile(file: TraceFile): Trace {
    const trace = new Trace(file.header);
    trace.steps.push(...file.steps);
    return trace;
  }
}

export function exportJson(trace: Trace): string {
  return JSON.stringify(trace.toFile());
}

const CSV_COLUMNS = ['index', 'supStep', 'hCycle', 'lCycle', 'kind', 'changed', 'cellAccuracy', 'exact', 'loss', 'haltProb', 'qHalt', 'halts', 'yNorm', 'zNorm', 'ms'] as const;

/** One row per step; supervision step, cycle and latent update count from 1 as the panel shows them. */
export function exportCsv(trace: Trace): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const s of trace.steps) {
    const cell = (v: number | boolean | null | string) => (v === null ? '' : String(v));
    rows.push([
      s.index, s.supStep + 1, s.hCycle + 1, s.lCycle === null ? '' : s.lCycle + 1, s.kind, s.changed.length,
      cell(s.cellAccuracy), cell(s.exact), cell(s.loss), s.haltProb, s.qHalt, s.halts, s.yNorm, s.zNorm, s.ms.toFixed(3),
    ].map((v) => cell(v as number)).join(','));
  }
  return rows.join('\n') + '\n';
}

/** A trace file that is not one: the message names the file and the JSON path at fault. */
export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
}

/** Parses and validates an exported trace; `file` names it in errors. */
export function importTrace(text: string, file: string): Trace {
  const fail = (at: string, what: string): never => {
    throw new TraceFormatError(`${file}: ${at}: ${what}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail('$', `not valid JSON: ${(e as Error).message}`);
  }
  const obj = (v: unknown, at: string): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(at, 'expected an object');
  const root = obj(json, '$');
  if (root.format !== TRACE_FORMAT) fail('$.format', `expected "${TRACE_FORMAT}", got ${JSON.stringify(root.format)}`);
  if (root.formatVersion !== TRACE_FORMAT_VERSION) fail('$.formatVersion', `this TRM Lens reads trace format version ${TRACE_FORMAT_VERSION}, got ${JSON.stringify(root.formatVersion)}`);
  const header = obj(root.header, '$.header');
  const task = obj(header.task, '$.header.task');
  checkGrid(task.input, '$.header.task.input', fail);
  if (task.target !== null) checkGrid(task.target, '$.header.task.target', fail);
  const model = obj(header.model, '$.header.model');
  const schedule = obj(model.schedule, '$.header.model.schedule');
  for (const k of ['hCycles', 'lCycles', 'haltMaxSteps']) {
    if (!Number.isInteger(schedule[k]) || (schedule[k] as number) < 1) fail(`$.header.model.schedule.${k}`, 'expected a positive integer');
  }
  obj(model.encoding, '$.header.model.encoding');
  obj(header.provider, '$.header.provider');
  if (!Array.isArray(root.steps)) fail('$.steps', 'expected a list of steps');
  const steps = root.steps as unknown[];
  steps.forEach((raw, i) => checkStep(obj(raw, `$.steps[${i}]`), i, fail));
  return Trace.fromFile(root as unknown as TraceFile);
}

type Fail = (at: string, what: string) => never;

function checkGrid(v: unknown, at: string, fail: Fail): void {
  if (!Array.isArray(v) || v.length === 0) fail(at, 'expected a non-empty grid');
  const rows = v as unknown[];
  const width = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : -1;
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== width) fail(`${at}[${r}]`, `expected a row of ${width} integers`);
    (row as unknown[]).forEach((x, c) => {
      if (!Number.isInteger(x)) fail(`${at}[${r}][${c}]`, `expected an integer, got ${JSON.stringify(x)}`);
    });
  });
}

function checkStep(s: Record<string, unknown>, i: number, fail: Fail): void {
  const at = `$.steps[${i}]`;
  if (s.index !== i) fail(`${at}.index`, `expected ${i}`);
  for (const k of ['supStep', 'hCycle']) if (!Number.isInteger(s[k]) || (s[k] as number) < 0) fail(`${at}.${k}`, 'expected an integer >= 0');
  if (s.kind !== 'latent' && s.kind !== 'answer') fail(`${at}.kind`, 'expected "latent" or "answer"');
  if (s.kind === 'latent' ? !Number.isInteger(s.lCycle) : s.lCycle !== null) fail(`${at}.lCycle`, 'expected an integer for a latent update, null for an answer update');
  checkGrid(s.answer, `${at}.answer`, fail);
  for (const k of ['yNorm', 'zNorm', 'haltProb', 'qHalt', 'ms']) if (typeof s[k] !== 'number') fail(`${at}.${k}`, 'expected a number');
  for (const k of ['confidence', 'changed', 'yNormPerPos', 'zNormPerPos']) {
    if (!Array.isArray(s[k]) || !(s[k] as unknown[]).every((x) => typeof x === 'number')) fail(`${at}.${k}`, 'expected a list of numbers');
  }
  if (typeof s.halts !== 'boolean') fail(`${at}.halts`, 'expected true or false');
  for (const k of ['loss', 'cellAccuracy']) if (s[k] !== null && typeof s[k] !== 'number') fail(`${at}.${k}`, 'expected a number or null');
  if (s.exact !== null && typeof s.exact !== 'boolean') fail(`${at}.exact`, 'expected true, false or null');
}
