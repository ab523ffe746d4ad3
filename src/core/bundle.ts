// A model bundle (docs/bundle-format.md): manifest.json validated field by field, and its ONNX graphs
// opened once as onnxruntime sessions and checked against the contract before any solve uses them.

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { createSessions, type ProviderChoice, type ProviderReport } from './providers';

export const BUNDLE_FORMAT = 'trm-lens-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

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

export interface Manifest {
  readonly name: string;
  readonly family: 'trm' | 'hrm';
  readonly architecture: { readonly hiddenSize: number; readonly seqLen: number; readonly puzzleEmbLen: number; readonly vocabSize: number };
  readonly schedule: Schedule;
  readonly encoding: Encoding;
  readonly loss: { readonly lm: 'softmax' | 'stablemax'; readonly haltWeight: number; readonly ignorePadLabels: boolean };
  readonly identifiers: { readonly scope: string; readonly names: readonly string[] };
  readonly graphs: { readonly embed: string; readonly latentNet: string; readonly answerNet: string; readonly heads: string };
  readonly initialState: { readonly y: Float32Array; readonly z: Float32Array };
  readonly card: Readonly<Record<string, unknown>>;
}

/** A bad bundle: the message names the file and the JSON path or tensor at fault. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
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
  int(o: Record<string, Json>, key: string, at: string, min = 0): number {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(`${at}.${key}`, `expected an integer >= ${min}, got ${JSON.stringify(v)}`);
    return v;
  }
  num(o: Record<string, Json>, key: string, at: string): number {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(`${at}.${key}`, `expected a number, got ${JSON.stringify(v)}`);
    return v;
  }
  str(o: Record<string, Json>, key: string, at: string): string {
    const v = o[key];
    if (typeof v !== 'string' || v === '') this.fail(`${at}.${key}`, `expected a non-empty string, got ${JSON.stringify(v)}`);
    return v;
  }
  oneOf<T extends string>(o: Record<string, Json>, key: string, at: string, options: readonly T[]): T {
    const v = o[key];
    if (!options.includes(v as T)) this.fail(`${at}.${key}`, `expected one of ${options.join(', ')}, got ${JSON.stringify(v)}`);
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

/** Validates a manifest's text; `file` names it in errors. */
export function parseManifest(text: string, file: string): Manifest {
  const r = new Reader(file);
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BundleError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const m = r.object(json, '$');
  if (m.format !== BUNDLE_FORMAT) r.fail('$.format', `expected "${BUNDLE_FORMAT}", got ${JSON.stringify(m.format)}`);
  if (m.formatVersion !== BUNDLE_FORMAT_VERSION) {
    r.fail('$.formatVersion', `this TRM Lens reads bundle format version ${BUNDLE_FORMAT_VERSION}, the bundle is version ${JSON.stringify(m.formatVersion)}; export it again with this version's exporter`);
  }
  if (m.dtype !== undefined && m.dtype !== 'float32') r.fail('$.dtype', `only float32 bundles are supported, got ${JSON.stringify(m.dtype)}`);
  const a = r.object(m.architecture, '$.architecture');
  const architecture = {
    hiddenSize: r.int(a, 'hiddenSize', '$.architecture', 1),
    seqLen: r.int(a, 'seqLen', '$.architecture', 1),
    puzzleEmbLen: r.int(a, 'puzzleEmbLen', '$.architecture', 0),
    vocabSize: r.int(a, 'vocabSize', '$.architecture', 2),
  };
  const s = r.object(m.schedule, '$.schedule');
  const schedule: Schedule = {
    hCycles: r.int(s, 'hCycles', '$.schedule', 1),
    lCycles: r.int(s, 'lCycles', '$.schedule', 1),
    haltMaxSteps: r.int(s, 'haltMaxSteps', '$.schedule', 1),
    haltRule: r.oneOf(s, 'haltRule', '$.schedule', ['q_halt_positive', 'q_halt_gt_continue'] as const),
  };
  const encoding = parseEncoding(r, r.object(m.encoding, '$.encoding'), architecture);
  const l = r.object(m.loss, '$.loss');
  const loss = {
    lm: r.oneOf(l, 'lm', '$.loss', ['softmax', 'stablemax'] as const),
    haltWeight: r.num(l, 'haltWeight', '$.loss'),
    ignorePadLabels: l.ignorePadLabels !== false,
  };
  const ids = r.object(m.identifiers, '$.identifiers');
  const names = ids.names;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) {
    r.fail('$.identifiers.names', 'expected a non-empty list of strings');
  }
  const g = r.object(m.graphs, '$.graphs');
  const graphs = {
    embed: r.str(g, 'embed', '$.graphs'),
    latentNet: r.str(g, 'latentNet', '$.graphs'),
    answerNet: r.str(g, 'answerNet', '$.graphs'),
    heads: r.str(g, 'heads', '$.graphs'),
  };
  for (const [role, p] of Object.entries(graphs)) {
    if (path.isAbsolute(p) || p.split(/[\\/]/).includes('..')) r.fail(`$.graphs.${role}`, `must be a path inside the bundle folder, got ${JSON.stringify(p)}`);
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
    initialState: { y: r.floats(init, 'y', '$.initialState', architecture.hiddenSize), z: r.floats(init, 'z', '$.initialState', architecture.hiddenSize) },
    card: m.card && typeof m.card === 'object' ? (m.card as Record<string, unknown>) : {},
  };
}

