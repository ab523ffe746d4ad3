// A bundle whose weights hold NaN, made at test time from the committed tiny-trm fixture: one weight
// matrix of net.onnx rewritten with the onnx module of the project's Python (scripts/python.mjs: TRM_LENS_PYTHON,
// else the first python3 on PATH that has it). Every update then turns the state it writes to NaN.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ArcTask } from './arcTask';

const root = path.resolve(__dirname, '../../..');

const REWRITE = [
  'import sys, numpy as np, onnx',
  'from onnx import numpy_helper',
  'm = onnx.load(sys.argv[1]); t = m.graph.initializer[0]',
  't.CopyFrom(numpy_helper.from_array(np.full(numpy_helper.to_array(t).shape, np.nan, np.float32), t.name))',
  'onnx.save(m, sys.argv[1])',
].join('\n');

/** A temporary copy of the tiny-trm bundle with NaN weights; remove it with fs.rmSync(dir, { recursive: true }). */
export function nanBundle(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-nan-'));
  fs.cpSync(path.join(root, 'test', 'fixtures', 'tiny-trm', 'bundle'), dir, { recursive: true });
  const python = path.join(root, 'scripts', 'python.mjs');
  execFileSync(process.execPath, [python, '.', '-c', REWRITE, path.join(dir, 'net.onnx')], { stdio: 'pipe' });
  return dir;
}

/** A 4x4 task in the tiny fixture's value range (0..4). */
export function tinyTask(): ArcTask {
  const grid = (seed: number) =>
    Array.from({ length: 4 }, (_, r) => Array.from({ length: 4 }, (_, c) => (r * 3 + c * 2 + seed) % 5));
  return { id: 'tiny', train: [], test: [{ input: grid(0), output: grid(1) }] };
}
