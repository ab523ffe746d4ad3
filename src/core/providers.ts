// Which onnxruntime execution provider runs a bundle. `auto` tries the GPU providers this platform's
// binary can have, then the CPU; a GPU provider that is missing never fails a solve: the report says
// which provider ran and why each other one was skipped.

import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { BundleError } from './bundleError';

export const PROVIDER_CHOICES = ['auto', 'cpu', 'cuda', 'webgpu', 'dml', 'coreml'] as const;
export type ProviderChoice = (typeof PROVIDER_CHOICES)[number];
type Provider = Exclude<ProviderChoice, 'auto'>;

export interface ProviderReport {
  /** The provider whose sessions run the bundle. */
  readonly name: Provider;
  /** One line per provider tried and skipped, with the reason. */
  readonly skipped: readonly string[];
}

/** GPU providers worth trying on this platform, best first. */
export function gpuCandidates(platform: NodeJS.Platform = process.platform): Provider[] {
  if (platform === 'win32') return ['cuda', 'dml'];
  if (platform === 'darwin') return ['coreml'];
  return ['cuda', 'webgpu'];
}

function candidates(choice: ProviderChoice): Provider[] {
  if (choice === 'auto') return [...gpuCandidates(), 'cpu'];
  return choice === 'cpu' ? ['cpu'] : [choice, 'cpu'];
}

/**
 * How a graph runs: the recursion's `net`, back to back, over every intra-op thread, kept spinning between
 * runs (waking them for every op would cost more); or `light` (embed, heads), small work between two net
 * runs, on the calling thread alone: a thread pool of its own would have to wake, and would fight the net's
 * spinning threads for the cores.
 */
export type GraphLoad = 'net' | 'light';

/**
 * `modelFolder`: where the graph file lies; a session made from bytes resolves external data there
 * (onnxruntime would otherwise resolve it against the process's working directory).
 */
export function sessionOptions(
  provider: Provider,
  threads: number | undefined,
  load: GraphLoad,
  modelFolder?: string,
): ort.InferenceSession.SessionOptions {
  const folder = modelFolder === undefined ? {} : { model_external_initializers_file_folder_path: modelFolder };
  const net = load === 'net';
  return {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    // Physical cores: more threads than cores only adds contention in MatMul.
    intraOpNumThreads: net ? (threads ?? Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 8))) : 1,
    interOpNumThreads: 1,
    extra: { session: { intra_op: { allow_spinning: net ? '1' : '0' }, ...folder } },
    // A GPU provider that cannot start is expected here and reported in ProviderReport; keep its log quiet.
    logSeverityLevel: provider === 'cpu' ? 2 : 4,
  };
}

/**
 * One session per graph file, all on the first provider that opens every one of them; those of `nets`
 * run as the net, the others as light graphs (GraphLoad). A graph that fails on the CPU is a bad file: a
 * BundleError names it.
 */
export async function createSessions(
  files: ReadonlyMap<string, Buffer>,
  choice: ProviderChoice,
  threads?: number,
  nets: ReadonlySet<string> = new Set(),
): Promise<{ sessions: Map<string, ort.InferenceSession>; report: ProviderReport }> {
  const skipped: string[] = [];
  const available = new Set(ort.listSupportedBackends().map((b) => b.name));
  for (const provider of candidates(choice)) {
    if (provider !== 'cpu' && !available.has(provider)) {
      skipped.push(`${provider}: not in this onnxruntime-node build for ${process.platform}-${process.arch}`);
      continue;
    }
    const sessions = new Map<string, ort.InferenceSession>();
    try {
      for (const [file, bytes] of files) {
        try {
          const options = sessionOptions(provider, threads, nets.has(file) ? 'net' : 'light', path.dirname(file));
          sessions.set(file, await ort.InferenceSession.create(bytes, options));
        } catch (e) {
          throw new SessionError(file, e);
        }
      }
      return { sessions, report: { name: provider, skipped } };
    } catch (e) {
      await Promise.all([...sessions.values()].map((s) => s.release()));
      const error = e as SessionError;
      if (provider === 'cpu')
        throw new BundleError(`${error.file}: not a valid ONNX graph (${firstLine(error.cause)})`, {
          cause: e,
        });
      skipped.push(`${provider}: ${firstLine(error.cause)}`);
    }
  }
  throw new Error('no execution provider could be tried');
}

class SessionError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(file);
  }
}

/** The first line of an error's message, shortened: onnxruntime's can be long and multi-line. */
export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);
}
