// Runs the project's Python: TRM_LENS_PYTHON, else the first python3 on PATH that has PyTorch, onnx, PyYAML
// and pytest (scripts/prerequisites.mjs). Without one it exits 1 with one line saying what to install.
//   node scripts/python.mjs DIR ARGS...   (runs `python ARGS...` in DIR, relative to the repository root)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { exitOnMissing, findPython, openblasWarning, pythonGaps, thisMachine } from './prerequisites.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The interpreter to run; exits with the line naming what is missing when there is none. */
export function requirePython(machine = thisMachine()) {
  const found = findPython(machine.env);
  exitOnMissing({ missing: pythonGaps(found), warnings: openblasWarning(machine) }, machine.apt);
  return found.python;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, ...args] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node scripts/python.mjs DIR ARGS...');
    process.exit(1);
  }
  const run = spawnSync(requirePython(), args, { cwd: path.resolve(root, dir), stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
