import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LineIndex } from './textPosition';

test('offsets map to 1-based lines and columns across LF, CRLF and CR line breaks', () => {
  const text = 'ab\ncd\r\nef\rg';
  const index = new LineIndex(text);
  const at = (offset: number) => index.position(offset);
  assert.deepEqual(at(0), { line: 1, column: 1 });
  assert.deepEqual(at(2), { line: 1, column: 3 }); // the \n itself ends line 1
  assert.deepEqual(at(3), { line: 2, column: 1 });
  assert.deepEqual(at(6), { line: 2, column: 4 }); // the \n of \r\n
  assert.deepEqual(at(7), { line: 3, column: 1 });
  assert.deepEqual(at(10), { line: 4, column: 1 });
  assert.deepEqual(at(text.length), { line: 4, column: 2 });
});

test('property: the position agrees with counting line breaks before the offset', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '\r', ' ') }), fc.nat(), (text, n) => {
      const offset = n % (text.length + 1);
      const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
      const expected = { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
      // An offset between \r and \n belongs to the line the \r ends.
      if (text[offset - 1] === '\r' && text[offset] === '\n') {
        expected.line -= 1;
        const previous = text.slice(0, offset - 1).split(/\r\n|\r|\n/);
        expected.column = previous[previous.length - 1]!.length + 2;
      }
      assert.deepEqual(new LineIndex(text).position(offset), expected);
    }),
  );
});
