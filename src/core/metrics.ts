// Per-step numbers a researcher reads off the recursion: norms, confidence, accuracy and the
// supervision loss exactly as the reference's ACT loss head computes it for one sample.

export type LmLoss = 'softmax' | 'stablemax';

export interface Norms {
  /** RMS of the whole state */
  readonly rms: number;
  /** RMS of each position's hidden vector (puzzle-embedding positions first) */
  readonly perPosition: Float32Array;
}

/** RMS norms of a [positions, hidden] state, whole and per position, in one pass over it. */
export function norms(state: Float32Array, hidden: number): Norms {
  const positions = state.length / hidden;
  const perPosition = new Float32Array(positions);
  let total = 0;
  for (let p = 0; p < positions; p++) {
    // Even and odd elements in two chains, as stateMotion.measureUpdate sums: its norms equal these exactly.
    let sum = 0;
    let odd = 0;
    const end = (p + 1) * hidden;
    let i = p * hidden;
    for (; i + 1 < end; i += 2) {
      sum += state[i] * state[i];
      odd += state[i + 1] * state[i + 1];
    }
    if (i < end) sum += state[i] * state[i];
    sum += odd;
    perPosition[p] = Math.sqrt(sum / hidden);
    total += sum;
  }
  return { rms: state.length > 0 ? Math.sqrt(total / state.length) : 0, perPosition };
}

export interface Prediction {
  /** argmax token per position */
  readonly tokens: Int32Array;
  /** softmax probability of that token */
  readonly confidence: Float32Array;
  /** entropy of the softmax distribution, in nats: 0 when certain, ln(vocab) when uniform */
  readonly entropy: Float32Array;
}

function argmaxAt(logits: Float32Array, base: number, vocab: number): number {
  let best = 0;
  for (let v = 1; v < vocab; v++) if (logits[base + v] > logits[base + best]) best = v;
  return best;
}

/** The argmax token of each row of [positions, vocab] logits: predict's tokens, without its scores. */
export function argmaxTokens(logits: Float32Array, vocab: number): Int32Array {
  const tokens = new Int32Array(logits.length / vocab);
  for (let p = 0; p < tokens.length; p++) tokens[p] = argmaxAt(logits, p * vocab, vocab);
  return tokens;
}

/** Argmax, its softmax probability and the distribution's entropy for each row of [positions, vocab] logits. */
export function predict(logits: Float32Array, vocab: number): Prediction {
  const positions = logits.length / vocab;
  const tokens = new Int32Array(positions);
  const confidence = new Float32Array(positions);
  const entropy = new Float32Array(positions);
  for (let p = 0; p < positions; p++) {
    const base = p * vocab;
    const best = argmaxAt(logits, base, vocab);
    // With w = exp(x - max) and S = sum w: H = ln S - sum w (x - max) / S, in the same pass.
    let sum = 0;
    let weighted = 0;
    for (let v = 0; v < vocab; v++) {
      const shifted = logits[base + v] - logits[base + best];
      const w = Math.exp(shifted);
      sum += w;
      weighted += w * shifted;
    }
    tokens[p] = best;
    confidence[p] = 1 / sum;
    entropy[p] = Math.log(sum) - weighted / sum;
  }
  return { tokens, confidence, entropy };
}

/** log p(label) of one row, in float64. */
function logProb(logits: Float32Array, base: number, vocab: number, label: number, kind: LmLoss): number {
  if (kind === 'softmax') {
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) max = Math.max(max, logits[base + v]);
    let sum = 0;
    for (let v = 0; v < vocab; v++) sum += Math.exp(logits[base + v] - max);
    return logits[base + label] - max - Math.log(sum);
  }
  // stablemax: s(x) = 1/(1-x) for x < 0, x + 1 otherwise; p = s(x_label) / sum s(x)
  const s = (x: number) => (x < 0 ? 1 / (1 - x) : x + 1);
  let sum = 0;
  for (let v = 0; v < vocab; v++) sum += s(logits[base + v]);
  return Math.log(s(logits[base + label]) / sum);
}

/** BCE with logits, numerically stable. */
export function bceWithLogits(logit: number, target: 0 | 1): number {
  return Math.max(logit, 0) - logit * target + Math.log1p(Math.exp(-Math.abs(logit)));
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export interface Scores {
  readonly cellAccuracy: number;
  readonly exact: boolean;
  readonly lmLoss: number;
  /** lm loss + haltWeight * BCE(q_halt, exact) */
  readonly loss: number;
}

/**
 * Scores against labels; `valid[p]` says whether position p counts (the reference ignores PAD labels).
 * lm loss is the mean over valid positions; exact means every valid position is right.
 */
export function score(
  logits: Float32Array,
  vocab: number,
  predicted: Int32Array,
  labels: Int32Array,
  valid: Uint8Array,
  qHalt: number,
  kind: LmLoss,
  haltWeight: number,
): Scores {
  let count = 0;
  let correct = 0;
  let nll = 0;
  for (let p = 0; p < labels.length; p++) {
    if (!valid[p]) continue;
    count++;
    if (predicted[p] === labels[p]) correct++;
    nll -= logProb(logits, p * vocab, vocab, labels[p], kind);
  }
  const exact = correct === count;
  const lmLoss = nll / Math.max(count, 1);
  return {
    cellAccuracy: count ? correct / count : 0,
    exact,
    lmLoss,
    loss: lmLoss + haltWeight * bceWithLogits(qHalt, exact ? 1 : 0),
  };
}
