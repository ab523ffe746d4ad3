// Solve benchmark: for each bundle (default: the bundled model and the full-size random bundles of
// `npm run fixtures:full`), runs out/src/bench/solveBench.js in a fresh process and prints a table.
//   npm run bench:solve [-- BUNDLE_DIR...] ; writes bench-out/solve.json
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const given = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const bundles = given.length ? given : ['models/sudoku6-tiny', 'bench-out/bundles/arc-full', 'bench-out/bundles/sudoku-full'].filter((d) => fs.existsSync(path.join(root, d, 'manifest.json')));
const rows = bundles.map((dir) => {
  const out = execFileSync(process.execPath, [path.join(root, 'out/src/bench/solveBench.js'), path.resolve(root, dir), '--runs', '3'], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
});
const cols = [
  ['bundle', (r) => r.bundle], ['net calls', (r) => r.netCalls],
  ['solve ms (rec)', (r) => r.solveMsRecording.toFixed(1)], ['solve ms (no rec)', (r) => r.solveMsNoRecording.toFixed(1)],
  ['bare net ms', (r) => r.bareNetMs.toFixed(1)], ['solve/bare', (r) => r.overhead.toFixed(3)], ['rec/no rec', (r) => r.recordingCost.toFixed(3)],
  ['trace MB', (r) => r.traceMB.toFixed(1)], ['RSS loaded MB', (r) => r.rssLoadedMB.toFixed(0)], ['peak RSS MB', (r) => r.peakRssMB.toFixed(0)],
];
const table = [cols.map((c) => c[0]), ...rows.map((r) => cols.map((c) => String(c[1](r))))];
const widths = cols.map((_, i) => Math.max(...table.map((r) => r[i].length)));
for (const r of table) console.log(r.map((c, i) => c.padStart(widths[i])).join('  '));
fs.mkdirSync(path.join(root, 'bench-out'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench-out', 'solve.json'), JSON.stringify(rows, null, 1));
