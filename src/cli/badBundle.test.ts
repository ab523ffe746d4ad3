// `trm-lens solve --model DIR` on bad bundles: each ends within seconds with one line naming the file at
// fault and exit code 1, never a stack trace and never a hang (the CLI runs under a timeout).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { brokenBundle, editManifest, root, symlink, variants, withExternalEmbed } from '../core/badBundle.fixtures';

const cli = path.join(root, 'dist', 'cli.js');
const grid = [
  [1, 2, 3, 4],
  [3, 4, 1, 2],
  [2, 1, 4, 3],
  [4, 3, 2, 1],
];

function solveWith(dir: string, cwd: string): { status: number | null; stdout: string; stderr: string } {
  const task = path.join(dir, '..', 'task.arc.json');
  fs.writeFileSync(task, JSON.stringify({ train: [{ input: grid, output: grid }], test: [{ input: grid }] }));
  // The timeout kills a hang, which then fails on its exit code.
  const result = spawnSync(process.execPath, [cli, 'solve', task, '--model', dir], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('solve on a bad bundle prints one line naming the file and exits 1, quickly, without a stack trace', () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['graph is /dev/zero', (d) => symlink(d, 'net.onnx', '/dev/zero'), /\/net\.onnx: leads outside the bundle folder/],
    [
      'haltMaxSteps 1e6',
      (d) =>
        editManifest(d, (m) => {
          m.schedule.haltMaxSteps = 1e6;
        }),
      /manifest\.json: \$\.schedule\.haltMaxSteps: expected an integer from 1 to 64/,
    ],
    [
      'lCycles 1e9',
      (d) =>
        editManifest(d, (m) => {
          m.schedule.lCycles = 1e9;
        }),
      /manifest\.json: \$\.schedule\.lCycles: expected an integer from 1 to 64/,
    ],
    [
      'truncated net.onnx',
      (d) => fs.truncateSync(path.join(d, 'net.onnx'), 1000),
      /\/net\.onnx: not a valid ONNX graph \(/,
    ],
    ['empty net.onnx', (d) => fs.writeFileSync(path.join(d, 'net.onnx'), ''), /\/net\.onnx: not a valid ONNX graph \(/],
    [
      'int64 logits',
      (d) => fs.copyFileSync(path.join(variants, 'heads-int64.onnx'), path.join(d, 'heads.onnx')),
      /\/heads\.onnx: graph "heads" output tensor "logits" has element type int64/,
    ],
    [
      'external data escapes',
      (d) => withExternalEmbed(d, 'escape-relative.onnx'),
      /\/embed\.onnx: initializer "inner\.embed_tokens\.embedding_weight" keeps its data in "\.\.\/\.\.\/etc\/passwd"/,
    ],
    [
      'JSON error',
      (d) => fs.writeFileSync(path.join(d, 'manifest.json'), '{\n  "format": nope\n}'),
      /\/manifest\.json:2:13: invalid JSON/,
    ],
  ];
  for (const [name, mutate, message] of cases) {
    const bundle = brokenBundle('tiny-trm', mutate);
    try {
      const result = solveWith(bundle.dir, '/');
      assert.equal(result.status, 1, `${name}: exit code (stderr: ${result.stderr})`);
      assert.match(result.stderr, message, name);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, `${name}: one line: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /\n\s+at /, `${name}: no stack trace`);
    } finally {
      bundle.remove();
    }
  }
});

test('solve runs a bundle with external data from a working directory other than the bundle folder', () => {
  const bundle = brokenBundle('tiny-trm', (d) => withExternalEmbed(d));
  try {
    const result = solveWith(bundle.dir, '/');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /halt/);
  } finally {
    bundle.remove();
  }
});
