// The path of y and z through a run, from the steps' sketches (a fixed linear projection of each
// changed state to a few numbers, src/core/stateMotion.ts): the plane of its two largest principal
// components, to draw it, and each state's distance to the run's last one. Pure, so both are unit-tested
// and either side could use them.

import type { StepKind, StepSummary } from './protocol';

export type StateName = 'y' | 'z';

/** The state an update changes, and so the one its sketch is of: z for a latent update, y for an answer update. */
export function sketchedState(kind: StepKind): StateName {
  return kind === 'latent' ? 'z' : 'y';
}

type Sketched = Pick<StepSummary, 'kind' | 'sketch'>;

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * The unit eigenvector of the symmetric matrix `m` (d x d, row-major) with the largest eigenvalue, and that
 * eigenvalue, by power iteration; a zero matrix gives eigenvalue 0. Covariances are positive semi-definite,
 * so the largest eigenvalue is also the largest in magnitude, which is what power iteration finds.
 */
function topEigen(m: Float64Array, d: number): { vector: Float64Array; value: number } {
  // An irregular start, so it is not orthogonal to the eigenvector sought in any but contrived cases.
  let v = Float64Array.from({ length: d }, (_, i) => 1 + Math.sin(i + 1) / 2);
  let value = 0;
  for (let iteration = 0; iteration < 2000; iteration++) {
    const next = new Float64Array(d);
    for (let r = 0; r < d; r++) next[r] = dot(m.subarray(r * d, r * d + d), v);
    const norm = Math.sqrt(dot(next, next));
    if (norm < 1e-12) return { vector: new Float64Array(d), value: 0 };
    for (let i = 0; i < d; i++) next[i] /= norm;
    // The eigenvalue settles long before the vector does, so it is the vector that is watched.
    const converged = next.every((x, i) => Math.abs(x - v[i]) < 1e-13);
    v = next;
    value = norm;
    if (converged) break;
  }
  return { vector: v, value };
}

export interface PrincipalPlane {
  /** Each point's coordinates on the first and second principal axes (centred). */
  readonly coords: readonly (readonly [number, number])[];
  /** The variance along each axis. */
  readonly variance: readonly [number, number];
}

/**
 * Projects points (all of one dimension) onto their two largest principal components: the eigenvectors of
 * the covariance of the centred points, the second found after deflating the first. Each axis points from
 * the first point towards the last, so a path keeps its orientation as points are added.
 */
export function principalPlane(points: readonly (readonly number[])[]): PrincipalPlane {
  const n = points.length;
  if (n === 0) return { coords: [], variance: [0, 0] };
  const d = points[0].length;
  const mean = new Float64Array(d);
  for (const p of points) for (let i = 0; i < d; i++) mean[i] += p[i] / n;
  const centred = points.map((p) => Float64Array.from(p, (x, i) => x - mean[i]));
  const cov = new Float64Array(d * d);
  for (const c of centred) for (let r = 0; r < d; r++) for (let k = 0; k < d; k++) cov[r * d + k] += (c[r] * c[k]) / n;
  const first = topEigen(cov, d);
  for (let r = 0; r < d; r++)
    for (let k = 0; k < d; k++) cov[r * d + k] -= first.value * first.vector[r] * first.vector[k];
  const second = topEigen(cov, d);
  const axes = [first.vector, second.vector].map((axis) => {
    const drift = dot(centred[n - 1], axis) - dot(centred[0], axis);
    return drift < 0 ? axis.map((x) => -x) : axis;
  });
  return {
    coords: centred.map((c) => [dot(c, axes[0]), dot(c, axes[1])] as const),
    variance: [first.value, second.value],
  };
}

/**
 * For every step, the distance of `state` as it stands after that step to its last value in the run,
 * relative to the last: ||s_t - s_last|| / ||s_last||, from the sketches of the updates that changed it.
 * Between those updates the state stands still, so its distance carries over; before the first, and in a
 * trace without sketches, it is null.
 */
export function distanceToLast(steps: readonly Sketched[], state: StateName): (number | null)[] {
  let last: readonly number[] | null = null;
  for (const s of steps) if (s.sketch && sketchedState(s.kind) === state) last = s.sketch;
  const out: (number | null)[] = [];
  let current: number | null = null;
  for (const s of steps) {
    if (last && s.sketch && sketchedState(s.kind) === state) {
      const diff = s.sketch.map((x, i) => x - last![i]);
      const scale = Math.sqrt(dot(last, last));
      current = scale > 0 ? Math.sqrt(dot(diff, diff)) / scale : null;
    }
    out.push(current);
  }
  return out;
}
