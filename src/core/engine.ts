// Runs a bundle's recursion on one test input, or on several together (a batch: the augmentations of a
// vote), one update at a time, and describes each update: embed once; per supervision step, hCycles x
// (lCycles latent updates z = net(z, y + x), one answer update y = net(y, z)); the heads read y after each
// answer update, and z after each latent update. y and z stay in preallocated buffers the graphs write into;
// the inputs are encoded once. Where a net outputs the heads on the state it wrote (Bundle.netReadout), an
// update and its reading are one run.

import * as ort from 'onnxruntime-node';
import type { Grid } from './arcTask';
import { embedInputs, type Bundle } from './bundle';
import { cropOf, decodeTokens, encodeGrid } from './encoding';
import { argmaxTokens, norms, predict, score, sigmoid, type Norms } from './metrics';
import type { Step, StepKind } from './step';
import { measureUpdate, Sketcher, type UpdateMeasures } from './stateMotion';

/** Full y and z at the start of a supervision step: replay from here is exact. */
export interface Checkpoint {
  readonly supStep: number;
  /** index of the first record of the supervision step */
  readonly firstIndex: number;
  readonly y: Float32Array;
  readonly z: Float32Array;
}

/** One row of a solve: a test input (or an augmentation of one) under one puzzle identifier. */
export interface SolveRow {
  readonly input: Grid;
  readonly target: Grid | null;
  /** JSON path of the input grid, for errors */
  readonly where: string;
  /** row of the puzzle-embedding table */
  readonly puzzleId: number;
  /** receives each supervision step's starting state (for replay) */
  readonly onCheckpoint?: (checkpoint: Checkpoint) => void;
}

/** What every row of a solve shares. */
export interface RunOptions {
  /** decode heads(z) after each latent update (default on) */
  readonly decodeLatent?: boolean;
  /** measure each update's motion (default on; off only to time the engine without it) */
  readonly measureMotion?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number) => void;
}

export interface SolveRequest extends SolveRow, RunOptions {
  readonly stopAtHalt?: boolean;
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

export function matchIdentifier(bundle: Pick<Bundle, 'manifest'>, taskId: string): IdentifierMatch {
  const names = bundle.manifest.identifiers.names;
  if (names.length === 1) return { kind: 'known', index: 0, name: names[0] };
  const index = names.indexOf(taskId);
  return index >= 0 ? { kind: 'known', index, name: taskId } : { kind: 'unknown', taskId };
}

export function stepsPerSupervision(bundle: Bundle): number {
  const { hCycles, lCycles } = bundle.manifest.schedule;
  return hCycles * (lCycles + 1);
}

/** What is fixed for one row: its tokens and label data. */
class Row {
  readonly labels: Int32Array | null;
  readonly valid: Uint8Array | null;
  readonly tokens: BigInt64Array;

  constructor(
    readonly request: SolveRow,
    manifest: Bundle['manifest'],
  ) {
    this.tokens = encodeGrid(request.input, manifest.encoding, request.where);
    if (request.target) {
      const where = `${request.where.replace(/\.input$/, '')}.output`;
      this.labels = Int32Array.from(encodeGrid(request.target, manifest.encoding, where), Number);
      const { loss, encoding } = manifest;
      this.valid = Uint8Array.from(this.labels, (t) => (loss.ignorePadLabels && t === encoding.padToken ? 0 : 1));
    } else {
      this.labels = null;
      this.valid = null;
    }
  }
}

/** What the heads graph outputs, and a net with Bundle.netReadout too. */
type HeadsOutputs = { readonly logits: ort.Tensor; readonly q_logits: ort.Tensor };

/**
 * One of y and z for every row of a batch: two buffers that take turns. An update reads `current` and the
 * graph writes its output straight into the other buffer (a pre-allocated output), which then becomes
 * `current`; the state it replaced stays readable as `previous`, for the update's motion. Neither the
 * output nor the previous state is copied, and the tensors over the buffers are made once.
 */
class State {
  private readonly buffers: readonly [Float32Array, Float32Array];
  private readonly tensors: readonly [ort.Tensor, ort.Tensor];
  private turn: 0 | 1 = 0;

