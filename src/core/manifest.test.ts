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
