import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseViewerMessage, ProtocolError } from './protocol';

test('the viewer protocol accepts every well-formed message from the webview, typed', () => {
  assert.deepEqual(parseViewerMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseViewerMessage({ type: 'request', id: 7, request: { kind: 'solve' } }), { type: 'request', id: 7, request: { kind: 'solve' } });
  assert.deepEqual(parseViewerMessage({ type: 'request', id: 0, request: { kind: 'reopenAsText' } }), {
    type: 'request',
    id: 0,
    request: { kind: 'reopenAsText' },
  });
  assert.deepEqual(parseViewerMessage({ type: 'request', id: 3, request: { kind: 'reveal', offset: 120, length: 0 } }), {
    type: 'request',
    id: 3,
    request: { kind: 'reveal', offset: 120, length: 0 },
  });
});

test('the viewer protocol rejects malformed messages, naming what is wrong', () => {
  const cases: [unknown, RegExp][] = [
    [null, /not an object/],
    ['ready', /not an object/],
    [[{ type: 'ready' }], /not an object/],
    [{}, /unknown type undefined/],
    [{ type: 'show' }, /unknown type "show"/],
    [{ type: 'ready', extra: 1 }, /ready: unexpected key "extra"/],
    [{ type: 'request', request: { kind: 'solve' } }, /"id" must be a whole number/],
    [{ type: 'request', id: -1, request: { kind: 'solve' } }, /"id" must be a whole number/],
    [{ type: 'request', id: 1.5, request: { kind: 'solve' } }, /"id" must be a whole number/],
    [{ type: 'request', id: '1', request: { kind: 'solve' } }, /"id" must be a whole number/],
    [{ type: 'request', id: 1 }, /"request" must be an object/],
    [{ type: 'request', id: 1, request: { kind: 'exec', command: 'rm' } }, /unknown kind "exec"/],
    [{ type: 'request', id: 1, request: { kind: 'solve', model: 'elsewhere/evil.onnx' } }, /request solve: unexpected key "model"/],
    [{ type: 'request', id: 1, request: { kind: 'reveal', offset: 3 } }, /offset and length must be whole numbers/],
    [{ type: 'request', id: 1, request: { kind: 'reveal', offset: -3, length: 1 } }, /offset and length must be whole numbers/],
    [{ type: 'request', id: 1, request: { kind: 'reveal', offset: Number.NaN, length: 1 } }, /offset and length must be whole numbers/],
    [{ type: 'request', id: 1, request: { kind: 'reveal', offset: 2 ** 40, length: 1 } }, /offset and length must be whole numbers/],
  ];
  for (const [message, expected] of cases) {
    assert.throws(() => parseViewerMessage(message), (error: unknown) => error instanceof ProtocolError && expected.test(error.message), JSON.stringify(message));
  }
});
