// Host memory over many solves in a row: is anything (sessions, tensors, traces) left behind?
// Opens a bundle once, runs N solves (every other one cancelled half-way), and prints host RSS after
// the warm-up and after the last solve, each after a forced GC.
//   npx tsc -p tsconfig.test.json && node --expose-gc scripts/solve-memory.mjs [BUNDLE_DIR] [--solves N]
// BUNDLE_DIR defaults to models/sudoku6-tiny.
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const { openBundle } = require(path.join(root, 'out/src/core/bundle.js'));
const { solve, CancelledError } = require(path.join(root, 'out/src/core/engine.js'));
const { Trace, headerFor } = require(path.join(root, 'out/src/core/trace.js'));

const args = process.argv.slice(2);
const solvesAt = args.indexOf('--solves');
const n = solvesAt >= 0 ? Number(args[solvesAt + 1]) : 50;
if (!Number.isInteger(n) || n < 1) throw new Error('--solves takes a positive whole number');
const positional = args.filter((a, i) => !a.startsWith('--') && i !== solvesAt + 1);
const dir = path.resolve(root, positional[0] ?? 'models/sudoku6-tiny');
const gc = globalThis.gc ?? (() => {});
const mb = (b) => (b / 2 ** 20).toFixed(1);

const bundle = await openBundle(dir, { provider: 'cpu' });
const e = bundle.manifest.encoding;
const grid = Array.from({ length: e.height }, (_, r) =>
  Array.from({ length: e.width }, (_, c) => (r * 7 + c * 3) % e.numValues),
);

async function once(cancel) {
  const controller = new AbortController();
  const trace = new Trace(
    headerFor(
      bundle,
      { id: 'memory', testIndex: 0, input: grid, target: grid },
      { index: 0, name: bundle.manifest.identifiers.names[0] },
    ),
  );
  const request = {
    input: grid,
    target: grid,
    where: '$',
    puzzleId: 0,
    signal: controller.signal,
    onCheckpoint: (c) => trace.checkpoints.push(c),
    onProgress: (f) => {
      if (cancel && f >= 0.5) controller.abort();
    },
  };
  try {
    for await (const step of solve(bundle, request)) trace.add(step);
  } catch (err) {
    if (!(err instanceof CancelledError) && !controller.signal.aborted) throw err;
  }
}

for (let i = 0; i < 3; i++) await once(false); // warm-up: arenas and JIT settle
gc();
gc();
const before = process.memoryUsage();
const started = performance.now();
for (let i = 0; i < n; i++) await once(i % 2 === 1);
gc();
gc();
const after = process.memoryUsage();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`${bundle.manifest.name}: ${n} solves (${Math.floor(n / 2)} cancelled half-way) in ${seconds} s`);
console.log(
  `host RSS before ${mb(before.rss)} MB, after ${mb(after.rss)} MB (delta ${mb(after.rss - before.rss)} MB); ` +
    `JS heap before ${mb(before.heapUsed)} MB, after ${mb(after.heapUsed)} MB`,
);
if (!globalThis.gc) console.log('(run with node --expose-gc for comparable figures)');
