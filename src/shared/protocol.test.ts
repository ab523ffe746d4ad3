import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Palette as ManifestPalette } from '../core/manifest';
import { parseViewerMessage, ProtocolError, type Palette } from './protocol';

/** Compiles only while the contract's palettes are exactly the manifest's. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const palettesAgree: Same<Palette, ManifestPalette> = true;

test('the contract names exactly the palettes a bundle manifest may name', () => {
  // The check is the compile of the line above; this keeps the constant in use.
  assert.equal(palettesAgree, true);
});

const ask = (id: unknown, request?: unknown) => ({
  type: 'channel/request',
  id,
  ...(request === undefined ? {} : { request }),
});

test('the viewer protocol accepts every well-formed message from the webview, typed', () => {
  assert.deepEqual(parseViewerMessage({ type: 'viewer/ready' }), { type: 'viewer/ready' });
  assert.deepEqual(parseViewerMessage(ask(7, { type: 'viewer/solve' })), ask(7, { type: 'viewer/solve' }));
  assert.deepEqual(parseViewerMessage(ask(0, { type: 'viewer/reopenAsText' })), {
    type: 'channel/request',
    id: 0,
    request: { type: 'viewer/reopenAsText' },
  });
  assert.deepEqual(parseViewerMessage(ask(3, { type: 'viewer/reveal', offset: 120, length: 0 })), {
    type: 'channel/request',
    id: 3,
    request: { type: 'viewer/reveal', offset: 120, length: 0 },
  });
});

test('the viewer protocol rejects malformed messages, naming what is wrong', () => {
  const reveal = (offset: unknown, length?: unknown) => ({
    type: 'viewer/reveal',
    offset,
    ...(length === undefined ? {} : { length }),
  });
  const cases: [unknown, RegExp][] = [
    [null, /not an object/],
    ['viewer/ready', /not an object/],
    [[{ type: 'viewer/ready' }], /not an object/],
    [{}, /unknown type undefined/],
    [{ type: 'viewer/show' }, /unknown type "viewer\/show"/],
    [{ type: 'ready' }, /unknown type "ready"/],
    [{ type: 'viewer/ready', extra: 1 }, /viewer\/ready: unexpected key "extra"/],
    [{ type: 'channel/request', request: { type: 'viewer/solve' } }, /"id" must be a whole number/],
    [ask(-1, { type: 'viewer/solve' }), /"id" must be a whole number/],
    [ask(1.5, { type: 'viewer/solve' }), /"id" must be a whole number/],
    [ask('1', { type: 'viewer/solve' }), /"id" must be a whole number/],
    [ask(1), /"request" must be an object/],
    [ask(1, { type: 'viewer/exec', command: 'rm' }), /unknown type "viewer\/exec"/],
    [ask(1, { type: 'viewer/solve', model: 'elsewhere/evil.onnx' }), /viewer\/solve: unexpected key "model"/],
    [ask(1, reveal(3)), /offset and length must be whole numbers/],
    [ask(1, reveal(-3, 1)), /offset and length must be whole numbers/],
    [ask(1, reveal(Number.NaN, 1)), /offset and length must be whole numbers/],
    [ask(1, reveal(2 ** 40, 1)), /offset and length must be whole numbers/],
    // A request of the other webview, or a reply (the host asks the viewer nothing), is not the viewer's to send.
    [ask(1, { type: 'panel/details', from: 0, count: 1 }), /unknown type "panel\/details"/],
    [{ type: 'channel/reply', id: 1, result: { ok: true } }, /unknown type "channel\/reply"/],
  ];
  for (const [message, expected] of cases) {
    assert.throws(
      () => parseViewerMessage(message),
      (error: unknown) => error instanceof ProtocolError && expected.test(error.message),
      JSON.stringify(message),
    );
  }
});
