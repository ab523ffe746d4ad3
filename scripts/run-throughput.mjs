// Dataset-run throughput: `trm-lens run` over N tasks in one process against N `trm-lens solve` processes one
// after another, each test input through every supervision step into a trace file, in tasks per second and
// their ratio; and the run's peak RSS at a quarter, half and all of N, to show whether memory grows with the
// number of tasks. The tasks are the 6x6 Sudoku examples under Sudoku symmetries (each still has exactly one
// solution), so the model must take 6x6 Sudoku. Runs dist/cli.js (`npm run build` first); writes
// bench-out/run-throughput.json.
//   npm run bench:run [-- [--tasks N] [--model DIR]]   (default 200 tasks, models/sudoku6-tiny)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist/cli.js');

/** A seeded generator of floats in [0, 1) (mulberry32): the same N tasks on every machine. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function shuffled(items, next) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Positions 0..bands*size-1 with the bands and the positions inside each band permuted. */
const bandOrder = (bands, size, next) =>
  shuffled([...Array(bands).keys()], next).flatMap((b) =>
    shuffled([...Array(size).keys()], next).map((i) => b * size + i),
  );

/**
 * A 6x6 Sudoku task (boxes of 2 rows x 3 columns, 0 = blank) under one seeded symmetry: digits relabelled, row
 * bands and rows inside a band, column stacks and columns inside a stack permuted. Every grid of the task gets
 * the same one, so each puzzle keeps exactly one solution and its output stays that solution.
 */
export function sudokuVariant(task, seed) {
  const next = random(seed);
  const digits = [0, ...shuffled([1, 2, 3, 4, 5, 6], next)];
  const rows = bandOrder(3, 2, next);
  const cols = bandOrder(2, 3, next);
  const map = (grid) => rows.map((r) => cols.map((c) => digits[grid[r][c]]));
  const pairs = (list) => list.map((p) => Object.fromEntries(Object.entries(p).map(([k, g]) => [k, map(g)])));
  return { train: pairs(task.train), test: pairs(task.test) };
}

/** N task files in `dir`, variants of the examples taken in turn. */
function makeTasks(dir, n) {
  const examples = path.join(root, 'examples/sudoku6');
  const bases = fs
    .readdirSync(examples)
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(examples, f), 'utf8')));
  fs.mkdirSync(dir);
  return Array.from({ length: n }, (_, i) => {
    const file = path.join(dir, `sudoku6-v${String(i + 1).padStart(4, '0')}.arc.json`);
    fs.writeFileSync(file, JSON.stringify(sudokuVariant(bases[i % bases.length], i + 1)));
    return file;
  });
}

// Loaded before the CLI: the process's own peak RSS (getrusage, kB on Linux), written as it exits.
const PEAK_PROBE =
  'data:text/javascript,' +
  encodeURIComponent(
    "import { writeFileSync } from 'node:fs';" +
      "process.on('exit', () => writeFileSync(process.env.TRM_LENS_PEAK_RSS, String(process.resourceUsage().maxRSS)));",
  );

/** Runs the CLI once; its wall time in seconds and its peak RSS in MB. */
function timeCli(args, peakFile) {
  const started = performance.now();
  execFileSync(process.execPath, ['--import', PEAK_PROBE, cli, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TRM_LENS_PEAK_RSS: peakFile },
  });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, peakRssMB: Number(fs.readFileSync(peakFile, 'utf8')) / 1024 };
}

/** The task counts whose run's peak memory is compared: a quarter, half and all of N. */
const countsFor = (n) => [...new Set([Math.ceil(n / 4), Math.ceil(n / 2), n])];

function measure(n, model) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-run-throughput-'));
  try {
    const tasks = makeTasks(path.join(tmp, 'tasks'), n);
    const peak = path.join(tmp, 'peak');
    // The smallest count first: its run also warms the file cache for the timed ones.
    const runs = countsFor(n).map((count) => {
      const out = path.join(tmp, `run-${count}`);
      return { tasks: count, ...timeCli(['run', ...tasks.slice(0, count), '--model', model, '--out', out], peak) };
    });
    const solveDir = path.join(tmp, 'solve');
    fs.mkdirSync(solveDir);
    let solveSeconds = 0;
    tasks.forEach((task, i) => {
      const out = path.join(solveDir, `${i}.trace.json`);
      solveSeconds += timeCli(['solve', task, '--model', model, '--out', out], peak).seconds;
    });
    return { runs, solveSeconds };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function report(n, model, { runs, solveSeconds }) {
  const manifest = JSON.parse(fs.readFileSync(path.join(model, 'manifest.json'), 'utf8'));
  const full = runs[runs.length - 1];
  const figures = {
    model: manifest.name,
    tasks: n,
    supervisionSteps: manifest.schedule.haltMaxSteps,
    cpus: os.cpus().length,
    runSeconds: full.seconds,
    runTasksPerSecond: n / full.seconds,
    solveProcessesSeconds: solveSeconds,
    solveTasksPerSecond: n / solveSeconds,
    runOverSolveProcesses: solveSeconds / full.seconds,
    runPeakRssMB: runs.map((r) => ({ tasks: r.tasks, peakRssMB: r.peakRssMB })),
    peakRssGrowthMB: full.peakRssMB - runs[0].peakRssMB,
  };
  const f = figures;
  console.log(
    `${n} Sudoku tasks on ${f.model}, one test input each through all ${f.supervisionSteps} supervision steps ` +
      'into a trace file, CPU provider',
  );
  console.log(`  run, one process:     ${f.runSeconds.toFixed(1)} s, ${f.runTasksPerSecond.toFixed(1)} tasks/s`);
  console.log(
    `  solve, ${n} processes: ${f.solveProcessesSeconds.toFixed(1)} s, ${f.solveTasksPerSecond.toFixed(1)} tasks/s`,
  );
  console.log(`  run / solve processes: ${f.runOverSolveProcesses.toFixed(1)}x the tasks per second`);
  const peaks = f.runPeakRssMB.map((r) => `${r.tasks} tasks ${r.peakRssMB.toFixed(0)} MB`).join(', ');
  const growth = `${f.peakRssGrowthMB >= 0 ? '+' : ''}${f.peakRssGrowthMB.toFixed(1)} MB`;
  console.log(`  run peak RSS: ${peaks}; ${runs[0].tasks} -> ${n} tasks: ${growth}`);
  fs.mkdirSync(path.join(root, 'bench-out'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-out', 'run-throughput.json'), JSON.stringify(figures, null, 1));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
  const n = Number(option('--tasks', '200'));
  if (!Number.isInteger(n) || n < 1) throw new Error('--tasks takes a positive whole number');
  const model = path.resolve(root, option('--model', 'models/sudoku6-tiny'));
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: npm run build first`);
  report(n, model, measure(n, model));
}
