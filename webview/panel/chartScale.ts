// Scaling for the run charts: steps along x, one metric along y, gaps where a metric is unknown.
// DOM-free so that the mapping (and its inverse, used when a click jumps to a step) is unit-tested.

export interface Extent {
  readonly min: number;
  readonly max: number;
}

/**
 * The range of the known values, widened when flat so a constant series still draws mid-height; null when none is
 * known.
 */
export function extentOf(values: readonly (number | null)[]): Extent | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return null;
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return { min: min - pad, max: max + pad };
  }
  return { min, max };
}

export interface Frame {
  readonly width: number;
  readonly height: number;
  /** Inner margin, so the line and the cursor are not clipped at the edges. */
  readonly pad: number;
}

/** x of step i when n steps spread over the frame (a single step sits in the middle). */
export function stepToX(i: number, n: number, frame: Frame): number {
  const inner = frame.width - 2 * frame.pad;
  return n <= 1 ? frame.width / 2 : frame.pad + (i / (n - 1)) * inner;
}

/** The step nearest to x: the inverse of stepToX, clamped to the run. */
export function xToStep(x: number, n: number, frame: Frame): number {
  if (n <= 1) return 0;
  const inner = frame.width - 2 * frame.pad;
  const i = Math.round(((x - frame.pad) / inner) * (n - 1));
  return Math.min(n - 1, Math.max(0, i));
}

/** y of a value (larger values higher up). */
export function valueToY(v: number, extent: Extent, frame: Frame): number {
  const inner = frame.height - 2 * frame.pad;
  return frame.pad + (1 - (v - extent.min) / (extent.max - extent.min)) * inner;
}

/**
 * An SVG path through the known values, broken where a value is unknown (a metric that needs the
 * target, or a halting probability not yet computed), so no line invents data across the gap. `joined`
 * carries the line over unknown values instead: for a quantity only some steps have (the motion of y,
 * which only answer updates move). A NaN or infinite value breaks the line either way.
 */
export function linePath(values: readonly (number | null)[], frame: Frame, joined = false): string {
  const extent = extentOf(values);
  if (extent === null) return '';
  const parts: string[] = [];
  let pen = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null && joined) continue;
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const x = stepToX(i, values.length, frame).toFixed(1);
    const y = valueToY(v, extent, frame).toFixed(1);
    parts.push(`${pen ? 'L' : 'M'}${x} ${y}`);
    pen = true;
  }
  return parts.join('');
}

/**
 * Full-height bands over the runs of steps whose value is NaN or infinite, as one SVG path, so a
 * diverged run shows where its line stops instead of silently ending.
 */
export function nonFinitePath(values: readonly (number | null)[], frame: Frame): string {
  const half = values.length <= 1 ? frame.width / 2 : (frame.width - 2 * frame.pad) / (values.length - 1) / 2;
  const edge = (i: number, side: -1 | 1) =>
    Math.min(frame.width, Math.max(0, stepToX(i, values.length, frame) + side * half)).toFixed(1);
  const bands: string[] = [];
  let start = -1;
  for (let i = 0; i <= values.length; i++) {
    const v = values[i];
    const bad = i < values.length && v !== null && !Number.isFinite(v);
    if (bad && start < 0) start = i;
    if (!bad && start >= 0) {
      bands.push(`M${edge(start, -1)} 0H${edge(i - 1, 1)}V${frame.height}H${edge(start, -1)}Z`);
      start = -1;
    }
  }
  return bands.join('');
}

/** A short label for an axis bound or a readout: 3 significant digits, exponent form for very large or small. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return v.toExponential(1);
  return Number(v.toPrecision(3)).toString();
}
