// Runs a bundle's recursion on one test input, one update at a time, and describes each update:
// embed once; per supervision step, hCycles x (lCycles latent updates z = net(z, y + x), one answer
// update y = net(y, z)); the heads read y after each answer update. y and z stay in preallocated buffers;
// the input is encoded once.

import * as ort from 'onnxruntime-node';
import type { Grid } from './arcTask';
import { embedInputs, type Bundle } from './bundle';
import { cropOf, decodeTokens, encodeGrid } from './encoding';
import { norms, predict, score, sigmoid } from './metrics';
import type { Step, StepKind } from './step';
import { motionOf, Sketcher } from './stateMotion';

/** Full y and z at the start of a supervision step: replay from here is exact. */
export interface Checkpoint {
  readonly supStep: number;
  /** index of the first record of the supervision step */
  readonly firstIndex: number;
  readonly y: Float32Array;
  readonly z: Float32Array;
}

export interface SolveRequest {
  readonly input: Grid;
  readonly target: Grid | null;
  /** JSON path of the input grid, for errors */
  readonly where: string;
  /** row of the puzzle-embedding table */
  readonly puzzleId: number;
  readonly stopAtHalt?: boolean;
  /** decode heads(z) after each latent update (default on) */
  readonly decodeLatent?: boolean;
  /** measure each update's motion (default on; off only to time the engine without it) */
  readonly measureMotion?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number) => void;
  /** receives each supervision step's starting state (for replay) */
  readonly onCheckpoint?: (checkpoint: Checkpoint) => void;
}

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('the solve was cancelled');
  }
}

/** Resolves a task id to a row of the bundle's identifier table. */
export type IdentifierMatch =
  | { readonly kind: 'known'; readonly index: number; readonly name: string }
  | { readonly kind: 'unknown'; readonly taskId: string };

export function matchIdentifier(bundle: Bundle, taskId: string): IdentifierMatch {
  const names = bundle.manifest.identifiers.names;
  if (names.length === 1) return { kind: 'known', index: 0, name: names[0] };
  const index = names.indexOf(taskId);
  return index >= 0 ? { kind: 'known', index, name: taskId } : { kind: 'unknown', taskId };
}

export function stepsPerSupervision(bundle: Bundle): number {
  const { hCycles, lCycles } = bundle.manifest.schedule;
  return hCycles * (lCycles + 1);
}

/** Everything fixed for one solve: tensors and label data. */
class Run {
  readonly positions: number;
  readonly hidden: number;
  readonly dims: number[];
  readonly y: Float32Array;
  readonly z: Float32Array;
  readonly scratch: Float32Array;
  /** the state an update is about to change, as it was, for its motion */
  readonly previous: Float32Array;
  readonly sketcher: Sketcher;
  readonly labels: Int32Array | null;
  readonly valid: Uint8Array | null;
  readonly tokens: BigInt64Array;
  x!: Float32Array;

  constructor(
    readonly bundle: Bundle,
    readonly request: SolveRequest,
  ) {
    const m = bundle.manifest;
    this.positions = m.architecture.puzzleEmbLen + m.architecture.seqLen;
    this.hidden = m.architecture.hiddenSize;
    this.dims = [1, this.positions, this.hidden];
    this.y = new Float32Array(this.positions * this.hidden);
    this.z = new Float32Array(this.positions * this.hidden);
    this.scratch = new Float32Array(this.positions * this.hidden);
    this.previous = new Float32Array(this.positions * this.hidden);
    this.sketcher = new Sketcher(this.positions * this.hidden);
    for (let p = 0; p < this.positions; p++) {
      this.y.set(m.initialState.y, p * this.hidden);
      this.z.set(m.initialState.z, p * this.hidden);
    }
    this.tokens = encodeGrid(request.input, m.encoding, request.where);
    if (request.target) {
      const tokens = encodeGrid(request.target, m.encoding, `${request.where.replace(/\.input$/, '')}.output`);
      this.labels = Int32Array.from(tokens, Number);
      this.valid = Uint8Array.from(this.labels, (t) => (m.loss.ignorePadLabels && t === m.encoding.padToken ? 0 : 1));
    } else {
      this.labels = null;
      this.valid = null;
    }
  }

