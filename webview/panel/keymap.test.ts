import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { OVERLAYS } from '../../src/shared/protocol';
import { actionFor, bindings, isVscodeKey, vscodeKeys } from './keymap';

const stroke = (
  key: string,
  mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {},
) => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
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

test('5, 6 and 7 toggle the movement overlays, M the extra charts', () => {
  assert.deepEqual(actionFor(stroke('5')), { type: 'toggleOverlay', overlay: 'motion' });
  assert.deepEqual(actionFor(stroke('6')), { type: 'toggleOverlay', overlay: 'entropy' });
  assert.deepEqual(actionFor(stroke('7')), { type: 'toggleOverlay', overlay: 'regressed' });
  assert.deepEqual(actionFor(stroke('M', { shiftKey: true })), { type: 'toggleMoreCharts' });
});

test("every overlay of the contract has a digit key, in the contract's order, as the toolbar lists them", () => {
  OVERLAYS.forEach((overlay, i) => {
    assert.deepEqual(actionFor(stroke(String(i + 1))), { type: 'toggleOverlay', overlay }, overlay);
  });
});

test('chords and function keys are left to VS Code', () => {
  assert.equal(actionFor(stroke('ArrowRight', { ctrlKey: true })), null);
  assert.equal(actionFor(stroke('ArrowRight', { altKey: true })), null);
  assert.equal(actionFor(stroke('p', { metaKey: true })), null);
  assert.equal(actionFor(stroke('F10')), null);
  assert.equal(actionFor(stroke('F5')), null);
});

test('the help lists exactly the keybindings package.json contributes for the panel, none on the debugger keys', () => {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
    contributes: { keybindings: { command: string; key: string; when: string }[] };
  };
  const contributed = manifest.contributes.keybindings.filter((k) => k.command.startsWith('trmLens.trace.'));
  assert.deepEqual(
    contributed.map((k) => [k.command, k.key]),
    vscodeKeys.map((k) => [k.command, k.key]),
  );
  for (const k of contributed) {
    assert.match(k.when, /activeWebviewPanelId == 'trmLens.trace'/, k.command);
    assert.doesNotMatch(k.key, /f5|f10|f11/i, `${k.command} takes a debugger key`);
  }
});

test('the contributed chords are recognised so the browser does not act on them, and nothing else is', () => {
  assert.ok(isVscodeKey(stroke('ArrowLeft', { altKey: true })));
  assert.ok(isVscodeKey(stroke('Home', { altKey: true })));
  assert.ok(isVscodeKey(stroke('H', { altKey: true })));
  assert.ok(!isVscodeKey(stroke('ArrowLeft')));
  assert.ok(!isVscodeKey(stroke('ArrowLeft', { altKey: true, shiftKey: true })));
  assert.ok(!isVscodeKey(stroke('F5')));
});

test('no key is bound twice', () => {
  const keys = bindings.flatMap((b) => b.keys);
  assert.equal(new Set(keys).size, keys.length);
});
