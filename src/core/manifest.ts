// A bundle's manifest.json (docs/bundle-format.md), validated field by field: every shape, schedule and
// count has a finite range, so a manifest cannot make a solve run for hours or allocate without bound.

import * as path from 'node:path';
import { BundleError } from './bundleError';
import { MissingFileError, readBundleFile } from './bundleFiles';
import { readJson } from './jsonDocument';
import { LineIndex } from './textPosition';

export const BUNDLE_FORMAT = 'trm-lens-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

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
  manifestBytes: { min: 1, max: 256 * 1024 * 1024 },
} as const;

type Range = { readonly min: number; readonly max: number };

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

export interface Manifest {
  readonly name: string;
  readonly family: 'trm' | 'hrm';
  readonly architecture: Architecture;
  readonly schedule: Schedule;
  readonly encoding: Encoding;
  readonly loss: {
    readonly lm: 'softmax' | 'stablemax';
    readonly haltWeight: number;
    readonly ignorePadLabels: boolean;
  };
  readonly identifiers: { readonly scope: string; readonly names: readonly string[] };
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

class Reader {
  constructor(private readonly file: string) {}
  fail(at: string, what: string): never {
    throw new BundleError(`${this.file}: ${at}: ${what}`);
  }
  object(v: Json, at: string): Record<string, Json> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(at, 'expected an object');
    return v as Record<string, Json>;
  }
  int(o: Record<string, Json>, key: string, at: string, range: Range): number {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < range.min || v > range.max) {
      this.fail(`${at}.${key}`, `expected an integer from ${range.min} to ${range.max}, got ${JSON.stringify(v)}`);
    }
    return v;
  }
  num(o: Record<string, Json>, key: string, at: string): number {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v))
      this.fail(`${at}.${key}`, `expected a number, got ${JSON.stringify(v)}`);
    return v;
  }
  str(o: Record<string, Json>, key: string, at: string): string {
    const v = o[key];
    if (typeof v !== 'string' || v === '')
      this.fail(`${at}.${key}`, `expected a non-empty string, got ${JSON.stringify(v)}`);
    return v;
  }
  oneOf<T extends string>(o: Record<string, Json>, key: string, at: string, options: readonly T[]): T {
    const v = o[key];
    if (!options.includes(v as T))
      this.fail(`${at}.${key}`, `expected one of ${options.join(', ')}, got ${JSON.stringify(v)}`);
    return v as T;
  }
  floats(o: Record<string, Json>, key: string, at: string, length: number): Float32Array {
    const v = o[key];
    if (!Array.isArray(v) || v.length !== length || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      this.fail(`${at}.${key}`, `expected ${length} finite numbers (hiddenSize)`);
    }
    return Float32Array.from(v as number[]);
  }
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
  const r = new Reader(file);
  const m = r.object(parseJson(text, file), '$');
  if (m.format !== BUNDLE_FORMAT) r.fail('$.format', `expected "${BUNDLE_FORMAT}", got ${JSON.stringify(m.format)}`);
  if (m.formatVersion !== BUNDLE_FORMAT_VERSION) {
    r.fail(
      '$.formatVersion',
      `this TRM Lens reads bundle format version ${BUNDLE_FORMAT_VERSION}, ` +
        `the bundle is version ${JSON.stringify(m.formatVersion)}; export it again with this version's exporter`,
    );
  }
  if (m.dtype !== undefined && m.dtype !== 'float32')
    r.fail('$.dtype', `only float32 bundles are supported, got ${JSON.stringify(m.dtype)}`);
  const architecture = parseArchitecture(r, r.object(m.architecture, '$.architecture'));
  const schedule = parseSchedule(r, r.object(m.schedule, '$.schedule'));
  const encoding = parseEncoding(r, r.object(m.encoding, '$.encoding'), architecture);
  const l = r.object(m.loss, '$.loss');
  const loss = {
    lm: r.oneOf(l, 'lm', '$.loss', ['softmax', 'stablemax'] as const),
    haltWeight: r.num(l, 'haltWeight', '$.loss'),
    ignorePadLabels: l.ignorePadLabels !== false,
  };
  const ids = r.object(m.identifiers, '$.identifiers');
  const names = ids.names;
  const { min, max } = MANIFEST_LIMITS.identifierNames;
  if (!Array.isArray(names) || names.length < min || names.length > max || !names.every((n) => typeof n === 'string')) {
    r.fail('$.identifiers.names', `expected a list of ${min} to ${max.toLocaleString('en-US')} strings`);
  }
  const g = r.object(m.graphs, '$.graphs');
  const graphs = {
    embed: r.str(g, 'embed', '$.graphs'),
    latentNet: r.str(g, 'latentNet', '$.graphs'),
    answerNet: r.str(g, 'answerNet', '$.graphs'),
    heads: r.str(g, 'heads', '$.graphs'),
  };
  for (const [role, p] of Object.entries(graphs)) {
    if (path.isAbsolute(p) || p.split(/[\\/]/).includes('..'))
      r.fail(`$.graphs.${role}`, `must be a path inside the bundle folder, got ${JSON.stringify(p)}`);
  }
  const init = r.object(m.initialState, '$.initialState');
  return {
    name: r.str(m, 'name', '$'),
    family: r.oneOf(m, 'family', '$', ['trm', 'hrm'] as const),
    architecture,
    schedule,
    encoding,
    loss,
    identifiers: { scope: typeof ids.scope === 'string' ? ids.scope : 'single', names: names as string[] },
    graphs,
    initialState: {
      y: r.floats(init, 'y', '$.initialState', architecture.hiddenSize),
      z: r.floats(init, 'z', '$.initialState', architecture.hiddenSize),
    },
    card: m.card && typeof m.card === 'object' ? (m.card as Record<string, unknown>) : {},
  };
}

