// Times what opening ARC files costs in the core: parse + validate the largest training task (by cell
// count, a 30x30 one), list the 400-task combined file, and open one task from it with its solutions.
// Prints the median of several runs after warm-up. To time another step (the webview's render, say),
// add an entry to `steps` below.
//
//   npm run bench:open [-- --runs N]
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const data = path.resolve(repo, '..', 'shared', 'data', 'arc-agi-1');
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 15;
const warmups = 3;

/** The core as the extension bundles it (esbuild, same options), loaded from memory. */
async function loadCore() {
  const built = await esbuild.build({
    entryPoints: [path.join(repo, 'src', 'core', 'arcTask.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    mainFields: ['module', 'main'],
    write: false,
  });
  return import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
}

function cellCount(task) {
  const pairs = [...task.train, ...task.test];
  return pairs
    .flatMap((pair) => [pair.input, pair.output ?? []])
    .reduce((sum, grid) => sum + grid.length * (grid[0]?.length ?? 0), 0);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function time(run) {
  for (let i = 0; i < warmups; i++) run();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

function ensure(result, what) {
  if (!result.ok) throw new Error(`${what}: ${JSON.stringify(result.problems.slice(0, 3))}`);
  return result;
}

const core = await loadCore();
const challengesText = fs.readFileSync(path.join(data, 'training_challenges.json'), 'utf8');
const solutionsText = fs.readFileSync(path.join(data, 'training_solutions.json'), 'utf8');
const all = JSON.parse(challengesText);
const [largestId] = Object.entries(all).sort(([, a], [, b]) => cellCount(b) - cellCount(a))[0];
const largestText = JSON.stringify(all[largestId]);
const combined = ensure(core.parseCombined(challengesText), 'combined file');
const kib = (text) => `${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`;

const steps = [
  {
    name: `parse + validate the largest task ${largestId} (${cellCount(all[largestId])} cells, ${kib(largestText)})`,
    run: () => ensure(core.parseTask(largestText, largestId), largestId),
  },
  {
    name: `list the combined file (${combined.ids.length} tasks, ${kib(challengesText)})`,
    run: () => ensure(core.parseCombined(challengesText), 'combined file'),
  },
  {
    name: `open ${largestId} from it with solutions (parse ${kib(solutionsText)} of solutions + validate the task)`,
    run: () =>
      ensure(combined.task(largestId, ensure(core.parseSolutions(solutionsText), 'solutions').solutions), largestId),
  },
];

console.log(`bench:open: median of ${runs} runs after ${warmups} warm-up runs, node ${process.version}`);
for (const step of steps) {
  const { median: ms, min, max } = time(step.run);
  console.log(`  ${ms.toFixed(2).padStart(8)} ms  ${step.name}  [min ${min.toFixed(2)}, max ${max.toFixed(2)}]`);
}
