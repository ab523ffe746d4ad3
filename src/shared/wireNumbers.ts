// Webview messages travel as JSON, which has no NaN or infinities (JSON.stringify writes them as null),
// and the trace of a diverged run is full of them. The host tags each as { nonFinite: "NaN" } before
// posting and the panel turns the tags back into numbers; parts holding none are passed on, not copied.

const NAMES: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

type Swap = (value: unknown) => unknown;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` with `swap` applied to every part (a part it returns unchanged is walked into); copies only what changed. */
function rewrite(value: unknown, swap: Swap): unknown {
  const swapped = swap(value);
  if (swapped !== value) return swapped;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = rewrite(value[i], swap);
      if (!Object.is(v, value[i])) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  if (isPlainObject(value)) {
    let out: Record<string, unknown> | null = null;
    for (const key of Object.keys(value)) {
      const v = rewrite(value[key], swap);
      if (!Object.is(v, value[key])) (out ??= { ...value })[key] = v;
    }
    return out ?? value;
  }
  return value;
}

const tag: Swap = (v) => (typeof v === 'number' && !Number.isFinite(v) ? { nonFinite: String(v) } : v);

const untag: Swap = (v) => {
  if (!isPlainObject(v) || typeof v.nonFinite !== 'string' || Object.keys(v).length !== 1) return v;
  return Object.hasOwn(NAMES, v.nonFinite) ? NAMES[v.nonFinite] : v;
};

/** A message safe to post: every NaN and infinity tagged. */
export function tagNonFinite<T>(message: T): T {
  return rewrite(message, tag) as T;
}

/** A posted message as it was before tagNonFinite. */
export function untagNonFinite<T>(message: T): T {
  return rewrite(message, untag) as T;
}
