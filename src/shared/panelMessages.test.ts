import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DETAIL_PAGE, parsePanelMessage, ProtocolError } from './protocol';

test('well-formed trace panel messages come back typed', () => {
  assert.deepEqual(parsePanelMessage({ type: 'panel/ready' }), { type: 'panel/ready' });
  assert.deepEqual(parsePanelMessage({ type: 'trace/requestDetails', requestId: 3, from: 64, count: 64 }), { type: 'trace/requestDetails', requestId: 3, from: 64, count: 64 });
  assert.deepEqual(parsePanelMessage({ type: 'panel/export', format: 'png' }), { type: 'panel/export', format: 'png' });
  assert.deepEqual(parsePanelMessage({ type: 'panel/position', index: 0 }), { type: 'panel/position', index: 0 });
  assert.deepEqual(parsePanelMessage({ type: 'panel/moved', index: 12 }), { type: 'panel/moved', index: 12 });
});

test('malformed trace panel messages are refused with the field at fault', () => {
  const refuse = (raw: unknown, pattern: RegExp) => assert.throws(() => parsePanelMessage(raw), (e: unknown) => e instanceof ProtocolError && pattern.test(e.message));
  refuse(null, /not an object/);
  refuse({ type: 'trace/requestDetails', requestId: 1, from: 0, count: MAX_DETAIL_PAGE + 1 }, /count 1\.\.256/);
  refuse({ type: 'trace/requestDetails', requestId: 1, from: -1, count: 1 }, /from/);
  refuse({ type: 'trace/requestDetails', requestId: 1, from: 0, count: 0 }, /count/);
  refuse({ type: 'panel/export', format: '../../etc/passwd' }, /format must be one of json, csv, png/);
  refuse({ type: 'panel/position', index: 1.5 }, /index/);
  refuse({ type: 'panel/moved', index: -1 }, /panel\/moved: index must be a whole number/);
  refuse({ type: 'panel/moved', index: 3, threadId: 1 }, /unexpected key "threadId"/);
  refuse({ type: 'panel/ready', extra: 1 }, /unexpected key "extra"/);
  refuse({ type: 'solve' }, /unknown type "solve"/);
});
