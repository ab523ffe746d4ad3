import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { embedInputs, openBundle } from './bundle';

// Parity fixtures written by training/trm_lens/parity.py: the committed default model's, and the
// full-size random ARC (5 and 876,406 puzzle identifiers) / Sudoku mlp_t / Maze TRM and ARC HRM bundles that
// `npm run fixtures:full` converts from fake public checkpoints into bench-out/bundles (npm test makes them first).
const root = path.resolve(__dirname, '../../..');
// TRM_LENS_FULL_BUNDLES points at another folder of them (one regenerated with a newer exporter, say).
const fullSize = process.env.TRM_LENS_FULL_BUNDLES ?? path.join(root, 'bench-out', 'bundles');

function maxRelError(ours: Float32Array, ref: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(ours[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

async function checkParity(fixtureDir: string, report: (line: string) => void): Promise<void> {
  const fixture = JSON.parse(fs.readFileSync(path.join(fixtureDir, 'parity.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(fixtureDir, 'parity.bin'));
  const ref = (r: { offset: number; shape: number[] }) =>
    new Float32Array(
      bin.buffer.slice(bin.byteOffset + r.offset, bin.byteOffset + r.offset + 4 * r.shape.reduce((a, b) => a * b, 1)),
    );
  const bundle = await openBundle(path.resolve(fixtureDir, fixture.bundle));
  try {
    const m = bundle.manifest;
    const batch = fixture.tokens.length;
    const dims = [batch, m.architecture.puzzleEmbLen + m.architecture.seqLen, m.architecture.hiddenSize];
    const per = dims[1] * dims[2];
    const tokens = BigInt64Array.from(fixture.tokens.flat().map(BigInt));
    const feeds = await embedInputs(bundle, tokens, fixture.puzzleIds);
    const x = (await bundle.sessions.embed.run(feeds)).x.data as Float32Array;
    // Teacher-forced: every update starts from the reference's own previous state, so each comparison
    // measures one graph call. Chained from our own states instead, the mlp_t recursion amplifies the last-bit
    // differences between CPUs' BLAS kernels (6e-5 after 3 supervision steps) toward the tolerance.
    let y: Float32Array = new Float32Array(batch * per);
    let z: Float32Array = new Float32Array(batch * per);
    for (let i = 0; i < batch * dims[1]; i++) {
      y.set(m.initialState.y, i * dims[2]);
      z.set(m.initialState.z, i * dims[2]);
    }
    const t = (d: Float32Array) => new ort.Tensor('float32', d, dims);
    let checked = 0;
    let worst = 0;
    for (const r of fixture.records) {
      let ours: Float32Array;
      if (r.kind === 'latent') {
        const inj = y.map((v, i) => v + x[i]);
        ours = (await bundle.sessions.latentNet.run({ hidden: t(z), injection: t(inj) })).out.data as Float32Array;
        z = ref(r);
      } else if (r.kind === 'answer') {
        ours = (await bundle.sessions.answerNet.run({ hidden: t(y), injection: t(z) })).out.data as Float32Array;
        y = ref(r);
      } else {
        const heads = await bundle.sessions.heads.run({ state: t(y) });
        ours = heads[r.tensor].data as Float32Array;
      }
      const err = maxRelError(ours, ref(r));
      worst = Math.max(worst, err);
      assert.ok(err <= 1e-4, `${r.kind} ${r.tensor} at supervision step ${r.supStep}: max relative error ${err}`);
      checked++;
    }
    assert.equal(checked, fixture.records.length);
    // At least one whole supervision step: every latent and answer update, then the heads.
    assert.ok(checked >= m.schedule.hCycles * (m.schedule.lCycles + 1) + 2, `only ${checked} tensors`);
    report(`${checked} tensors; worst max|ours - ref| / max|ref| = ${worst.toExponential(2)}`);
  } finally {
    await bundle.release();
  }
}

test("the default model's graphs reproduce the PyTorch reference at every update (1e-4)", (t) =>
  checkParity(path.join(root, 'test', 'fixtures', 'sudoku6-parity'), (l) => t.diagnostic(l)));

for (const [name, what] of [
  ['tiny-trm', 'attention, fixed 4x4'],
  ['tiny-arc', 'ARC EOS layout, puzzle embeddings'],
  ['tiny-mlpt', 'mlp_t'],
  ['tiny-hrm', 'HRM (two networks, learned positions)'],
]) {
  test(`the tiny ${what} fixture reproduces the reference over 3 supervision steps (1e-4)`, (t) =>
    checkParity(path.join(root, 'test', 'fixtures', name, 'parity'), (l) => t.diagnostic(l)));
}

for (const name of ['arc', 'arc-big', 'sudoku', 'maze', 'hrm-arc']) {
  const dir = path.join(fullSize, `${name}-parity`);
  test(
    `a full-size ${name} bundle converted from a public-style checkpoint reproduces the reference (1e-4)`,
    { skip: fs.existsSync(dir) ? false : `run npm run fixtures:full to make ${dir}` },
    (t) => checkParity(dir, (l) => t.diagnostic(l)),
  );
}
