// How one update moved the state it changed. Under TRM's and HRM's post-norm RMSNorm every position's
// RMS is 1 by construction, so norms say nothing; the step residual ||s_t - s_{t-1}|| / ||s_{t-1}|| and
// the cosine to the previous state do, whole and per position. A fixed random projection (the sketch)
// keeps each state's place in the trajectory in a few numbers, so a run's path can be drawn, and its
// distance to the last state estimated, without keeping every update's full state.

import type { Norms } from './metrics';

/** The motion of the state an update changed: z for a latent update, y for an answer update. */
export interface StateMotion {
  /** ||s_t - s_{t-1}|| / ||s_{t-1}|| over the whole state */
  readonly residual: number;
  /** cos(s_t, s_{t-1}) over the whole state */
  readonly cosine: number;
  /** the residual of each position's hidden vector (puzzle-embedding positions first) */
  readonly residualPerPos: readonly number[];
  /** the state through the fixed projection SKETCH_SIZE x (positions * hidden); see Sketcher */
  readonly sketch: readonly number[];
}

/** Numbers a state is projected to: distances between states come out within about 25% (sqrt(2 / 32)). */
export const SKETCH_SIZE = 32;

/** Elements of a state the sketch sums at a time (256 KB of them). */
const SKETCH_BLOCK = 1 << 16;

/** A small deterministic generator: the projection must be the same in every run, on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fixed linear map of a state to SKETCH_SIZE numbers (a count sketch): every element of the state is
 * added, with a random sign, to one of the outputs. Being linear, it maps the distance between two states
 * to the distance between their sketches, unbiased in the square, in one pass over the state: cheap enough
 * to run on every update where keeping every full state would not fit in memory.
 */
export class Sketcher {
  /**
   * The state's indices grouped by block, then by output and sign: in block b, output k adds the elements at
   * indices[starts[g]..starts[g+1]) and subtracts those at indices[starts[g+1]..starts[g+2]), g = 2 (b K + k)
   * for K outputs. Summing each group is a gather into four registers; scattering each element into its
   * output (the map as drawn) chained the additions through memory and took about three times as long. The
   * blocks keep each gather within a core's cache: over a full-size ARC state (1.9 MB) one gather over the
   * whole state missed it and took as long as the rest of the update's measures.
   */
  private readonly indices: Int32Array;
  private readonly starts: Int32Array;

  constructor(size: number, seed = 1, block = SKETCH_BLOCK) {
    const random = mulberry32(seed);
    // Every output first, then every sign, as the generator has always been drawn: the same map as before.
    const group = new Uint8Array(size);
    for (let i = 0; i < size; i++) group[i] = 2 * Math.floor(random() * SKETCH_SIZE);
    for (let i = 0; i < size; i++) if (random() < 0.5) group[i] += 1;
    const groups = 2 * SKETCH_SIZE;
    const slot = (i: number) => Math.floor(i / block) * groups + group[i];
    this.starts = new Int32Array(Math.ceil(size / block) * groups + 1);
    for (let i = 0; i < size; i++) this.starts[slot(i) + 1]++;
    for (let g = 0; g + 1 < this.starts.length; g++) this.starts[g + 1] += this.starts[g];
    const next = this.starts.slice(0, -1);
    this.indices = new Int32Array(size);
    for (let i = 0; i < size; i++) this.indices[next[slot(i)]++] = i;
  }

  sketch(state: Float32Array): number[] {
    const { indices, starts } = this;
    const out = new Array<number>(SKETCH_SIZE).fill(0);
    for (let g = 0; g + 1 < starts.length; g += 2) {
      out[(g >> 1) % SKETCH_SIZE] +=
        gatherSum(state, indices, starts[g], starts[g + 1]) - gatherSum(state, indices, starts[g + 1], starts[g + 2]);
    }
    return out;
  }
}

/** The sum of state[indices[j]] for j in [from, to), in four chains of additions that run side by side. */
function gatherSum(state: Float32Array, indices: Int32Array, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = from;
  for (; j + 3 < to; j += 4) {
    s0 += state[indices[j]];
    s1 += state[indices[j + 1]];
    s2 += state[indices[j + 2]];
    s3 += state[indices[j + 3]];
  }
  for (; j < to; j++) s0 += state[indices[j]];
  return s0 + s1 + (s2 + s3);
}

