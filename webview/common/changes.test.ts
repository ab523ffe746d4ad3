import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Changes } from './changes';

test('every listener hears each change in the order it listened, until it stops', () => {
  const changes = new Changes<string>();
  const heard: string[] = [];
  const stopFirst = changes.listen((c) => heard.push(`first ${c}`));
  changes.listen((c) => heard.push(`second ${c}`));
  changes.emit('a');
  stopFirst();
  changes.emit('b');
  assert.deepEqual(heard, ['first a', 'second a', 'second b']);
});