function parseEncoding(r: Reader, e: Record<string, Json>, arch: { seqLen: number; vocabSize: number }): Encoding {
  const at = '$.encoding';
  const layout = r.oneOf(e, 'layout', at, ['fixed', 'arc-eos'] as const);
  const height = r.int(e, 'height', at, 1);
  const width = r.int(e, 'width', at, 1);
  const padToken = r.int(e, 'padToken', at);
  const eosToken = layout === 'arc-eos' ? r.int(e, 'eosToken', at) : null;
  const valueOffset = r.int(e, 'valueOffset', at);
  const numValues = r.int(e, 'numValues', at, 1);
  const palette = r.oneOf(e, 'palette', at, ['arc', 'digits', 'maze'] as const);
  const labels = e.cellLabels;
  if (labels != null && (!Array.isArray(labels) || labels.length !== numValues || !labels.every((x) => typeof x === 'string'))) {
    r.fail(`${at}.cellLabels`, `expected null or ${numValues} strings`);
  }
  if (height * width !== arch.seqLen) r.fail(at, `canvas ${height}x${width} does not match architecture.seqLen ${arch.seqLen}`);
  if (valueOffset + numValues > arch.vocabSize) r.fail(`${at}.numValues`, `tokens up to ${valueOffset + numValues - 1} exceed vocabSize ${arch.vocabSize}`);
  return { layout, height, width, padToken, eosToken, valueOffset, numValues, palette, cellLabels: (labels as string[] | null) ?? null };
}

export interface Sessions {
  readonly embed: ort.InferenceSession;
  readonly latentNet: ort.InferenceSession;
  readonly answerNet: ort.InferenceSession;
  readonly heads: ort.InferenceSession;
}

export interface Bundle {
  readonly dir: string;
  readonly manifest: Manifest;
  /** sha256 over the manifest and every graph file, for the trace. */
  readonly digest: string;
  readonly sessions: Sessions;
  readonly provider: ProviderReport;
  release(): Promise<void>;
}

export interface OpenOptions {
  readonly provider?: ProviderChoice;
  readonly threads?: number;
}

const CONTRACT: Record<keyof Sessions, { inputs: string[]; outputs: string[] }> = {
  embed: { inputs: ['tokens', 'puzzle_ids'], outputs: ['x'] },
  latentNet: { inputs: ['hidden', 'injection'], outputs: ['out'] },
  answerNet: { inputs: ['hidden', 'injection'], outputs: ['out'] },
  heads: { inputs: ['state'], outputs: ['logits', 'q_logits'] },
};