/** What an update did to the state it changed: how it moved, and the norms of where it went. */
export interface UpdateMeasures {
  readonly motion: StateMotion;
  /** of `next`: equal to metrics.norms(next), from the same pass as the motion */
  readonly norms: Norms;
}

/** The motion from `previous` to `next`, both [positions, hidden], and the norms of `next`. */
export function measureUpdate(
  previous: Float32Array,
  next: Float32Array,
  hidden: number,
  sketcher: Sketcher,
): UpdateMeasures {
  const positions = next.length / hidden;
  const residualPerPos = new Array<number>(positions);
  const rmsPerPos = new Float32Array(positions);
  let diff2 = 0;
  let prev2 = 0;
  let next2 = 0;
  let dot = 0;
  for (let p = 0; p < positions; p++) {
    // Sums per position in locals, then into the totals: about 3x faster than updating the totals per
    // element. Each sum runs in two chains, even and odd elements, as metrics.norms sums: twice as fast again.
    let d2 = 0;
    let a2 = 0;
    let b2 = 0;
    let ab = 0;
    let d2Odd = 0;
    let a2Odd = 0;
    let b2Odd = 0;
    let abOdd = 0;
    const end = (p + 1) * hidden;
    let i = p * hidden;
    for (; i + 1 < end; i += 2) {
      const a = previous[i];
      const b = next[i];
      const d = b - a;
      d2 += d * d;
      a2 += a * a;
      b2 += b * b;
      ab += a * b;
      const aOdd = previous[i + 1];
      const bOdd = next[i + 1];
      const dOdd = bOdd - aOdd;
      d2Odd += dOdd * dOdd;
      a2Odd += aOdd * aOdd;
      b2Odd += bOdd * bOdd;
      abOdd += aOdd * bOdd;
    }
    if (i < end) {
      const a = previous[i];
      const b = next[i];
      d2 += (b - a) * (b - a);
      a2 += a * a;
      b2 += b * b;
      ab += a * b;
    }
    d2 += d2Odd;
    a2 += a2Odd;
    b2 += b2Odd;
    ab += abOdd;
    residualPerPos[p] = ratio(Math.sqrt(d2), Math.sqrt(a2));
    rmsPerPos[p] = Math.sqrt(b2 / hidden);
    diff2 += d2;
    prev2 += a2;
    next2 += b2;
    dot += ab;
  }
  const motion = {
    residual: ratio(Math.sqrt(diff2), Math.sqrt(prev2)),
    cosine: ratio(dot, Math.sqrt(prev2 * next2)),
    residualPerPos,
    sketch: sketcher.sketch(next),
  };
  return { motion, norms: { rms: next.length > 0 ? Math.sqrt(next2 / next.length) : 0, perPosition: rmsPerPos } };
}

/** a / b, with 0 / 0 = 0: a state that was zero and stayed zero did not move. */
function ratio(a: number, b: number): number {
  return b === 0 ? (a === 0 ? 0 : Infinity) : a / b;
}

/** ||a - b|| / ||b|| between two sketches: the estimated distance of a state to another, relative to it. */
export function sketchDistance(a: readonly number[], b: readonly number[]): number {
  let d2 = 0;
  let b2 = 0;
  for (let i = 0; i < b.length; i++) {
    d2 += (a[i] - b[i]) * (a[i] - b[i]);
    b2 += b[i] * b[i];
  }
  return ratio(Math.sqrt(d2), Math.sqrt(b2));
}

/** A step's motion as y's and z's: the state the update did not change stayed where it was. */
export interface Moves {
  readonly dy: number;
  readonly dz: number;
  readonly cosY: number;
  readonly cosZ: number;
}

export function movesOf(step: {
  readonly kind: 'latent' | 'answer';
  readonly motion: StateMotion | null;
}): Moves | null {
  const m = step.motion;
  if (!m) return null;
  return step.kind === 'latent'
    ? { dy: 0, dz: m.residual, cosY: 1, cosZ: m.cosine }
    : { dy: m.residual, dz: 0, cosY: m.cosine, cosZ: 1 };
}

/** The mean of a step's per-cell entropies, or null when the trace has none. */
export function meanEntropy(entropy: readonly number[] | null): number | null {
  if (!entropy || entropy.length === 0) return null;
  return entropy.reduce((sum, h) => sum + h, 0) / entropy.length;
}
