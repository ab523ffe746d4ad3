import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionFor, bindings } from './keymap';

const stroke = (key: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) => ({
  key, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods,
});

test('arrows step at the finest and the answer granularity', () => {
  assert.deepEqual(actionFor(stroke('ArrowRight')), { type: 'step', granularity: 'latent', direction: 1 });
  assert.deepEqual(actionFor(stroke('ArrowUp')), { type: 'step', granularity: 'answer', direction: -1 });
  assert.deepEqual(actionFor(stroke('PageDown')), { type: 'step', granularity: 'supervision', direction: 1 });
});

test('letters match either case and shifted symbols work', () => {
  assert.deepEqual(actionFor(stroke('H', { shiftKey: true })), { type: 'runTo', condition: 'halt' });
  assert.deepEqual(actionFor(stroke('?', { shiftKey: true })), { type: 'toggleHelp' });
  assert.deepEqual(actionFor(stroke('+', { shiftKey: true })), { type: 'speed', direction: 1 });
});

test('chords and function keys are left to VS Code', () => {
  assert.equal(actionFor(stroke('ArrowRight', { ctrlKey: true })), null);
  assert.equal(actionFor(stroke('p', { metaKey: true })), null);
  assert.equal(actionFor(stroke('F10')), null);
  assert.equal(actionFor(stroke('F5')), null);
});

test('no key is bound twice', () => {
  const keys = bindings.flatMap((b) => b.keys);
  assert.equal(new Set(keys).size, keys.length);
});
