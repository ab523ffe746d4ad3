// A bundle's manifest.json (docs/bundle-format.md), validated field by field: every shape, schedule and
// count has a finite range, so a manifest cannot make a solve run for hours or allocate without bound.

import * as path from 'node:path';
import { BundleError } from './bundleError';
import { MissingFileError, readBundleFile } from './bundleFiles';
import { readJson } from './jsonDocument';
import { failIn, JsonFields } from './jsonFields';
import { LineIndex } from './textPosition';

export const BUNDLE_FORMAT = 'trm-lens-bundle';
/** The version the exporter writes for a model with a puzzle-embedding table (in its own file). */
export const BUNDLE_FORMAT_VERSION = 2;
/** 1: the table (if any) inside embed.onnx, which takes `puzzle_ids`; 2: the table in `identifiers.table`. */
export const READABLE_BUNDLE_VERSIONS = [1, 2] as const;
export type BundleVersion = (typeof READABLE_BUNDLE_VERSIONS)[number];

/** Allowed ranges of the manifest's numbers (docs/bundle-format.md has the same table). */
export const MANIFEST_LIMITS = {
  hiddenSize: { min: 1, max: 8192 },
  seqLen: { min: 1, max: 4096 },
  puzzleEmbLen: { min: 0, max: 256 },
  vocabSize: { min: 2, max: 4096 },
  hCycles: { min: 1, max: 64 },
  lCycles: { min: 1, max: 64 },
  haltMaxSteps: { min: 1, max: 64 },
  /** haltMaxSteps x hCycles x (lCycles + 1): latent and answer updates of one full solve */
  updatesPerSolve: { min: 1, max: 20_000 },
  canvasSide: { min: 1, max: 4096 },
  identifierNames: { min: 1, max: 4_000_000 },
  /** rows of the puzzle-embedding table file (at least as many as identifiers.names) */
  tableRows: { min: 1, max: 4_000_000 },
  manifestBytes: { min: 1, max: 256 * 1024 * 1024 },
} as const;

export type Palette = 'arc' | 'digits' | 'maze';

export interface Encoding {
  readonly layout: 'fixed' | 'arc-eos';
  readonly height: number;
  readonly width: number;
  readonly padToken: number;
  readonly eosToken: number | null;
  readonly valueOffset: number;
  readonly numValues: number;
  readonly palette: Palette;
  readonly cellLabels: readonly string[] | null;
}

export interface Schedule {
  readonly hCycles: number;
  readonly lCycles: number;
  readonly haltMaxSteps: number;
  readonly haltRule: 'q_halt_positive' | 'q_halt_gt_continue';
}

export interface Architecture {
  readonly hiddenSize: number;
  readonly seqLen: number;
  readonly puzzleEmbLen: number;
  readonly vocabSize: number;
}

/** Where a version-2 bundle keeps its puzzle-embedding table: rows x dim float32, little-endian, row-major. */
export interface PuzzleTableEntry {
  readonly file: string;
  readonly dtype: 'float32';
  readonly rows: number;
  readonly dim: number;
}

/** How the graphs round: fp32 throughout, or to bf16 where a forward_dtype bfloat16 run stores. */
export type Precision = 'fp32' | 'bf16';

export interface Manifest {
  readonly formatVersion: BundleVersion;
  readonly name: string;
  readonly family: 'trm' | 'hrm';
  readonly precision: Precision;
  readonly architecture: Architecture;
  readonly schedule: Schedule;
  readonly encoding: Encoding;
  readonly loss: {
    readonly lm: 'softmax' | 'stablemax';
    readonly haltWeight: number;
    readonly ignorePadLabels: boolean;
  };
  readonly identifiers: {
    readonly scope: string;
    readonly names: readonly string[];
    /** null in a version-1 bundle: its table, if any, is inside embed.onnx */
    readonly table: PuzzleTableEntry | null;
  };
  readonly graphs: {
    readonly embed: string;
    readonly latentNet: string;
    readonly answerNet: string;
    readonly heads: string;
  };
  readonly initialState: { readonly y: Float32Array; readonly z: Float32Array };
  readonly card: Readonly<Record<string, unknown>>;
}

type Json = unknown;

/** The manifest's reader: it is written by hand or by an exporter, so each failure shows the value found. */
const manifestFields = (file: string) => new JsonFields({ fail: failIn(file, BundleError), showFound: true });

/** An initial state vector: `length` finite numbers, held as float32 as the graphs take them. */
function floats(r: JsonFields, v: Json, at: string, length: number): Float32Array {
  if (!Array.isArray(v) || v.length !== length || !v.every(Number.isFinite)) {
    r.fail(at, `expected ${length} finite numbers (hiddenSize)`);
  }
  return Float32Array.from(v as number[]);
}

/** The manifest's JSON, a leading UTF-8 byte order mark allowed; syntax errors as `file:LINE:COL: ...`. */
function parseJson(text: string, file: string): Json {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const read = readJson(body, { maxBytes: MANIFEST_LIMITS.manifestBytes.max + 1, maxDepth: 64, maxProblems: 1 });
  if (read.ok) return read.value;
  const problem = read.problems[0]!;
  const { line, column } = new LineIndex(body).position(problem.offset);
  throw new BundleError(`${file}:${line}:${column}: ${problem.message}`);
}

