// A model bundle (docs/bundle-format.md): manifest.json validated field by field (manifest.ts), and its
// ONNX graphs read from inside the bundle folder only (bundleFiles.ts), opened once as onnxruntime
// sessions and checked against the contract (names, element types, ranks, shapes) before any solve. A
// version-2 bundle's puzzle-embedding table stays on disk (puzzleTable.ts); embedInputs feeds its rows.

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { BundleError } from './bundleError';
import { isInside, MissingFileError, readBundleFile, realFileInside } from './bundleFiles';
import { readManifestIn, type BundleVersion, type Manifest } from './manifest';
import { externalDataOf, ProtobufError } from './onnxExternalData';
import { createSessions, firstLine, type ProviderChoice, type ProviderReport } from './providers';
import { openPuzzleTable, type PuzzleTable } from './puzzleTable';

export { BundleError } from './bundleError';
export { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, MANIFEST_LIMITS, parseManifest } from './manifest';
export type { Architecture, Encoding, Manifest, Palette, PuzzleTableEntry, Schedule } from './manifest';
export type { PuzzleTable } from './puzzleTable';

/** protobuf's limit on one message: a graph file larger than this is not an ONNX model. */
const MAX_GRAPH_BYTES = 2 * 1024 * 1024 * 1024 - 1;

export interface Sessions {
  readonly embed: ort.InferenceSession;
  readonly latentNet: ort.InferenceSession;
  readonly answerNet: ort.InferenceSession;
  readonly heads: ort.InferenceSession;
}

type Role = keyof Sessions;
type NetRole = 'latentNet' | 'answerNet';

export interface Bundle {
  readonly dir: string;
  readonly manifest: Manifest;
  /**
   * sha256 over the manifest and every graph file, for the trace. Not over the puzzle-embedding table:
   * hashing gigabytes would slow every open; the manifest's table entry (rows, dim) is hashed.
   */
  readonly digest: string;
  readonly sessions: Sessions;
  /** a version-2 bundle's puzzle-embedding table; null when its embed graph takes `puzzle_ids` */
  readonly puzzleTable: PuzzleTable | null;
  /**
   * Whether each net also outputs the heads on the state it wrote (`logits`, `q_logits`, as the heads
   * graph's): the engine then reads an updated state from its update. Bundles exported before have nets
   * with `out` alone, whose states the heads graph reads.
   */
  readonly netReadout: Readonly<Record<NetRole, boolean>>;
  readonly provider: ProviderReport;
  release(): Promise<void>;
}

export interface OpenOptions {
  readonly provider?: ProviderChoice;
  readonly threads?: number;
}

interface TensorSpec {
  readonly name: string;
  readonly type: 'float32' | 'int64';
  readonly rank: number;
}

const state = (name: string): TensorSpec => ({ name, type: 'float32', rank: 3 });
const NET = { inputs: [state('hidden'), state('injection')], outputs: [state('out')] };
const HEADS_OUTPUTS: readonly TensorSpec[] = [
  { name: 'logits', type: 'float32', rank: 3 },
  { name: 'q_logits', type: 'float32', rank: 2 },
];
type Contract = Record<Role, { inputs: readonly TensorSpec[]; outputs: readonly TensorSpec[] }>;
const TOKENS: TensorSpec = { name: 'tokens', type: 'int64', rank: 2 };
/** Version 1 embeds puzzle ids with the table inside the graph; version 2 takes rows [B, dim] read from the table. */
const PUZZLE_INPUT: Record<BundleVersion, TensorSpec> = {
  1: { name: 'puzzle_ids', type: 'int64', rank: 1 },
  2: { name: 'puzzle_emb', type: 'float32', rank: 2 },
};
const contract = (version: BundleVersion): Contract => ({
  embed: { inputs: [TOKENS, PUZZLE_INPUT[version]], outputs: [state('x')] },
  latentNet: NET,
  answerNet: NET,
  heads: { inputs: [state('state')], outputs: HEADS_OUTPUTS },
});
const NET_ROLES: readonly NetRole[] = ['latentNet', 'answerNet'];
const isNet = (role: Role): role is NetRole => (NET_ROLES as readonly Role[]).includes(role);
const ROLES: readonly Role[] = ['embed', 'latentNet', 'answerNet', 'heads'];

/** The real path of the bundle folder; a folder that is not there reads as a missing manifest. */
async function bundleRoot(dir: string): Promise<string> {
  try {
    return await fs.realpath(dir);
  } catch {
    throw new BundleError(
      `${path.join(dir, 'manifest.json')}: cannot read the bundle's manifest (is ${dir} a TRM Lens model bundle?)`,
    );
  }
}

export async function readManifest(dir: string): Promise<Manifest> {
  return (await readManifestIn(await bundleRoot(dir), dir)).manifest;
}

