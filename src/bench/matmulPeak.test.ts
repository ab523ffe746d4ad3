import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { matmulModel } from './matmulPeak';

test('the hand-written MatMul model loads in onnxruntime and multiplies', async () => {
  const session = await ort.InferenceSession.create(matmulModel(2));
  try {
    const a = new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4), [2, 2]);
    const b = new ort.Tensor('float32', Float32Array.of(5, 6, 7, 8), [2, 2]);
    const { C } = await session.run({ A: a, B: b });
    assert.deepEqual([...(C.data as Float32Array)], [19, 22, 43, 50]);
  } finally {
    await session.release();
  }
});
