// Solve benchmark: for each bundle (default: the bundled model and the full-size random ARC and
// Sudoku mlp_t bundles of `npm run fixtures:full`, made first when missing), runs in fresh processes
// out/src/bench/solveBench.js (TRM Lens) and training/trm_lens/bench_reference.py (PyTorch, same thread
// count), prints a table, ratios first, and writes bench-out/bench.json; then the dataset-run throughput of
// scripts/run-throughput.mjs (200 tasks, bench-out/run-throughput.json).
//   npm run bench [-- BUNDLE_DIR...] [--runs N] [--threads T]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { requirePython } from './python.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const runs = option('--runs', '3');
const threads = option('--threads', '2');
const given = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
const defaults = ['models/sudoku6-tiny', 'bench-out/bundles/arc-full', 'bench-out/bundles/sudoku-full'];
const python = requirePython();
if (!given.length && defaults.some((d) => !fs.existsSync(path.join(root, d, 'manifest.json')))) {
  console.log('making the full-size random bundles first (npm run fixtures:full)...');
  execFileSync('npm', ['run', 'fixtures:full'], { cwd: root, stdio: 'inherit' });
}
const bundles = (given.length ? given : defaults).map((d) => path.resolve(root, d));

const lastJsonLine = (out) => JSON.parse(out.trim().split('\n').pop());
const rows = bundles.map((dir) => {
  const lens = lastJsonLine(
    execFileSync(
      process.execPath,
      [path.join(root, 'out/src/bench/solveBench.js'), dir, '--runs', runs, '--threads', threads],
      { encoding: 'utf8' },
    ),
  );
  const torch = lastJsonLine(
    execFileSync(python, ['-m', 'trm_lens.bench_reference', dir, '--runs', runs, '--threads', threads], {
      cwd: path.join(root, 'training'),
      encoding: 'utf8',
    }),
  );
  return {
    ...lens,
    torch: torch.torch,
    torchThreads: torch.threads,
    torchSolveMs: torch.solveMs,
    lensOverTorch: lens.solveMsRecording / torch.solveMs,
  };
});

const cols = [
  ['bundle', (r) => r.bundle],
  ['solve/bare', (r) => r.overhead.toFixed(2)],
  ['rec/no rec', (r) => r.recordingCost.toFixed(2)],
  ['Lens/torch', (r) => r.lensOverTorch.toFixed(2)],
  ['vote K seq/batched', (r) => r.voteBatchSpeedup.toFixed(2)],
  ['torch', (r) => r.torch],
  ['% of MatMul peak', (r) => (100 * r.ofPeak).toFixed(0)],
  ['solve ms (rec)', (r) => r.solveMsRecording.toFixed(0)],
  ['solve ms (no rec)', (r) => r.solveMsNoRecording.toFixed(0)],
  ['bare net ms', (r) => r.bareNetMs.toFixed(0)],
  ['net calls', (r) => r.netCalls],
  ['heads in net', (r) => (r.netReadout ? 'yes' : 'no')],
  ['torch ms', (r) => r.torchSolveMs.toFixed(0)],
  ['GFLOP/solve', (r) => r.gflopPerSolve.toFixed(1)],
  ['GFLOP/s', (r) => r.gflops.toFixed(1)],
  ['MatMul GFLOP/s', (r) => r.matmulGflops.toFixed(1)],
  ['vote K seq ms', (r) => r.voteSequentialMs.toFixed(0)],
  ['vote K batched ms', (r) => r.voteBatchedMs.toFixed(0)],
  ['trace MB', (r) => r.traceMB.toFixed(1)],
  ['peak RSS MB', (r) => r.peakRssMB.toFixed(0)],
  ['above loaded MB', (r) => r.peakAboveLoadedMB.toFixed(0)],
];
const table = [cols.map((c) => c[0]), ...rows.map((r) => cols.map((c) => String(c[1](r))))];
const widths = cols.map((_, i) => Math.max(...table.map((r) => r[i].length)));
console.log(
  `${threads} threads, median of ${runs} runs after a warm-up; ` +
    'solve/bare and rec/no rec against the solve with recording; vote: K=8 recorded solves one after another ' +
    'over the same 8 as one batch',
);
for (const r of table) console.log(r.map((c, i) => c.padStart(widths[i])).join('  '));
fs.mkdirSync(path.join(root, 'bench-out'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench-out', 'bench.json'), JSON.stringify(rows, null, 1));

// Dataset runs (`npm run bench:run`): one process over many tasks against a process per task.
console.log('');
execFileSync(process.execPath, [path.join(root, 'scripts/run-throughput.mjs')], { stdio: 'inherit' });
