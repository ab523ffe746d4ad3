import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PANEL_VIEW, MAX_DETAIL_PAGE, parsePanelMessage, ProtocolError } from './protocol';

const details = (id: number, from: number, count: number) => ({
  type: 'channel/request',
  id,
  request: { type: 'panel/details', from, count },
});

test('well-formed trace panel messages come back typed', () => {
  assert.deepEqual(parsePanelMessage({ type: 'panel/ready' }), { type: 'panel/ready' });
  assert.deepEqual(parsePanelMessage(details(3, 64, 64)), details(3, 64, 64));
  assert.deepEqual(parsePanelMessage({ type: 'panel/export', format: 'png' }), { type: 'panel/export', format: 'png' });
  const position = { type: 'panel/position', view: { ...DEFAULT_PANEL_VIEW, index: 4, overlays: ['motion'] } };
  assert.deepEqual(parsePanelMessage(position), position);
  assert.deepEqual(parsePanelMessage({ type: 'panel/moved', index: 12 }), { type: 'panel/moved', index: 12 });
});

test('malformed trace panel messages are refused with the field at fault', () => {
  const refuse = (raw: unknown, pattern: RegExp) =>
    assert.throws(
      () => parsePanelMessage(raw),
      (e: unknown) => e instanceof ProtocolError && pattern.test(e.message),
    );
  refuse(null, /not an object/);
  refuse(details(1, 0, MAX_DETAIL_PAGE + 1), /count 1\.\.256/);
  refuse(details(1, -1, 1), /from/);
  refuse(details(1, 0, 0), /count/);
  refuse({ type: 'panel/export', format: '../../etc/passwd' }, /format must be one of json, csv, png/);
  refuse({ type: 'panel/position', index: 1 }, /unexpected key "index"/);
  refuse({ type: 'panel/position', view: { ...DEFAULT_PANEL_VIEW, index: 1.5 } }, /view is not a panel view state/);
  refuse({ type: 'panel/position', view: { ...DEFAULT_PANEL_VIEW, overlays: ['glow'] } }, /view/);
  refuse({ type: 'panel/moved', index: -1 }, /panel\/moved: index must be a whole number/);
  refuse({ type: 'panel/moved', index: 3, threadId: 1 }, /unexpected key "threadId"/);
  refuse({ type: 'panel/ready', extra: 1 }, /unexpected key "extra"/);
  refuse({ type: 'solve' }, /unknown type "solve"/);
});

test('a details request is checked in its envelope and in itself', () => {
  const refuse = (raw: unknown, pattern: RegExp) =>
    assert.throws(
      () => parsePanelMessage(raw),
      (e: unknown) => e instanceof ProtocolError && pattern.test(e.message),
    );
  refuse({ ...details(1, 0, 1), id: -1 }, /channel\/request: "id" must be a whole number/);
  refuse({ type: 'channel/request', id: 1 }, /"request" must be an object/);
  refuse({ ...details(1, 0, 1), extra: true }, /channel\/request: unexpected key "extra"/);
  refuse(
    { type: 'channel/request', id: 1, request: { type: 'panel/details', from: 0, count: 1, all: true } },
    /panel\/details: unexpected key "all"/,
  );
  refuse(
    { type: 'channel/request', id: 1, request: { type: 'viewer/solve' } },
    /trace panel request: unknown type "viewer\/solve"/,
  );
  refuse({ type: 'channel/reply', id: 1, result: [] }, /unknown type "channel\/reply"/);
  // The old names are gone: one request/reply scheme for both webviews.
  refuse({ type: 'trace/requestDetails', requestId: 1, from: 0, count: 1 }, /unknown type "trace\/requestDetails"/);
});

test("the orientation switch names one of the two ways to show an augmented puzzle's trace", () => {
  assert.deepEqual(parsePanelMessage({ type: 'panel/orient', orientation: 'model' }), {
    type: 'panel/orient',
    orientation: 'model',
  });
  assert.throws(() => parsePanelMessage({ type: 'panel/orient', orientation: 'sideways' }), /orientation must be/);
  assert.throws(() => parsePanelMessage({ type: 'panel/orient', orientation: 'model', index: 1 }), ProtocolError);
});

test('the test switcher and Choose Model messages are accepted as sent and refused when malformed', () => {
  assert.deepEqual(parsePanelMessage({ type: 'panel/solveTest', index: 2 }), { type: 'panel/solveTest', index: 2 });
  assert.deepEqual(parsePanelMessage({ type: 'panel/chooseModel' }), { type: 'panel/chooseModel' });
  assert.throws(() => parsePanelMessage({ type: 'panel/solveTest', index: -1 }), ProtocolError);
  assert.throws(() => parsePanelMessage({ type: 'panel/solveTest', index: '1' }), ProtocolError);
  assert.throws(() => parsePanelMessage({ type: 'panel/chooseModel', path: '/x' }), ProtocolError);
});