  tensor(data: Float32Array): ort.Tensor {
    return new ort.Tensor('float32', data, this.dims);
  }

  async embed(): Promise<void> {
    const tokens = this.tokens;
    const out = await this.bundle.sessions.embed.run(await embedInputs(this.bundle, tokens, [this.request.puzzleId]));
    this.x = out.x.data as Float32Array;
  }

  /** z = latentNet(z, y + x) */
  async latent(): Promise<void> {
    const { y, x, scratch } = this;
    for (let i = 0; i < scratch.length; i++) scratch[i] = y[i] + x[i];
    const out = await this.bundle.sessions.latentNet.run({
      hidden: this.tensor(this.z),
      injection: this.tensor(scratch),
    });
    this.z.set(out.out.data as Float32Array);
  }

  /** y = answerNet(y, z) */
  async answer(): Promise<void> {
    const out = await this.bundle.sessions.answerNet.run({
      hidden: this.tensor(this.y),
      injection: this.tensor(this.z),
    });
    this.y.set(out.out.data as Float32Array);
  }

  async heads(state: Float32Array): Promise<{ logits: Float32Array; q: Float32Array }> {
    const out = await this.bundle.sessions.heads.run({ state: this.tensor(state) });
    return { logits: out.logits.data as Float32Array, q: out.q_logits.data as Float32Array };
  }
}

/** What the heads say about y: the answer and its scores. Unchanged until the next answer update. */
interface Reading {
  readonly answer: number[][];
  readonly confidence: readonly number[];
  readonly entropy: readonly number[];
  readonly qHalt: number;
  readonly qContinue: number;
  readonly scores: ReturnType<typeof score> | null;
}

async function read(run: Run, state: Float32Array): Promise<Reading> {
  const m = run.bundle.manifest;
  const { logits, q } = await run.heads(state);
  const vocab = m.architecture.vocabSize;
  const predicted = predict(logits, vocab);
  const crop = cropOf(predicted.tokens, m.encoding);
  const answer = decodeTokens(predicted.tokens, m.encoding, crop);
  // Plain arrays, as a step stores them; the steps that share this reading share them too.
  const perCell = (perPosition: Float32Array) => {
    const out = new Array<number>(crop.height * crop.width);
    for (let r = 0; r < crop.height; r++) {
      for (let c = 0; c < crop.width; c++) out[r * crop.width + c] = perPosition[r * m.encoding.width + c];
    }
    return out;
  };
  const scores =
    run.labels && run.valid
      ? score(logits, vocab, predicted.tokens, run.labels, run.valid, q[0], m.loss.lm, m.loss.haltWeight)
      : null;
  return {
    answer,
    confidence: perCell(predicted.confidence),
    entropy: perCell(predicted.entropy),
    qHalt: q[0],
    qContinue: q[1],
    scores,
  };
}

/** The norms a step stores; the steps until the state's next update share them. */
function stateNorms(
  state: Float32Array,
  hidden: number,
): { readonly rms: number; readonly perPosition: readonly number[] } {
  const { rms, perPosition } = norms(state, hidden);
  return { rms, perPosition: Array.from(perPosition) };
}

function changedCells(previous: number[][], next: number[][]): number[] {
  const changed: number[] = [];
  const width = next[0]?.length ?? 0;
  for (let r = 0; r < next.length; r++) {
    for (let c = 0; c < width; c++) if (previous[r]?.[c] !== next[r][c]) changed.push(r * width + c);
  }
  return changed;
}

function fires(bundle: Bundle, reading: Reading): boolean {
  return bundle.manifest.schedule.haltRule === 'q_halt_positive'
    ? reading.qHalt > 0
    : reading.qHalt > reading.qContinue;
}

