// Host memory of a bundle whose puzzle-embedding table is large: opens a bundle with a small table and one
// with a large table (arc-big: 876,406 rows x 512, ~1.8 GB) in the same process, solves one puzzle with
// each (the large one on its last row), and prints host RSS after each step. The table stays on disk and
// only a solve's row is read, so the large bundle must cost about what the small one does.
//   npm run bench:table [-- SMALL_DIR BIG_DIR]
// The folders default to bench-out/bundles/arc-full and arc-big-full (npm run fixtures:full makes them).
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const { openBundle } = require(path.join(root, 'out/src/core/bundle.js'));
const { solve } = require(path.join(root, 'out/src/core/engine.js'));

/** Above the small bundle's RSS, the large table may cost at most this (it is ~1.8 GB on disk). */
const LIMIT_MB = 500;
const [small, big] = process.argv.slice(2, 4).map((d) => path.resolve(d));
const bundles = path.join(root, 'bench-out', 'bundles');
const dirs = { small: small ?? path.join(bundles, 'arc-full'), big: big ?? path.join(bundles, 'arc-big-full') };
const gc = globalThis.gc ?? (() => {});
const rssMb = () => {
  gc();
  gc();
  return process.memoryUsage().rss / 2 ** 20;
};

async function solveOnce(bundle, puzzleId) {
  const grid = Array.from({ length: 10 }, (_, r) => Array.from({ length: 10 }, (_, c) => (r * 7 + c * 3) % 10));
  const request = { input: grid, target: null, where: '$', puzzleId, decodeLatent: false, measureMotion: false };
  let steps = 0;
  for await (const _ of solve(bundle, request)) steps++;
  return steps;
}

const figures = { start: rssMb() };
const opened = [];
for (const which of ['small', 'big']) {
  const bundle = await openBundle(dirs[which], { provider: 'cpu' });
  opened.push(bundle);
  const table = bundle.puzzleTable;
  const rows = table ? table.rows : bundle.manifest.identifiers.names.length;
  figures[`${which} open`] = rssMb();
  const steps = await solveOnce(bundle, rows - 1);
  figures[`${which} solved`] = rssMb();
  const size = table
    ? `${rows.toLocaleString('en-US')} x ${table.dim} table in ${path.basename(table.file)}`
    : 'no table file';
  console.log(
    `${which}: ${bundle.manifest.name} (format ${bundle.manifest.formatVersion}, ${size}), ` +
      `${steps} steps on row ${rows - 1}`,
  );
}
for (const [step, mb] of Object.entries(figures))
  console.log(`  host RSS ${step.padEnd(12)} ${mb.toFixed(1).padStart(8)} MB`);
const extra = figures['big solved'] - figures['small solved'];
console.log(
  `the large bundle's sessions and table added ${extra.toFixed(1)} MB over the small one's (limit ${LIMIT_MB} MB)`,
);
if (!globalThis.gc) console.log('(run with node --expose-gc for comparable figures)');
await Promise.all(opened.map((b) => b.release()));
if (extra >= LIMIT_MB) process.exitCode = 1;
