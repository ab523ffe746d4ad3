import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReportMessage, ProtocolError } from './protocol';

const openTrace = (id: number, row: unknown) => ({
  type: 'channel/request',
  id,
  request: { type: 'report/openTrace', row },
});

const refuse = (raw: unknown, pattern: RegExp) =>
  assert.throws(
    () => parseReportMessage(raw),
    (e: unknown) => e instanceof ProtocolError && pattern.test(e.message),
  );

test('well-formed report panel messages come back typed', () => {
  assert.deepEqual(parseReportMessage({ type: 'report/ready' }), { type: 'report/ready' });
  assert.deepEqual(parseReportMessage(openTrace(3, 0)), openTrace(3, 0));
  assert.deepEqual(parseReportMessage(openTrace(4, 12345)), openTrace(4, 12345));
});

test('malformed report panel messages are refused with the field at fault', () => {
  refuse(null, /report panel message: not an object/);
  refuse({ type: 'report/ready', extra: 1 }, /report\/ready: unexpected key "extra"/);
  refuse({ type: 'report/show' }, /report panel message: unknown type "report\/show"/);
  refuse({ type: 'vote/ready' }, /unknown type "vote\/ready"/);
});

test('an openTrace request names a row by index, never a path', () => {
  refuse(openTrace(1, -1), /report\/openTrace: row must be a whole number/);
  refuse(openTrace(1, 0.5), /row must be a whole number/);
  refuse(openTrace(1, '0'), /row must be a whole number/);
  refuse(
    { type: 'channel/request', id: 1, request: { type: 'report/openTrace', row: 0, trace: '../../x.trace.json' } },
    /report\/openTrace: unexpected key "trace"/,
  );
  refuse({ type: 'channel/request', id: 1, request: { type: 'vote/openTrace', position: 0 } }, /unknown type/);
});
