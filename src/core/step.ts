// One update of the recursion as the engine describes it, the trace stores it and a trace file holds it:
// the one shape of a step. It imports only types, so the host-webview contract derives its wire types from
// it without pulling the engine into the webview.

import type { StateMotion } from './stateMotion';

export type StepKind = 'latent' | 'answer';

export interface Step {
  readonly index: number;
  readonly supStep: number;
  readonly hCycle: number;
  /** the latent update within the cycle; null for the answer update */
  readonly lCycle: number | null;
  readonly kind: StepKind;
  /** the answer heads(y) decode after this update (unchanged by a latent update) */
  readonly answer: readonly (readonly number[])[];
  /** per answer cell, softmax probability of the decoded value */
  readonly confidence: readonly number[];
  /** row-major indices of answer cells that differ from the previous step's answer */
  readonly changed: readonly number[];
  readonly yNorm: number;
  readonly zNorm: number;
  /** RMS of y / z at each position (puzzle-embedding positions first) */
  readonly yNormPerPos: readonly number[];
  readonly zNormPerPos: readonly number[];
  readonly qHalt: number;
  readonly qContinue: number;
  readonly haltProb: number;
  /** true on the answer update that ends the supervision step where the halting rule first fires */
  readonly halts: boolean;
  /** against the target when known, of the current answer */
  readonly loss: number | null;
  readonly cellAccuracy: number | null;
  readonly exact: boolean | null;
  /** "what the latent would answer": heads(z) after the latest latent update; null when not decoded */
  readonly latentAnswer: readonly (readonly number[])[] | null;
  /** How this update moved the state it changed (z or y); null in traces written before format version 3. */
  readonly motion: StateMotion | null;
  /** Per answer cell, the entropy (nats) of the decoded distribution; null before format version 3. */
  readonly entropy: readonly number[] | null;
  readonly ms: number;
}
