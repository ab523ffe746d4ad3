import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tagNonFinite, untagNonFinite } from './wireNumbers';

/** What a webview receives of a posted message: VS Code serialises it as JSON. */
const posted = <T>(message: T): T => JSON.parse(JSON.stringify(message)) as T;

test('NaN and infinities in a panel message arrive as numbers, not as null', () => {
  const message = {
    type: 'panel/load',
    meta: { taskName: 'NaN' },
    steps: [{ yNorm: 1.5, zNorm: NaN, haltProb: null, loss: Infinity }],
    details: [{ confidence: [0.5, NaN], yNormCells: [-Infinity, 2] }],
  };
  assert.equal(posted(message).steps[0].zNorm, null, 'plain JSON loses NaN');
  const received = untagNonFinite(posted(tagNonFinite(message)));
  assert.deepEqual(received, message);
  assert.equal(received.meta.taskName, 'NaN', 'a string is never taken for a number');
});

test('a message with only finite numbers is posted as it is, not copied', () => {
  const message = { type: 'panel/append', steps: [{ yNorm: 1, changed: [1, 2] }], details: [] };
  assert.equal(tagNonFinite(message), message);
  assert.equal(untagNonFinite(message), message);
});
