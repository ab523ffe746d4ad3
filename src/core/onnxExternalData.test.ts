import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { externalDataOf, ProtobufError } from './onnxExternalData';

const fixtures = path.resolve(__dirname, '../../../test/fixtures');

test('external data locations are read from an ONNX file, and graphs with inline weights have none', () => {
  assert.deepEqual(externalDataOf(fs.readFileSync(path.join(fixtures, 'graph-variants', 'embed.onnx'))), [
    { tensor: 'inner.embed_tokens.embedding_weight', location: 'embed.weights.bin' },
  ]);
  assert.deepEqual(externalDataOf(fs.readFileSync(path.join(fixtures, 'graph-variants', 'escape-relative.onnx'))), [
    { tensor: 'inner.embed_tokens.embedding_weight', location: '../../etc/passwd' },
  ]);
  for (const fixture of ['tiny-trm', 'tiny-arc', 'tiny-mlpt']) {
    for (const graph of ['embed.onnx', 'net.onnx', 'heads.onnx']) {
      assert.deepEqual(externalDataOf(fs.readFileSync(path.join(fixtures, fixture, 'bundle', graph))), [], graph);
    }
  }
});

test('a truncated ONNX file is a ProtobufError naming the byte where decoding failed', () => {
  const bytes = fs.readFileSync(path.join(fixtures, 'tiny-trm', 'bundle', 'heads.onnx'));
  assert.throws(
    () => externalDataOf(bytes.subarray(0, 200)),
    (e: Error) => {
      assert.ok(e instanceof ProtobufError);
      assert.match(e.message, /at byte \d+$/);
      return true;
    },
  );
});