/**
 * Runs the schedule and yields one record per latent and answer update. All haltMaxSteps supervision
 * steps run unless `stopAtHalt`; the record ending the first supervision step whose halting rule fires
 * has `halts`. Cancelling through `signal` throws CancelledError at the next update.
 */
export async function* solve(bundle: Bundle, request: SolveRequest): AsyncGenerator<Step> {
  const run = new Run(bundle, request);
  await run.embed();
  const { hCycles, lCycles, haltMaxSteps } = bundle.manifest.schedule;
  const total = haltMaxSteps * stepsPerSupervision(bundle);
  let reading = await read(run, run.y);
  // Each update changes one of y and z; the other's norms carry over.
  let yNorms = stateNorms(run.y, run.hidden);
  let zNorms = stateNorms(run.z, run.hidden);
  // heads(z), decoded unless the request says not to; it changes with z only.
  const decodeLatent = request.decodeLatent !== false;
  const measureMotion = request.measureMotion !== false;
  let latentAnswer: number[][] | null = null;
  let index = 0;
  let halted = false;
  for (let s = 0; s < haltMaxSteps; s++) {
    request.onCheckpoint?.({ supStep: s, firstIndex: index, y: run.y.slice(), z: run.z.slice() });
    for (let h = 0; h < hCycles; h++) {
      for (let l = 0; l <= lCycles; l++) {
        if (request.signal?.aborted) throw new CancelledError();
        const kind: StepKind = l < lCycles ? 'latent' : 'answer';
        const started = performance.now();
        const previous = reading.answer;
        const state = kind === 'latent' ? run.z : run.y;
        if (measureMotion) run.previous.set(state);
        if (kind === 'latent') {
          await run.latent();
          zNorms = stateNorms(run.z, run.hidden);
          if (decodeLatent) latentAnswer = (await read(run, run.z)).answer;
        } else {
          await run.answer();
          yNorms = stateNorms(run.y, run.hidden);
          reading = await read(run, run.y);
        }
        const motion = measureMotion ? motionOf(run.previous, state, run.hidden, run.sketcher) : null;
        const endsStep = kind === 'answer' && h === hCycles - 1;
        const halts: boolean = endsStep && !halted && fires(bundle, reading);
        halted ||= halts;
        yield {
          index,
          supStep: s,
          hCycle: h,
          lCycle: kind === 'latent' ? l : null,
          kind,
          answer: reading.answer,
          confidence: reading.confidence,
          changed: changedCells(previous, reading.answer),
          yNorm: yNorms.rms,
          zNorm: zNorms.rms,
          yNormPerPos: yNorms.perPosition,
          zNormPerPos: zNorms.perPosition,
          qHalt: reading.qHalt,
          qContinue: reading.qContinue,
          haltProb: sigmoid(reading.qHalt),
          halts,
          loss: reading.scores?.loss ?? null,
          cellAccuracy: reading.scores?.cellAccuracy ?? null,
          exact: reading.scores?.exact ?? null,
          latentAnswer,
          motion,
          entropy: reading.entropy,
          ms: performance.now() - started,
        };
        index++;
        request.onProgress?.(index / total);
      }
    }
    if (halted && request.stopAtHalt) return;
  }
}

/**
 * y and z right after record `index`, recomputed from the checkpoint of its supervision step. The
 * recursion is deterministic, so on the same provider this equals the first run bit for bit.
 */
export async function replay(
  bundle: Bundle,
  request: SolveRequest,
  checkpoint: Checkpoint,
  index: number,
): Promise<{ y: Float32Array; z: Float32Array }> {
  const run = new Run(bundle, request);
  await run.embed();
  run.y.set(checkpoint.y);
  run.z.set(checkpoint.z);
  const { lCycles } = bundle.manifest.schedule;
  for (let i = checkpoint.firstIndex; i <= index; i++) {
    const l = (i - checkpoint.firstIndex) % (lCycles + 1);
    if (l < lCycles) await run.latent();
    else await run.answer();
  }
  return { y: run.y.slice(), z: run.z.slice() };
}