/** A graph file's bytes, refused unless every initializer it keeps outside itself is a file inside the bundle. */
async function readGraph(root: string, file: string, role: Role): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readBundleFile(root, file, MAX_GRAPH_BYTES);
  } catch (e) {
    if (e instanceof MissingFileError)
      throw new BundleError(`${file}: graph "${role}" named in manifest.json is missing`);
    throw e;
  }
  let external;
  try {
    external = externalDataOf(bytes);
  } catch (e) {
    if (e instanceof ProtobufError) throw new BundleError(`${file}: not a valid ONNX graph (${e.message})`);
    throw e;
  }
  for (const { tensor, location } of external) {
    // ONNX resolves a location against the folder of the graph file, as onnxruntime does given that folder.
    const target = path.resolve(path.dirname(file), location);
    const where = `${file}: initializer "${tensor}" keeps its data in ${JSON.stringify(location)}`;
    if (path.isAbsolute(location) || path.win32.isAbsolute(location) || !isInside(path.dirname(file), target)) {
      throw new BundleError(`${where}, outside the graph's folder in the bundle`);
    }
    try {
      await realFileInside(root, target);
    } catch (e) {
      if (e instanceof BundleError) throw new BundleError(`${where}: ${e.message}`);
      throw e;
    }
  }
  return bytes;
}

/** Opens a bundle: manifest, graphs, sessions (one per distinct graph file), and a signature check. */
export async function openBundle(dir: string, options: OpenOptions = {}): Promise<Bundle> {
  const root = await bundleRoot(dir);
  const { manifest, bytes: manifestBytes } = await readManifestIn(root, dir);
  const table = manifest.identifiers.table;
  const puzzleTable = table ? await openPuzzleTable(root, dir, table) : null;
  try {
    return await openSessions(dir, root, manifest, manifestBytes, puzzleTable, options);
  } catch (e) {
    await puzzleTable?.close();
    throw e;
  }
}

async function openSessions(
  dir: string,
  root: string,
  manifest: Manifest,
  manifestBytes: Buffer,
  puzzleTable: PuzzleTable | null,
  options: OpenOptions,
): Promise<Bundle> {
  const files = new Map<string, Buffer>();
  for (const [role, rel] of Object.entries(manifest.graphs) as [Role, string][]) {
    const file = path.join(dir, rel);
    if (!files.has(file)) files.set(file, await readGraph(root, file, role));
  }
  const hash = createHash('sha256').update(JSON.stringify(manifest.graphs)).update(manifestBytes);
  for (const bytes of files.values()) hash.update(bytes);
  const net = new Set([path.join(dir, manifest.graphs.latentNet), path.join(dir, manifest.graphs.answerNet)]);
  const { sessions: byFile, report } = await createSessions(files, options.provider ?? 'cpu', options.threads, net);
  const sessions = Object.fromEntries(
    ROLES.map((role) => [role, byFile.get(path.join(dir, manifest.graphs[role]))!]),
  ) as unknown as Sessions;
  const bundle: Bundle = {
    dir,
    manifest,
    digest: hash.digest('hex'),
    sessions,
    provider: report,
    puzzleTable,
    netReadout: { latentNet: hasReadout(sessions.latentNet), answerNet: hasReadout(sessions.answerNet) },
    release: async () => {
      await Promise.all([...byFile.values()].map((s) => s.release()));
      await puzzleTable?.close();
    },
  };
  try {
    checkSignatures(bundle);
    await checkShapes(bundle);
    await checkIdentifierRows(bundle);
  } catch (e) {
    await Promise.all([...byFile.values()].map((s) => s.release()));
    throw e;
  }
  return bundle;
}

function graphFile(bundle: Bundle, role: Role): string {
  return path.join(bundle.dir, bundle.manifest.graphs[role]);
}

/** A net that outputs `logits` or `q_logits` is one with the heads' outputs: checkSignatures wants both. */
function hasReadout(net: ort.InferenceSession): boolean {
  return HEADS_OUTPUTS.some((spec) => net.outputNames.includes(spec.name));
}

/** Each graph's inputs and outputs have the contract's names, element types and ranks. */
function checkSignatures(bundle: Bundle): void {
  const roles = contract(bundle.manifest.formatVersion);
  for (const role of ROLES) {
    const session = bundle.sessions[role];
    const file = graphFile(bundle, role);
    const { inputs } = roles[role];
    const outputs =
      isNet(role) && bundle.netReadout[role] ? [...roles[role].outputs, ...HEADS_OUTPUTS] : roles[role].outputs;
    for (const [kind, specs, metadata, names] of [
      ['input', inputs, session.inputMetadata, session.inputNames],
      ['output', outputs, session.outputMetadata, session.outputNames],
    ] as const) {
      for (const spec of specs) {
        const meta = metadata.find((m) => m.name === spec.name);
        if (!meta)
          throw new BundleError(
            `${file}: graph "${role}" has no ${kind} tensor "${spec.name}" (it has ${names.join(', ')})`,
          );
        checkTensor(file, role, kind, spec, meta);
      }
    }
    for (const name of session.inputNames) {
      if (!inputs.some((spec) => spec.name === name)) {
        throw new BundleError(
          `${file}: graph "${role}" has an input tensor "${name}" that the bundle format does not feed`,
        );
      }
    }
  }
}

