import assert from 'node:assert/strict';
import { test } from 'node:test';
import { netFlops } from './flops';

const full = { hiddenSize: 512, expansion: 4, layers: 2, puzzleEmbLen: 16, vocabSize: 12 };

test('one full-size ARC network call: attention over 916 positions plus a 1536-wide SwiGLU, two layers', () => {
  const [s, h, i] = [916, 512, 1536];
  const perLayer = 2 * s * h * 3 * h + 4 * s * s * h + 2 * s * h * h + 2 * s * h * 3 * i;
  assert.equal(netFlops({ ...full, mixer: 'attention', seqLen: 900 }), 2 * perLayer);
});

test('one Sudoku mlp_t call: the token-mixing SwiGLU runs over 97 positions (width 512) per hidden channel', () => {
  const [s, h, i] = [97, 512, 1536];
  assert.equal(netFlops({ ...full, mixer: 'mlp_t', seqLen: 81 }), 2 * (2 * h * s * 3 * 512 + 2 * s * h * 3 * i));
});
