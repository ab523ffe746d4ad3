import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseManifest } from './manifest';

const hrmManifest = path.resolve(__dirname, '../../../test/fixtures/tiny-hrm/bundle/manifest.json');
const hrm = () => JSON.parse(fs.readFileSync(hrmManifest, 'utf8'));

test('an HRM manifest reads as family "hrm" with a graph per level and the q_halt > q_continue rule', () => {
  const m = parseManifest(fs.readFileSync(hrmManifest, 'utf8'), hrmManifest);
  assert.equal(m.family, 'hrm');
  assert.deepEqual([m.graphs.latentNet, m.graphs.answerNet], ['l_level.onnx', 'h_level.onnx']);
  assert.equal(m.schedule.haltRule, 'q_halt_gt_continue');
  assert.equal(m.architecture.puzzleEmbLen, 2);
});

test('an HRM manifest naming one graph for both levels is refused at $.graphs.answerNet', () => {
  for (const answerNet of ['l_level.onnx', './l_level.onnx']) {
    const text = JSON.stringify({ ...hrm(), graphs: { ...hrm().graphs, answerNet } });
    assert.throws(
      () => parseManifest(text, 'b/manifest.json'),
      /b\/manifest\.json: \$\.graphs\.answerNet: an "hrm" bundle has two networks: .*both are "l_level\.onnx"/,
    );
  }
  const trm = JSON.stringify({ ...hrm(), family: 'trm', graphs: { ...hrm().graphs, answerNet: 'l_level.onnx' } });
  assert.equal(parseManifest(trm, 'b/manifest.json').graphs.answerNet, 'l_level.onnx');
});

test("a version-2 manifest's puzzle-embedding table entry is read, and each bad field is named by its path", () => {
  const m = parseManifest(JSON.stringify(hrm()), hrmManifest);
  assert.equal(m.formatVersion, 2);
  assert.deepEqual(m.identifiers.table, { file: 'puzzle_emb.f32', dtype: 'float32', rows: 3, dim: 40 });
  const withTable = (table: unknown) => JSON.stringify({ ...hrm(), identifiers: { ...hrm().identifiers, table } });
  const table = hrm().identifiers.table;
  for (const [bad, message] of [
    [undefined, /\$\.identifiers\.table: /],
    [{ ...table, file: '../elsewhere.f32' }, /\$\.identifiers\.table\.file: must be a path inside the bundle folder/],
    [
      { ...table, file: '/abs/puzzle_emb.f32' },
      /\$\.identifiers\.table\.file: must be a path inside the bundle folder/,
    ],
    [{ ...table, dtype: 'float16' }, /\$\.identifiers\.table\.dtype: /],
    [{ ...table, rows: 2 }, /\$\.identifiers\.table\.rows: the table has 2 rows, fewer than the 3 identifiers/],
    [{ ...table, rows: 1.5 }, /\$\.identifiers\.table\.rows: /],
    // 2 positions x hidden 32 hold at most 64 values of a row
    [{ ...table, dim: 65 }, /\$\.identifiers\.table\.dim: /],
    [{ ...table, dim: 0 }, /\$\.identifiers\.table\.dim: /],
  ] as const) {
    assert.throws(() => parseManifest(withTable(bad), 'b/manifest.json'), message, JSON.stringify(bad));
  }
  const noPositions = { ...hrm(), architecture: { ...hrm().architecture, puzzleEmbLen: 0 } };
  assert.throws(
    () => parseManifest(JSON.stringify(noPositions), 'b/manifest.json'),
    /\$\.identifiers\.table: a puzzle-embedding table needs architecture\.puzzleEmbLen > 0/,
  );
});

test('a version-1 manifest has no table entry, whatever its identifiers hold', () => {
  const v1 = { ...hrm(), formatVersion: 1 };
  assert.equal(parseManifest(JSON.stringify(v1), 'b/manifest.json').identifiers.table, null);
});

test('the precision reads as written, an old manifest without it as fp32, another is refused', () => {
  const { precision: _absent, ...old } = hrm();
  assert.equal(parseManifest(JSON.stringify(old), 'b/manifest.json').precision, 'fp32');
  for (const precision of ['fp32', 'bf16'] as const)
    assert.equal(parseManifest(JSON.stringify({ ...hrm(), precision }), 'b/manifest.json').precision, precision);
  assert.throws(
    () => parseManifest(JSON.stringify({ ...hrm(), precision: 'fp16' }), 'b/manifest.json'),
    /b\/manifest\.json: \$\.precision: .*fp16/,
  );
});