function checkTensor(
  file: string,
  role: Role,
  kind: string,
  spec: TensorSpec,
  meta: ort.InferenceSession.ValueMetadata,
): void {
  const at = `${file}: graph "${role}" ${kind} tensor "${spec.name}"`;
  if (!meta.isTensor) throw new BundleError(`${at} is not a tensor; the bundle format needs a ${spec.type} tensor`);
  if (meta.type !== spec.type)
    throw new BundleError(`${at} has element type ${meta.type}; the bundle format needs ${spec.type}`);
  // An empty shape means onnxruntime does not know the rank; the shape check run below still catches it.
  if (meta.shape.length > 0 && meta.shape.length !== spec.rank) {
    throw new BundleError(
      `${at} has rank ${meta.shape.length} ([${meta.shape.join(', ')}]); the bundle format needs rank ${spec.rank}`,
    );
  }
}

function expectDims(bundle: Bundle, role: Role, tensor: string, got: readonly number[], want: readonly number[]): void {
  if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
    throw new BundleError(
      `${graphFile(bundle, role)}: tensor "${tensor}" has shape [${got.join(', ')}], ` +
        `the manifest implies [${want.join(', ')}]`,
    );
  }
}

/** Runs that probe the graphs: a failure becomes the BundleError, so onnxruntime need not log it too. */
const QUIET: ort.InferenceSession.RunOptions = { logSeverityLevel: 4 };

/**
 * The embed graph's feeds for a batch of `puzzleIds.length` (`tokens` holds seqLen tokens for each): puzzle
 * ids in a version-1 bundle, their rows read from the table file in a version-2 one.
 */
export async function embedInputs(
  bundle: Pick<Bundle, 'manifest' | 'puzzleTable'>,
  tokens: BigInt64Array,
  puzzleIds: readonly number[],
): Promise<Record<string, ort.Tensor>> {
  const batch = puzzleIds.length;
  const feeds = { tokens: new ort.Tensor('int64', tokens, [batch, tokens.length / batch]) };
  const table = bundle.puzzleTable;
  if (!table) return { ...feeds, puzzle_ids: new ort.Tensor('int64', BigInt64Array.from(puzzleIds, BigInt), [batch]) };
  return { ...feeds, puzzle_emb: new ort.Tensor('float32', await table.read(puzzleIds), [batch, table.dim]) };
}

function probeFeeds(bundle: Bundle, puzzleId: number): Promise<Record<string, ort.Tensor>> {
  const { seqLen: s } = bundle.manifest.architecture;
  return embedInputs(bundle, new BigInt64Array(s).fill(BigInt(bundle.manifest.encoding.padToken)), [puzzleId]);
}

/** Runs each graph once on a batch of one and checks the output shapes against the manifest. */
async function checkShapes(bundle: Bundle): Promise<void> {
  const { hiddenSize: h, seqLen: s, puzzleEmbLen: p, vocabSize: v } = bundle.manifest.architecture;
  const x = (await runChecked(bundle, 'embed', await probeFeeds(bundle, 0))).x;
  expectDims(bundle, 'embed', 'x', x.dims, [1, p + s, h]);
  const expectReadout = (role: Role, outputs: ort.InferenceSession.ReturnType) => {
    expectDims(bundle, role, 'logits', outputs.logits.dims, [1, s, v]);
    expectDims(bundle, role, 'q_logits', outputs.q_logits.dims, [1, 2]);
  };
  expectReadout('heads', await runChecked(bundle, 'heads', { state: x }));
  for (const role of NET_ROLES) {
    const outputs = await runChecked(bundle, role, { hidden: x, injection: x });
    expectDims(bundle, role, 'out', outputs.out.dims, [1, p + s, h]);
    if (bundle.netReadout[role]) expectReadout(role, outputs);
  }
}

/**
 * A version-1 graph's puzzle-embedding table has a row for the last identifier the manifest names (a
 * version-2 table file's size was checked against its rows, which cover the names, on opening).
 */
async function checkIdentifierRows(bundle: Bundle): Promise<void> {
  const count = bundle.manifest.identifiers.names.length;
  if (count === 1 || bundle.puzzleTable) return; // row 0 ran in checkShapes
  try {
    await bundle.sessions.embed.run(await probeFeeds(bundle, count - 1), QUIET);
  } catch (e) {
    throw new BundleError(
      `${graphFile(bundle, 'embed')}: $.identifiers.names lists ${count} identifiers in manifest.json, ` +
        `but the graph cannot embed puzzle id ${count - 1} ` +
        `(its puzzle-embedding table has fewer rows?): ${firstLine(e)}`,
    );
  }
}

async function runChecked(
  bundle: Bundle,
  role: Role,
  feeds: Record<string, ort.Tensor>,
): Promise<ort.InferenceSession.ReturnType> {
  try {
    return await bundle.sessions[role].run(feeds, QUIET);
  } catch (e) {
    const shapes = Object.entries(feeds)
      .map(([k, t]) => `${k} [${t.dims.join(', ')}]`)
      .join(', ');
    throw new BundleError(
      `${graphFile(bundle, role)}: graph "${role}" does not accept the shapes the manifest implies ` +
        `(${shapes}): ${firstLine(e)}`,
    );
  }
}
