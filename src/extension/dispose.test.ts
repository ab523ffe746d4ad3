import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DisposableStore } from './dispose';

function recorder(log: string[], name: string) {
  return { dispose: () => log.push(name) };
}

test('disposing ends what was registered, last first, and only once', () => {
  const log: string[] = [];
  const store = new DisposableStore();
  store.add(recorder(log, 'first'));
  store.add(recorder(log, 'second'));
  store.dispose();
  store.dispose();
  assert.deepEqual(log, ['second', 'first']);
  assert.equal(store.isDisposed, true);
});

test('a thing registered after disposal is disposed at once rather than leaked', () => {
  const log: string[] = [];
  const store = new DisposableStore();
  store.dispose();
  const late = store.add(recorder(log, 'late'));
  assert.deepEqual(log, ['late']);
  assert.equal(typeof late.dispose, 'function');
});