  constructor(size: number, dims: readonly number[]) {
    this.buffers = [new Float32Array(size), new Float32Array(size)];
    this.tensors = [new ort.Tensor('float32', this.buffers[0], dims), new ort.Tensor('float32', this.buffers[1], dims)];
  }

  get current(): Float32Array {
    return this.buffers[this.turn];
  }

  /** The state before the last update (meaningless before the first). */
  get previous(): Float32Array {
    return this.buffers[1 - this.turn];
  }

  get tensor(): ort.Tensor {
    return this.tensors[this.turn];
  }

  /**
   * z = net(z, injection) or y = net(y, z), written into the buffer not read; with `readout`, the net's
   * heads outputs are written there too.
   */
  async update(net: ort.InferenceSession, injection: ort.Tensor, readout?: HeadsOutputs): Promise<void> {
    const next = (1 - this.turn) as 0 | 1;
    await net.run({ hidden: this.tensors[this.turn], injection }, { out: this.tensors[next], ...readout });
    this.turn = next;
  }
}

/**
 * The rows of one solve run together: their states side by side in one [rows, positions, hidden] tensor,
 * so each update is one call of the graph for all of them (the graphs have a batch dimension).
 */
class Batch {
  readonly rows: readonly Row[];
  readonly positions: number;
  readonly hidden: number;
  /** floats of one row's state */
  readonly stride: number;
  readonly y: State;
  readonly z: State;
  /** y + x, the latent update's injection: made again only after y changes, as the lCycles updates share it */
  private readonly injection: Float32Array;
  private readonly injectionTensor: ort.Tensor;
  private injectionStale = true;
  /** what the heads write: overwritten by every read, so a reading copies what it keeps */
  private readonly headsOut: HeadsOutputs;
  /** the state headsOut holds the heads of, until that state changes */
  private headsRead: State | null = null;
  private x!: Float32Array;

  constructor(
    readonly bundle: Bundle,
    requests: readonly SolveRow[],
  ) {
    if (requests.length === 0) throw new RangeError('a solve needs at least one row');
    const m = bundle.manifest;
    this.rows = requests.map((request) => new Row(request, m));
    this.positions = m.architecture.puzzleEmbLen + m.architecture.seqLen;
    this.hidden = m.architecture.hiddenSize;
    this.stride = this.positions * this.hidden;
    const dims = [requests.length, this.positions, this.hidden];
    const size = requests.length * this.stride;
    this.y = new State(size, dims);
    this.z = new State(size, dims);
    this.injection = new Float32Array(size);
    this.injectionTensor = new ort.Tensor('float32', this.injection, dims);
    const { seqLen, vocabSize } = m.architecture;
    this.headsOut = {
      logits: new ort.Tensor('float32', new Float32Array(requests.length * seqLen * vocabSize), [
        requests.length,
        seqLen,
        vocabSize,
      ]),
      q_logits: new ort.Tensor('float32', new Float32Array(requests.length * 2), [requests.length, 2]),
    };
    for (let p = 0; p < size / this.hidden; p++) {
      this.y.current.set(m.initialState.y, p * this.hidden);
      this.z.current.set(m.initialState.z, p * this.hidden);
    }
  }

  /** Row b's part of a batch-sized array. */
  part(state: Float32Array, b: number): Float32Array {
    return state.subarray(b * this.stride, (b + 1) * this.stride);
  }

  async embed(): Promise<void> {
    const seq = this.rows[0].tokens.length;
    const tokens = new BigInt64Array(this.rows.length * seq);
    this.rows.forEach((row, b) => tokens.set(row.tokens, b * seq));
    const puzzleIds = this.rows.map((row) => row.request.puzzleId);
    const out = await this.bundle.sessions.embed.run(await embedInputs(this.bundle, tokens, puzzleIds));
    this.x = out.x.data as Float32Array;
  }

  /** Sets the states, as a checkpoint holds them. */
  restore(y: ArrayLike<number>, z: ArrayLike<number>): void {
    this.y.current.set(y);
    this.z.current.set(z);
    this.injectionStale = true;
    this.headsRead = null;
  }

  /** z = latentNet(z, y + x); `read`: the heads are to read the new z */
  async latent(read: boolean): Promise<void> {
    if (this.injectionStale) {
      const { injection, x } = this;
      const y = this.y.current;
      for (let i = 0; i < injection.length; i++) injection[i] = y[i] + x[i];
      this.injectionStale = false;
    }
    await this.update(this.z, 'latentNet', this.injectionTensor, read);
  }

