import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeControls, formatJsonPath, quote } from './jsonPath';

test('paths print as $ then .key for identifiers, ["key"] for other keys, [i] for indices', () => {
  assert.equal(formatJsonPath([]), '$');
  assert.equal(formatJsonPath(['train', 2, 'output', 3, 5]), '$.train[2].output[3][5]');
  assert.equal(formatJsonPath(['007bbfb7', 'test', 0]), '$["007bbfb7"].test[0]');
  assert.equal(formatJsonPath(['a b', 'q"uote', '_ok$']), '$["a b"]["q\\"uote"]._ok$');
});

test('keys with control characters print with them spelled out, so a path cannot drive a terminal', () => {
  assert.equal(formatJsonPath(['\u001b[31mred', 0]), '$["\\u001b[31mred"][0]');
  assert.equal(formatJsonPath(['\u009b2J\u202e']), '$["\\u009b2J\\u202e"]');
});

test('escapeControls spells out C0, DEL, C1, line separators and bidi overrides and keeps everything else', () => {
  const unsafe = 'a\u001b[0mb\nc\u007f\u0085\u2028\u2066';
  assert.equal(escapeControls(unsafe), 'a\\u001b[0mb\\u000ac\\u007f\\u0085\\u2028\\u2066');
  assert.equal(escapeControls('007bbfb7 é 数 "q" \\'), '007bbfb7 é 数 "q" \\');
  assert.equal(quote('x\u009by'), '"x\\u009by"');
  assert.equal(JSON.parse(quote('x\u009by\u0001')), 'x\u009by\u0001', 'still JSON for the same string');
});