/** Validates a manifest's text; `file` names it in errors. */
export function parseManifest(text: string, file: string): Manifest {
  const r = manifestFields(file);
  const m = r.object(parseJson(text, file), '$');
  if (m.format !== BUNDLE_FORMAT) r.fail('$.format', `expected "${BUNDLE_FORMAT}", got ${JSON.stringify(m.format)}`);
  if (!READABLE_BUNDLE_VERSIONS.includes(m.formatVersion as BundleVersion)) {
    r.fail(
      '$.formatVersion',
      `this TRM Lens reads bundle format versions ${READABLE_BUNDLE_VERSIONS.join(', ')}, ` +
        `the bundle is version ${JSON.stringify(m.formatVersion)}; export it again with this version's exporter`,
    );
  }
  const formatVersion = m.formatVersion as BundleVersion;
  if (m.dtype !== undefined && m.dtype !== 'float32')
    r.fail('$.dtype', `only float32 bundles are supported, got ${JSON.stringify(m.dtype)}`);
  // Bundles exported before the field existed are fp32.
  const precision = m.precision === undefined ? 'fp32' : r.oneOf(m.precision, '$.precision', ['fp32', 'bf16'] as const);
  const architecture = parseArchitecture(r, r.object(m.architecture, '$.architecture'));
  const schedule = parseSchedule(r, r.object(m.schedule, '$.schedule'));
  const encoding = parseEncoding(r, r.object(m.encoding, '$.encoding'), architecture);
  const l = r.object(m.loss, '$.loss');
  const loss = {
    lm: r.oneOf(l.lm, '$.loss.lm', ['softmax', 'stablemax'] as const),
    haltWeight: r.number(l.haltWeight, '$.loss.haltWeight'),
    ignorePadLabels: l.ignorePadLabels !== false,
  };
  const ids = r.object(m.identifiers, '$.identifiers');
  const names = ids.names;
  const { min, max } = MANIFEST_LIMITS.identifierNames;
  if (!Array.isArray(names) || names.length < min || names.length > max || !names.every((n) => typeof n === 'string')) {
    r.fail('$.identifiers.names', `expected a list of ${min} to ${max.toLocaleString('en-US')} strings`);
  }
  const table = formatVersion === 1 ? null : parseTable(r, r.object(ids.table, '$.identifiers.table'), architecture);
  const count = (names as string[]).length;
  if (table && table.rows < count) {
    r.fail(
      '$.identifiers.table.rows',
      `the table has ${table.rows} rows, fewer than the ${count} identifiers $.identifiers.names lists`,
    );
  }
  const g = r.object(m.graphs, '$.graphs');
  const graphs = {
    embed: r.nonEmptyString(g.embed, '$.graphs.embed'),
    latentNet: r.nonEmptyString(g.latentNet, '$.graphs.latentNet'),
    answerNet: r.nonEmptyString(g.answerNet, '$.graphs.answerNet'),
    heads: r.nonEmptyString(g.heads, '$.graphs.heads'),
  };
  for (const [role, p] of Object.entries(graphs)) insideBundle(r, p, `$.graphs.${role}`);
  const family = r.oneOf(m.family, '$.family', ['trm', 'hrm'] as const);
  if (family === 'hrm' && path.normalize(graphs.latentNet) === path.normalize(graphs.answerNet)) {
    // One file for both updates would silently run HRM's L_level as its H_level.
    r.fail(
      '$.graphs.answerNet',
      `an "hrm" bundle has two networks: answerNet (H_level) must be another graph than latentNet (L_level), ` +
        `both are ${JSON.stringify(graphs.latentNet)}`,
    );
  }
  const init = r.object(m.initialState, '$.initialState');
  return {
    formatVersion,
    name: r.nonEmptyString(m.name, '$.name'),
    family,
    precision,
    architecture,
    schedule,
    encoding,
    loss,
    identifiers: { scope: typeof ids.scope === 'string' ? ids.scope : 'single', names: names as string[], table },
    graphs,
    initialState: {
      y: floats(r, init.y, '$.initialState.y', architecture.hiddenSize),
      z: floats(r, init.z, '$.initialState.z', architecture.hiddenSize),
    },
    card: m.card && typeof m.card === 'object' ? (m.card as Record<string, unknown>) : {},
  };
}

/** A path the manifest names: relative, and never climbing out of the bundle folder. */
function insideBundle(r: JsonFields, p: string, at: string): void {
  if (path.isAbsolute(p) || path.win32.isAbsolute(p) || p.split(/[\\/]/).includes('..'))
    r.fail(at, `must be a path inside the bundle folder, got ${JSON.stringify(p)}`);
}