  /** y = answerNet(y, z); `read`: the heads are to read the new y */
  async answer(read: boolean): Promise<void> {
    await this.update(this.y, 'answerNet', this.z.tensor, read);
    this.injectionStale = true;
  }

  private async update(
    state: State,
    net: 'latentNet' | 'answerNet',
    injection: ort.Tensor,
    read: boolean,
  ): Promise<void> {
    const readout = read && this.bundle.netReadout[net];
    await state.update(this.bundle.sessions[net], injection, readout ? this.headsOut : undefined);
    if (readout) this.headsRead = state;
    else if (this.headsRead === state) this.headsRead = null;
  }

  /** The heads on `state`: from its update where the net gave them, else from a run of the heads graph. */
  async heads(state: State): Promise<{ logits: Float32Array; q: Float32Array }> {
    if (this.headsRead !== state) {
      await this.bundle.sessions.heads.run({ state: state.tensor }, this.headsOut);
      this.headsRead = state;
    }
    return { logits: this.headsOut.logits.data as Float32Array, q: this.headsOut.q_logits.data as Float32Array };
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

/** What the heads say about each row of a batch-sized state: one call of the heads for all rows. */
async function read(batch: Batch, state: State): Promise<Reading[]> {
  const { logits, q } = await batch.heads(state);
  const perRow = logits.length / batch.rows.length;
  return batch.rows.map((row, b) =>
    reading(batch.bundle, row, logits.subarray(b * perRow, (b + 1) * perRow), q.subarray(2 * b, 2 * b + 2)),
  );
}

/** The answer the heads decode from each row of z: a step keeps only that of a latent's readout. */
async function readAnswers(batch: Batch, state: State): Promise<number[][][]> {
  const { logits } = await batch.heads(state);
  const perRow = logits.length / batch.rows.length;
  const m = batch.bundle.manifest;
  return batch.rows.map((_, b) => {
    const tokens = argmaxTokens(logits.subarray(b * perRow, (b + 1) * perRow), m.architecture.vocabSize);
    return decodeTokens(tokens, m.encoding, cropOf(tokens, m.encoding));
  });
}

function reading(bundle: Bundle, row: Row, logits: Float32Array, q: Float32Array): Reading {
  const m = bundle.manifest;
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
    row.labels && row.valid
      ? score(logits, vocab, predicted.tokens, row.labels, row.valid, q[0], m.loss.lm, m.loss.haltWeight)
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

/** The norms a step stores, in plain arrays; the steps until the state's next update share them. */
interface StepNorms {
  readonly rms: number;
  readonly perPosition: readonly number[];
}

function stepNorms({ rms, perPosition }: Norms): StepNorms {
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

/** Each row's norms of a batch-sized state. */
function rowNorms(batch: Batch, state: State): StepNorms[] {
  return batch.rows.map((_, b) => stepNorms(norms(batch.part(state.current, b), batch.hidden)));
}

/** How the last update moved each row's part of `state`, and the norms it left. */
function rowMeasures(batch: Batch, state: State, sketcher: Sketcher): UpdateMeasures[] {
  return batch.rows.map((_, b) =>
    measureUpdate(batch.part(state.previous, b), batch.part(state.current, b), batch.hidden, sketcher),
  );
}

/**
 * Runs the schedule and yields one record per latent and answer update. All haltMaxSteps supervision
 * steps run unless `stopAtHalt`; the record ending the first supervision step whose halting rule fires
 * has `halts`. Cancelling through `signal` throws CancelledError at the next update.
 */
export async function* solve(bundle: Bundle, request: SolveRequest): AsyncGenerator<Step> {
  for await (const [step] of run(bundle, [request], request)) yield step;
}

/**
 * Solves the rows together, each update one graph call for all of them, and yields each update's records,
 * one per row in row order; each row's records are those `solve` gives it alone, but for `ms`, the time of
 * the batch's update. Every supervision step runs (a batch has no `stopAtHalt`).
 */
export function solveBatch(
  bundle: Bundle,
  rows: readonly SolveRow[],
  options: RunOptions = {},
): AsyncGenerator<Step[]> {
  return run(bundle, rows, options);
}

async function* run(
  bundle: Bundle,
  rows: readonly SolveRow[],
  options: RunOptions & { readonly stopAtHalt?: boolean },
): AsyncGenerator<Step[]> {
  const batch = new Batch(bundle, rows);
  await batch.embed();
  const { hCycles, lCycles, haltMaxSteps } = bundle.manifest.schedule;
  const total = haltMaxSteps * stepsPerSupervision(bundle);
  let readings = await read(batch, batch.y);
  // Each update changes one of y and z; the other's norms carry over.
  let yNorms = rowNorms(batch, batch.y);
  let zNorms = rowNorms(batch, batch.z);
  // heads(z), decoded unless the options say not to; it changes with z only.
  const decodeLatent = options.decodeLatent !== false;
  const measureMotion = options.measureMotion !== false;
  // One projection for every row: it depends only on the state's size.
  const sketcher = measureMotion ? new Sketcher(batch.stride) : null;
  let latentAnswers: (number[][] | null)[] = rows.map(() => null);
  const halted = rows.map(() => false);
  let index = 0;
  for (let s = 0; s < haltMaxSteps; s++) {
    rows.forEach((row, b) =>
      row.onCheckpoint?.({
        supStep: s,
        firstIndex: index,
        y: batch.part(batch.y.current, b).slice(),
        z: batch.part(batch.z.current, b).slice(),
      }),
    );
    for (let h = 0; h < hCycles; h++) {
      for (let l = 0; l <= lCycles; l++) {
        if (options.signal?.aborted) throw new CancelledError();
        const kind: StepKind = l < lCycles ? 'latent' : 'answer';
        const started = performance.now();
        const previous = readings;
        const state = kind === 'latent' ? batch.z : batch.y;
        await (kind === 'latent' ? batch.latent(decodeLatent) : batch.answer(true));
        // Measured, the motion's pass over the state gives its norms too.
        const measures = sketcher ? rowMeasures(batch, state, sketcher) : null;
        const updatedNorms = measures ? measures.map((m) => stepNorms(m.norms)) : rowNorms(batch, state);
        if (kind === 'latent') {
          zNorms = updatedNorms;
          if (decodeLatent) latentAnswers = await readAnswers(batch, batch.z);
        } else {
          yNorms = updatedNorms;
          readings = await read(batch, batch.y);
        }
        const endsStep = kind === 'answer' && h === hCycles - 1;
        const ms = performance.now() - started;
        yield rows.map((_, b): Step => {
          const reading = readings[b];
          const halts: boolean = endsStep && !halted[b] && fires(bundle, reading);
          halted[b] ||= halts;
          return {
            index,
            supStep: s,
            hCycle: h,
            lCycle: kind === 'latent' ? l : null,
            kind,
            answer: reading.answer,
            confidence: reading.confidence,
            changed: changedCells(previous[b].answer, reading.answer),
            yNorm: yNorms[b].rms,
            zNorm: zNorms[b].rms,
            yNormPerPos: yNorms[b].perPosition,
            zNormPerPos: zNorms[b].perPosition,
            qHalt: reading.qHalt,
            qContinue: reading.qContinue,
            haltProb: sigmoid(reading.qHalt),
            halts,
            loss: reading.scores?.loss ?? null,
            cellAccuracy: reading.scores?.cellAccuracy ?? null,
            exact: reading.scores?.exact ?? null,
            latentAnswer: latentAnswers[b],
            motion: measures?.[b].motion ?? null,
            entropy: reading.entropy,
            ms,
          };
        });
        index++;
        options.onProgress?.(index / total);
      }
    }
    if (options.stopAtHalt && halted.every(Boolean)) return;
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
  const batch = new Batch(bundle, [request]);
  await batch.embed();
  batch.restore(checkpoint.y, checkpoint.z);
  const { lCycles } = bundle.manifest.schedule;
  for (let i = checkpoint.firstIndex; i <= index; i++) {
    const l = (i - checkpoint.firstIndex) % (lCycles + 1);
    if (l < lCycles) await batch.latent(false);
    else await batch.answer(false);
  }
  return { y: batch.y.current.slice(), z: batch.z.current.slice() };
}
