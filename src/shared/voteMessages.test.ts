import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVoteMessage, ProtocolError } from './protocol';

const openTrace = (id: number, position: unknown) => ({
  type: 'channel/request',
  id,
  request: { type: 'vote/openTrace', position },
});

const refuse = (raw: unknown, pattern: RegExp) =>
  assert.throws(
    () => parseVoteMessage(raw),
    (e: unknown) => e instanceof ProtocolError && pattern.test(e.message),
  );

test('well-formed vote panel messages come back typed', () => {
  assert.deepEqual(parseVoteMessage({ type: 'vote/ready' }), { type: 'vote/ready' });
  const debug = { type: 'channel/request', id: 2, request: { type: 'vote/debug', position: 1 } };
  assert.deepEqual(parseVoteMessage(debug), debug);
  assert.deepEqual(parseVoteMessage(openTrace(4, 0)), openTrace(4, 0));
  assert.deepEqual(parseVoteMessage(openTrace(5, 999)), openTrace(5, 999));
});

test('malformed vote panel messages are refused with the field at fault', () => {
  refuse(null, /vote panel message: not an object/);
  refuse([], /not an object/);
  refuse({ type: 'vote/ready', extra: 1 }, /vote\/ready: unexpected key "extra"/);
  refuse({ type: 'vote/show' }, /unknown type "vote\/show"/);
  refuse({ type: 'panel/ready' }, /vote panel message: unknown type "panel\/ready"/);
});

test('an openTrace request is checked in its envelope and in itself', () => {
  refuse(openTrace(1, -1), /vote\/openTrace: position must be a whole number/);
  refuse({ type: 'channel/request', id: 1, request: { type: 'vote/debug', position: 'x' } }, /vote\/debug: position/);
  refuse(openTrace(1, 1.5), /position must be a whole number/);
  refuse(openTrace(1, '0'), /position must be a whole number/);
  refuse({ ...openTrace(1, 0), id: -1 }, /channel\/request: "id" must be a whole number/);
  refuse({ type: 'channel/request', id: 1, request: 'vote/openTrace' }, /"request" must be an object/);
  refuse(
    { type: 'channel/request', id: 1, request: { type: 'vote/openTrace', position: 0, path: '/etc/passwd' } },
    /vote\/openTrace: unexpected key "path"/,
  );
  refuse({ type: 'channel/request', id: 1, request: { type: 'panel/details', from: 0, count: 1 } }, /unknown type/);
});