function parseArchitecture(r: Reader, a: Record<string, Json>): Architecture {
  const at = '$.architecture';
  return {
    hiddenSize: r.int(a, 'hiddenSize', at, MANIFEST_LIMITS.hiddenSize),
    seqLen: r.int(a, 'seqLen', at, MANIFEST_LIMITS.seqLen),
    puzzleEmbLen: r.int(a, 'puzzleEmbLen', at, MANIFEST_LIMITS.puzzleEmbLen),
    vocabSize: r.int(a, 'vocabSize', at, MANIFEST_LIMITS.vocabSize),
  };
}

function parseSchedule(r: Reader, s: Record<string, Json>): Schedule {
  const at = '$.schedule';
  const schedule: Schedule = {
    hCycles: r.int(s, 'hCycles', at, MANIFEST_LIMITS.hCycles),
    lCycles: r.int(s, 'lCycles', at, MANIFEST_LIMITS.lCycles),
    haltMaxSteps: r.int(s, 'haltMaxSteps', at, MANIFEST_LIMITS.haltMaxSteps),
    haltRule: r.oneOf(s, 'haltRule', at, ['q_halt_positive', 'q_halt_gt_continue'] as const),
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

function parseEncoding(r: Reader, e: Record<string, Json>, arch: Architecture): Encoding {
  const at = '$.encoding';
  const token = { min: 0, max: arch.vocabSize - 1 };
  const layout = r.oneOf(e, 'layout', at, ['fixed', 'arc-eos'] as const);
  const height = r.int(e, 'height', at, MANIFEST_LIMITS.canvasSide);
  const width = r.int(e, 'width', at, MANIFEST_LIMITS.canvasSide);
  const padToken = r.int(e, 'padToken', at, token);
  const eosToken = layout === 'arc-eos' ? r.int(e, 'eosToken', at, token) : null;
  const valueOffset = r.int(e, 'valueOffset', at, token);
  const numValues = r.int(e, 'numValues', at, { min: 1, max: arch.vocabSize });
  const palette = r.oneOf(e, 'palette', at, ['arc', 'digits', 'maze'] as const);
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
