// Solve time and memory of a bundle, with step recording (trace, motion, latent answers) on and off, against
// the bare network graph called back to back as often as a solve calls it (the engine's overhead), and the
// solve's GFLOP/s against the MatMul peak of the same runtime and thread count, all in one process.
//   node out/src/bench/solveBench.js BUNDLE_DIR [--runs N] [--threads T]
// Prints one JSON line; scripts/bench.mjs runs it per bundle in fresh processes and prints a table.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { openBundle, type Bundle } from '../core/bundle';
import { solve, solveBatch, stepsPerSupervision, type Checkpoint, type SolveRequest } from '../core/engine';
import { sessionOptions } from '../core/providers';
import { Trace, headerFor } from '../core/trace';
import { solveFlops, type Architecture } from './flops';
import { matmulPeakGflops } from './matmulPeak';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function randomGrid(bundle: Bundle): number[][] {
  const e = bundle.manifest.encoding;
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: e.height }, () =>
    Array.from({ length: e.width }, () => Math.floor(next() * e.numValues)),
  );
}

function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('model name'));
  return line?.split(':')[1].trim() ?? 'unknown CPU';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function newTrace(bundle: Bundle, request: SolveRequest): Trace {
  return new Trace(
    headerFor(
      bundle,
      { id: 'bench', testIndex: 0, input: request.input, target: request.target },
      { index: 0, name: '<blank>' },
    ),
  );
}

async function timeSolve(
  bundle: Bundle,
  request: SolveRequest,
  record: boolean,
): Promise<{ ms: number; traceBytes: number }> {
  const trace = newTrace(bundle, request);
  const started = performance.now();
  // Off is the engine alone: no trace kept, no motion measured, no latent decoded.
  for await (const step of solve(bundle, {
    ...request,
    decodeLatent: record,
    measureMotion: record,
    onCheckpoint: record ? (c) => trace.checkpoints.push(c) : undefined,
  })) {
    if (record) trace.add(step);
  }
  return { ms: performance.now() - started, traceBytes: trace.approximateBytes() };
}

/** Milliseconds of one recorded solve spent in each graph's session.run, and the rest (JavaScript). */
async function timeParts(bundle: Bundle, request: SolveRequest): Promise<Record<string, number>> {
  const parts: Record<string, number> = {};
  const timed = (role: string, session: ort.InferenceSession): ort.InferenceSession =>
    Object.create(session, {
      run: {
        value: async (...args: Parameters<ort.InferenceSession['run']>) => {
          const started = performance.now();
          const out = await session.run(...args);
          parts[role] = (parts[role] ?? 0) + performance.now() - started;
          return out;
        },
      },
    }) as ort.InferenceSession;
  const sessions = Object.fromEntries(
    Object.entries(bundle.sessions).map(([role, session]) => [role, timed(role, session)]),
  ) as unknown as Bundle['sessions'];
  const { ms } = await timeSolve({ ...bundle, sessions }, request, true);
  const inSessions = Object.values(parts).reduce((a, b) => a + b, 0);
  return { ...parts, js: ms - inSessions, total: ms };
}

/** Augmentations a vote bench runs: the K. */
const VOTE_K = 8;

/** Milliseconds of K recorded solves of one input, one after another or as one batch (what a vote does). */
async function timeVote(bundle: Bundle, request: SolveRequest, batched: boolean): Promise<number> {
  const started = performance.now();
  if (batched) {
    const traces = Array.from({ length: VOTE_K }, () => newTrace(bundle, request));
    const rows = traces.map((trace) => ({ ...request, onCheckpoint: (c: Checkpoint) => trace.checkpoints.push(c) }));
    for await (const steps of solveBatch(bundle, rows)) steps.forEach((step, b) => traces[b].add(step));
  } else {
    for (let k = 0; k < VOTE_K; k++) await timeSolve(bundle, request, true);
  }
  return performance.now() - started;
}

