import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { extentOf, formatValue, linePath, nonFinitePath, stepToX, valueToY, xToStep } from './chartScale';

const frame = { width: 300, height: 60, pad: 4 };

test('the extent ignores unknown values and widens a flat series', () => {
  assert.deepEqual(extentOf([null, 2, 5, NaN, 3]), { min: 2, max: 5 });
  assert.deepEqual(extentOf([2, 2]), { min: 1.8, max: 2.2 });
  assert.deepEqual(extentOf([0]), { min: -1, max: 1 });
  assert.equal(extentOf([null, null]), null);
});

test('a click maps back to the step drawn under it', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5000 }), fc.nat(), fc.integer({ min: 50, max: 2000 }), (n, pick, width) => {
      const f = { width, height: 40, pad: 4 };
      const i = pick % n;
      // Steps closer than a pixel cannot all be told apart; the click lands within half a pixel.
      const back = xToStep(stepToX(i, n, f), n, f);
      const perPixel = Math.max(1, (n - 1) / (width - 8));
      assert.ok(Math.abs(back - i) <= perPixel / 2 + 1e-9, `${i} -> ${back}`);
    }),
  );
  assert.equal(xToStep(-50, 10, frame), 0);
  assert.equal(xToStep(9999, 10, frame), 9);
});

test('values map top-down with the largest at the top margin', () => {
  const e = { min: 0, max: 10 };
  assert.equal(valueToY(10, e, frame), 4);
  assert.equal(valueToY(0, e, frame), 56);
});

test('the line breaks where a value is unknown', () => {
  const path = linePath([1, 2, null, 3, 4], frame);
  assert.equal((path.match(/M/g) ?? []).length, 2);
  assert.equal((path.match(/L/g) ?? []).length, 2);
  assert.equal(linePath([null], frame), '');
});

test('a joined line goes on over unknown values, but not over a NaN', () => {
  const path = linePath([1, null, 2, null, 3, NaN, 4], frame, true);
  assert.equal((path.match(/M/g) ?? []).length, 2);
  assert.equal((path.match(/L/g) ?? []).length, 2);
});

test('axis labels stay short', () => {
  assert.equal(formatValue(0.123456), '0.123');
  assert.equal(formatValue(12345), '1.2e+4');
  assert.equal(formatValue(0), '0');
  assert.equal(formatValue(0.0001), '1.0e-4');
});

test('NaN and infinities read as NaN, Inf and -Inf, and are marked by bands instead of drawn', () => {
  assert.deepEqual([NaN, Infinity, -Infinity].map(formatValue), ['NaN', 'Inf', '-Inf']);
  const values = [1, NaN, NaN, 2, null, Infinity];
  assert.equal(linePath(values, frame), linePath([1, null, null, 2, null, null], frame));
  const f = { width: 100, height: 10, pad: 0 }; // steps at x = 0, 20, 40, 60, 80, 100
  assert.equal(nonFinitePath(values, f), 'M10.0 0H50.0V10H10.0ZM90.0 0H100.0V10H90.0Z');
  assert.equal(nonFinitePath([1, null, 2], f), '');
});