function parseTable(r: JsonFields, t: Record<string, Json>, arch: Architecture): PuzzleTableEntry {
  const at = '$.identifiers.table';
  const file = r.nonEmptyString(t.file, `${at}.file`);
  insideBundle(r, file, `${at}.file`);
  const dtype = r.oneOf(t.dtype, `${at}.dtype`, ['float32'] as const);
  const rows = r.int(t.rows, `${at}.rows`, MANIFEST_LIMITS.tableRows);
  // The embed graph pads a row to puzzleEmbLen positions of hiddenSize, so a row never holds more.
  const width = arch.puzzleEmbLen * arch.hiddenSize;
  if (width === 0) r.fail(`${at}`, 'a puzzle-embedding table needs architecture.puzzleEmbLen > 0');
  const dim = r.int(t.dim, `${at}.dim`, { min: 1, max: width });
  return { file, dtype, rows, dim };
}

function parseArchitecture(r: JsonFields, a: Record<string, Json>): Architecture {
  const at = '$.architecture';
  return {
    hiddenSize: r.int(a.hiddenSize, `${at}.hiddenSize`, MANIFEST_LIMITS.hiddenSize),
    seqLen: r.int(a.seqLen, `${at}.seqLen`, MANIFEST_LIMITS.seqLen),
    puzzleEmbLen: r.int(a.puzzleEmbLen, `${at}.puzzleEmbLen`, MANIFEST_LIMITS.puzzleEmbLen),
    vocabSize: r.int(a.vocabSize, `${at}.vocabSize`, MANIFEST_LIMITS.vocabSize),
  };
}

function parseSchedule(r: JsonFields, s: Record<string, Json>): Schedule {
  const at = '$.schedule';
  const schedule: Schedule = {
    hCycles: r.int(s.hCycles, `${at}.hCycles`, MANIFEST_LIMITS.hCycles),
    lCycles: r.int(s.lCycles, `${at}.lCycles`, MANIFEST_LIMITS.lCycles),
    haltMaxSteps: r.int(s.haltMaxSteps, `${at}.haltMaxSteps`, MANIFEST_LIMITS.haltMaxSteps),
    haltRule: r.oneOf(s.haltRule, `${at}.haltRule`, ['q_halt_positive', 'q_halt_gt_continue'] as const),
  };
  const updates = schedule.haltMaxSteps * schedule.hCycles * (schedule.lCycles + 1);
  const { max } = MANIFEST_LIMITS.updatesPerSolve;
  if (updates > max) {
    r.fail(
      at,
      `haltMaxSteps x hCycles x (lCycles + 1) is ${updates} updates per solve, ` +
        `more than ${max.toLocaleString('en-US')}`,
    );
  }
  return schedule;
}

function parseEncoding(r: JsonFields, e: Record<string, Json>, arch: Architecture): Encoding {
  const at = '$.encoding';
  const token = { min: 0, max: arch.vocabSize - 1 };
  const layout = r.oneOf(e.layout, `${at}.layout`, ['fixed', 'arc-eos'] as const);
  const height = r.int(e.height, `${at}.height`, MANIFEST_LIMITS.canvasSide);
  const width = r.int(e.width, `${at}.width`, MANIFEST_LIMITS.canvasSide);
  const padToken = r.int(e.padToken, `${at}.padToken`, token);
  const eosToken = layout === 'arc-eos' ? r.int(e.eosToken, `${at}.eosToken`, token) : null;
  const valueOffset = r.int(e.valueOffset, `${at}.valueOffset`, token);
  const numValues = r.int(e.numValues, `${at}.numValues`, { min: 1, max: arch.vocabSize });
  const palette = r.oneOf(e.palette, `${at}.palette`, ['arc', 'digits', 'maze'] as const);
  const labels = e.cellLabels;
  if (
    labels != null &&
    (!Array.isArray(labels) || labels.length !== numValues || !labels.every((x) => typeof x === 'string'))
  ) {
    r.fail(`${at}.cellLabels`, `expected null or ${numValues} strings`);
  }
  if (height * width !== arch.seqLen)
    r.fail(at, `canvas ${height}x${width} does not match architecture.seqLen ${arch.seqLen}`);
  if (valueOffset + numValues > arch.vocabSize)
    r.fail(`${at}.numValues`, `tokens up to ${valueOffset + numValues - 1} exceed vocabSize ${arch.vocabSize}`);
  return {
    layout,
    height,
    width,
    padToken,
    eosToken,
    valueOffset,
    numValues,
    palette,
    cellLabels: (labels as string[] | null) ?? null,
  };
}

/** Reads and validates `<dir>/manifest.json`; `root` is the real path of `dir`. */
export async function readManifestIn(root: string, dir: string): Promise<{ manifest: Manifest; bytes: Buffer }> {
  const file = path.join(dir, 'manifest.json');
  let bytes: Buffer;
  try {
    bytes = await readBundleFile(root, file, MANIFEST_LIMITS.manifestBytes.max);
  } catch (e) {
    if (!(e instanceof MissingFileError)) throw e;
    throw new BundleError(`${file}: cannot read the bundle's manifest (is ${dir} a TRM Lens model bundle?)`);
  }
  return { manifest: parseManifest(bytes.toString('utf8'), file), bytes };
}
