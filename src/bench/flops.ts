// FLOPs of one solve, counted analytically from the bundle's architecture: matrix multiplies only
// (2 per multiply-add); norms, softmax, RoPE and additions are a few percent at these sizes.

export interface Architecture {
  readonly hiddenSize: number;
  readonly expansion: number;
  readonly layers: number;
  readonly mixer: 'attention' | 'mlp_t';
  readonly seqLen: number;
  readonly puzzleEmbLen: number;
  readonly vocabSize: number;
}

/** The reference's SwiGLU width: 2/3 of expansion x size, rounded up to a multiple of 256. */
const swigluWidth = (size: number, expansion: number) => Math.ceil(Math.round((expansion * size * 2) / 3) / 256) * 256;

/** SwiGLU over `rows` vectors of `size`: gate_up [size, 2w], down [w, size]. */
const swigluFlops = (rows: number, size: number, expansion: number) =>
  2 * rows * size * 3 * swigluWidth(size, expansion);

/** One call of the network (one latent or answer update). */
export function netFlops(a: Architecture): number {
  const s = a.puzzleEmbLen + a.seqLen;
  const h = a.hiddenSize;
  const mixer =
    a.mixer === 'mlp_t'
      ? swigluFlops(h, s, a.expansion) // token mixing: a SwiGLU over positions, for each hidden channel
      : 2 * s * h * 3 * h + 2 * 2 * s * s * h + 2 * s * h * h; // qkv, scores and weighted values, output
  return a.layers * (mixer + swigluFlops(s, h, a.expansion));
}

/** One call of the heads: the answer head over the grid, the Q head on the first position. */
export const headsFlops = (a: Architecture): number => 2 * a.seqLen * a.hiddenSize * a.vocabSize + 2 * a.hiddenSize * 2;

export const solveFlops = (a: Architecture, netCalls: number, headsCalls: number): number =>
  netCalls * netFlops(a) + headsCalls * headsFlops(a);