export async function readManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, 'manifest.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new BundleError(`${file}: cannot read the bundle's manifest (is ${dir} a TRM Lens model bundle?)`);
  }
  return parseManifest(text, file);
}

/** Opens a bundle: manifest, graphs, sessions (one per distinct graph file), and a signature check. */
export async function openBundle(dir: string, options: OpenOptions = {}): Promise<Bundle> {
  const manifest = await readManifest(dir);
  const files = new Map<string, Buffer>();
  for (const [role, rel] of Object.entries(manifest.graphs)) {
    const file = path.join(dir, rel);
    if (files.has(file)) continue;
    try {
      files.set(file, await fs.readFile(file));
    } catch {
      throw new BundleError(`${file}: graph "${role}" named in manifest.json is missing`);
    }
  }
  const hash = createHash('sha256').update(JSON.stringify(manifest.graphs)).update(await fs.readFile(path.join(dir, 'manifest.json')));
  for (const bytes of files.values()) hash.update(bytes);
  const net = new Set([path.join(dir, manifest.graphs.latentNet), path.join(dir, manifest.graphs.answerNet)]);
  const { sessions: byFile, report } = await createSessions(files, options.provider ?? 'cpu', options.threads, net);
  const sessions = Object.fromEntries(
    (Object.keys(CONTRACT) as (keyof Sessions)[]).map((role) => [role, byFile.get(path.join(dir, manifest.graphs[role]))!]),
  ) as unknown as Sessions;
  const bundle: Bundle = {
    dir,
    manifest,
    digest: hash.digest('hex'),
    sessions,
    provider: report,
    release: async () => {
      await Promise.all([...byFile.values()].map((s) => s.release()));
    },
  };
  try {
    checkNames(bundle);
    await checkShapes(bundle);
  } catch (e) {
    await bundle.release();
    throw e;
  }
  return bundle;
}

function checkNames(bundle: Bundle): void {
  for (const role of Object.keys(CONTRACT) as (keyof Sessions)[]) {
    const session = bundle.sessions[role];
    const file = path.join(bundle.dir, bundle.manifest.graphs[role]);
    const { inputs, outputs } = CONTRACT[role];
    for (const name of inputs) {
      if (!session.inputNames.includes(name)) throw new BundleError(`${file}: graph "${role}" has no input tensor "${name}" (it has ${session.inputNames.join(', ')})`);
    }
    for (const name of outputs) {
      if (!session.outputNames.includes(name)) throw new BundleError(`${file}: graph "${role}" has no output tensor "${name}" (it has ${session.outputNames.join(', ')})`);
    }
  }
}

function expectDims(bundle: Bundle, role: keyof Sessions, tensor: string, got: readonly number[], want: readonly number[]): void {
  if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
    const file = path.join(bundle.dir, bundle.manifest.graphs[role]);
    throw new BundleError(`${file}: tensor "${tensor}" has shape [${got.join(', ')}], the manifest implies [${want.join(', ')}]`);
  }
}

/** Runs each graph once on a batch of one and checks the output shapes against the manifest. */
async function checkShapes(bundle: Bundle): Promise<void> {
  const { hiddenSize: h, seqLen: s, puzzleEmbLen: p, vocabSize: v } = bundle.manifest.architecture;
  const tokens = new ort.Tensor('int64', new BigInt64Array(s).fill(BigInt(bundle.manifest.encoding.padToken)), [1, s]);
  const ids = new ort.Tensor('int64', new BigInt64Array(1), [1]);
  const x = (await runChecked(bundle, 'embed', { tokens, puzzle_ids: ids })).x;
  expectDims(bundle, 'embed', 'x', x.dims, [1, p + s, h]);
  for (const role of ['latentNet', 'answerNet'] as const) {
    const out = (await runChecked(bundle, role, { hidden: x, injection: x })).out;
    expectDims(bundle, role, 'out', out.dims, [1, p + s, h]);
  }
  const heads = await runChecked(bundle, 'heads', { state: x });
  expectDims(bundle, 'heads', 'logits', heads.logits.dims, [1, s, v]);
  expectDims(bundle, 'heads', 'q_logits', heads.q_logits.dims, [1, 2]);
}

async function runChecked(bundle: Bundle, role: keyof Sessions, feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.ReturnType> {
  try {
    return await bundle.sessions[role].run(feeds);
  } catch (e) {
    const file = path.join(bundle.dir, bundle.manifest.graphs[role]);
    const shapes = Object.entries(feeds).map(([k, t]) => `${k} [${t.dims.join(', ')}]`).join(', ');
    throw new BundleError(`${file}: graph "${role}" does not accept the shapes the manifest implies (${shapes}): ${(e as Error).message}`);
  }
}
