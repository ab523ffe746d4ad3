// Writes a synthetic trace in the panel's view format, answers drifting towards the target and the
// states' sketches settling towards a fixed point (each update moves less than the last). Default:
// a 30x30 ARC grid, 48 supervision steps of 3 cycles x (6 latent + 1 answer) updates = 1,008 steps;
// `palette: 'digits'` makes a Sudoku-like grid of values 1..side with blank (0) cells in the input.
import { writeFileSync } from 'node:fs';

export function writeSyntheticTrace(
  file,
  { side = 30, supSteps = 48, hCycles = 3, lCycles = 6, haltAt = 20, palette = 'arc' } = {},
) {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const q = (x) => Math.round(x * 1000) / 1000;
  const n = side * side;
  const value = palette === 'digits' ? () => 1 + Math.floor(random() * side) : () => Math.floor(random() * 10);
  const target = Array.from({ length: n }, value);
  const input = target.map((v) => (random() < 0.5 ? v : 0));
  let answer = palette === 'digits' ? input.map((v) => v || value()) : input.slice();
  const steps = [];
  const details = [];
  const changeCounts = new Array(n).fill(0);
  const sketches = { y: Array.from({ length: 32 }, () => random() * 4 - 2), z: Array.from({ length: 32 }, random) };
  for (let s = 0; s < supSteps; s++)
    for (let h = 0; h < hCycles; h++)
      for (let l = 0; l <= lCycles; l++) {
        const kind = l < lCycles ? 'latent' : 'answer';
        const previous = answer.slice();
        if (kind === 'answer')
          for (let i = 0; i < n; i++) if (random() < 0.1) answer[i] = random() < 0.7 ? target[i] : value();
        const changed = [];
        const turnedWrong = [];
        const turnedRight = [];
        for (let i = 0; i < n; i++) {
          if (answer[i] === previous[i]) continue;
          changed.push(i);
          changeCounts[i]++;
          if (previous[i] === target[i]) turnedWrong.push(i);
          else if (answer[i] === target[i]) turnedRight.push(i);
        }
        const state = kind === 'latent' ? 'z' : 'y';
        const step = 1 / (1 + s);
        sketches[state] = sketches[state].map((x) => q(x + (random() - 0.5) * step));
        const residual = q(step * (0.5 + random() * 0.5));
        const accuracy = answer.filter((v, i) => v === target[i]).length / n;
        const index = steps.length;
        steps.push({
          index,
          supStep: s,
          hCycle: h,
          lCycle: kind === 'latent' ? l : null,
          kind,
          haltProb: q(1 / (1 + Math.exp(-(s - haltAt) / 3))),
          halts: kind === 'answer' && h === hCycles - 1 && s === haltAt,
          loss: q(2 * (1 - accuracy)),
          cellAccuracy: q(accuracy),
          exact: accuracy === 1,
          yNorm: q(1 + s * 0.05),
          zNorm: q(2 + Math.sin(index / 20)),
          ms: 1,
          changed,
          moves: {
            dy: kind === 'answer' ? residual : 0,
            dz: kind === 'latent' ? residual : 0,
            cosY: kind === 'answer' ? q(1 - residual / 2) : 1,
            cosZ: kind === 'latent' ? q(1 - residual / 2) : 1,
          },
          meanEntropy: q(2 * (1 - accuracy)),
          sketch: sketches[state],
          turnedWrong,
          turnedRight,
        });
        details.push({
          index,
          answer: { height: side, width: side, cells: answer.slice() },
          confidence: answer.map(() => q(random())),
          yNormCells: answer.map(() => q(random())),
          zNormCells: answer.map(() => q(random())),
          motionCells: answer.map(() => q(random() * residual)),
          entropyCells: answer.map(() => q(random() * 2)),
          latentAnswer: { height: side, width: side, cells: answer.slice() },
          changeCounts: changeCounts.slice(),
        });
      }
  const grid = (cells) => ({ height: side, width: side, cells });
  const meta = {
    taskName: `synthetic-${side}x${side}`,
    testIndex: 0,
    modelName: 'synthetic',
    provider: 'none',
    schedule: { hCycles, lCycles, haltMaxSteps: supSteps },
    palette,
    cellLabels: null,
    input: grid(input),
    target: grid(target),
  };
  writeFileSync(file, JSON.stringify({ meta, steps, details }));
  return steps.length;
}