/** The latent net called back to back, as the bundle has it: where it also outputs the heads, with them. */
async function timeBareNet(bundle: Bundle, calls: number): Promise<number> {
  const a = bundle.manifest.architecture;
  const dims = [1, a.puzzleEmbLen + a.seqLen, a.hiddenSize];
  const size = dims[1] * dims[2];
  let hidden: ort.Tensor = new ort.Tensor('float32', new Float32Array(size).fill(0.1), dims);
  const injection = new ort.Tensor('float32', new Float32Array(size).fill(0.2), dims);
  const started = performance.now();
  for (let i = 0; i < calls; i++)
    hidden = (await bundle.sessions.latentNet.run({ hidden, injection })).out as ort.Tensor;
  return performance.now() - started;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  const runs = arg('--runs', 3);
  const threads = arg('--threads', 2);
  const bundle = await openBundle(dir, { provider: 'cpu', threads });
  const rssLoaded = process.memoryUsage().rss;
  const grid = randomGrid(bundle);
  const request: SolveRequest = { input: grid, target: grid, where: '$', puzzleId: 0 };
  const { haltMaxSteps, hCycles } = bundle.manifest.schedule;
  const netCalls = haltMaxSteps * stepsPerSupervision(bundle);
  const headsCalls = haltMaxSteps * hCycles + 1;
  // The manifest's full architecture record (Manifest keeps only what the engine needs).
  const architecture = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).architecture as Architecture;
  const flops = solveFlops(architecture, netCalls, headsCalls);
  await timeSolve(bundle, request, true); // warm-up
  const on: number[] = [];
  const off: number[] = [];
  const bare: number[] = [];
  let traceBytes = 0;
  for (let r = 0; r < runs; r++) {
    const rec = await timeSolve(bundle, request, true);
    on.push(rec.ms);
    traceBytes = rec.traceBytes;
    off.push((await timeSolve(bundle, request, false)).ms);
    bare.push(await timeBareNet(bundle, netCalls));
  }
  const parts = await timeParts(bundle, request);
  const voteSequential: number[] = [];
  const voteBatched: number[] = [];
  for (let r = 0; r < runs; r++) {
    voteSequential.push(await timeVote(bundle, request, false));
    voteBatched.push(await timeVote(bundle, request, true));
  }
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  await bundle.release();
  const matmulGflops = await matmulPeakGflops(sessionOptions('cpu', threads, 'net'));
  const gflops = flops / 1e9 / (median(on) / 1000);
  const result = {
    bundle: bundle.manifest.name,
    provider: bundle.provider.name,
    threads,
    runs,
    netCalls,
    headsCalls,
    // Whether the nets output the heads (then a solve runs the heads graph once, before the first update).
    netReadout: bundle.netReadout.latentNet && bundle.netReadout.answerNet,
    solveMsRecording: median(on),
    solveMsNoRecording: median(off),
    bareNetMs: median(bare),
    // Ratios of the runs measured back to back, then their median: load from other jobs drifts slowly.
    overhead: median(on.map((t, r) => t / bare[r])),
    recordingCost: median(on.map((t, r) => t / off[r])),
    gflopPerSolve: flops / 1e9,
    gflops,
    matmulGflops,
    ofPeak: gflops / matmulGflops,
    // K recorded solves of one input, sequential over batched: above 1, batching is faster.
    voteK: VOTE_K,
    voteSequentialMs: median(voteSequential),
    voteBatchedMs: median(voteBatched),
    voteBatchSpeedup: median(voteSequential.map((t, r) => t / voteBatched[r])),
    // One recorded solve's milliseconds per session (embed, latentNet, answerNet, heads) and in JavaScript.
    partsMs: parts,
    cpu: cpuModel(),
    traceMB: traceBytes / 2 ** 20,
    rssLoadedMB: rssLoaded / 2 ** 20,
    peakRssMB,
    peakAboveLoadedMB: peakRssMB - rssLoaded / 2 ** 20,
  };
  console.log(JSON.stringify(result));
}

void main();
