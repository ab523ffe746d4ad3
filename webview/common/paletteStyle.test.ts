import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paletteStyle } from './paletteStyle';

test('the ARC palette fills values with the standard ARC palette and writes nothing', () => {
  const expected = [
    '#000000',
    '#0074D9',
    '#FF4136',
    '#2ECC40',
    '#FFDC00',
    '#AAAAAA',
    '#F012BE',
    '#FF851B',
    '#7FDBFF',
    '#870C25',
  ];
  const arc = paletteStyle('arc', null);
  assert.deepEqual(
    expected.map((_, value) => arc.fill(value).toUpperCase()),
    expected,
  );
  assert.equal(arc.fill(10).toUpperCase(), '#FFFFFF', 'an out-of-range value is visible, not transparent');
  assert.equal(arc.text(3), '');
});

test('the digits palette writes each value in its cell and leaves 0 blank, on theme colours', () => {
  const digits = paletteStyle('digits', null);
  assert.deepEqual(
    [0, 1, 6].map((v) => digits.text(v)),
    ['', '1', '6'],
  );
  assert.match(digits.fill(0), /^var\(--vscode-editor-background/);
  assert.match(digits.fill(4), /^var\(--vscode-editorWidget-background/);
});
