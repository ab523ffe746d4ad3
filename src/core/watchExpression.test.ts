import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileExpression, ExpressionError, formatValue, type Scope, type Value } from './watchExpression';

function scopeOf(
  names: Record<string, Value>,
  grid: number[][] = [
    [1, 2],
    [3, 4],
  ],
): Scope {
  return {
    variable: (name) => (Object.hasOwn(names, name) ? names[name] : undefined),
    call: (name, args) => (name === 'cell' ? (grid[args[0] as number]?.[args[1] as number] ?? null) : undefined),
    knownNames: Object.keys(names),
  };
}

const run = (text: string, names: Record<string, Value> = {}) => compileExpression(text).evaluate(scopeOf(names));

test('the examples of the debugger issue evaluate over a step', () => {
  assert.equal(run('q_halt > 0.5', { q_halt: 0.7 }), true);
  assert.equal(run('q_halt > 0.5', { q_halt: -1.2 }), false);
  assert.equal(run('changed > 0', { changed: 0 }), false);
  assert.equal(run('cell(1,0)'), 3);
  assert.equal(run('cell(1, 1) == 4 and not halts', { halts: false }), true);
});

test('precedence and associativity follow arithmetic: * before +, left to right', () => {
  assert.equal(run('1 + 2 * 3'), 7);
  assert.equal(run('(1 + 2) * 3'), 9);
  assert.equal(run('10 - 4 - 3'), 3);
  assert.equal(run('-2 * 3'), -6);
  assert.equal(run('7 % 4'), 3);
  assert.equal(run('1e-3 < 0.01'), true);
  assert.equal(run('1 < 2 && 3 < 2 || true'), true);
});

test('arithmetic agrees with JavaScript on integer expressions', () => {
  const op = fc.constantFrom('+', '-', '*', '%');
  const n = fc.integer({ min: 1, max: 50 });
  fc.assert(
    fc.property(n, op, n, op, n, (a, p, b, q, c) => {
      const text = `${a} ${p} ${b} ${q} ${c}`;
      assert.equal(run(text), Function(`return ${text}`)());
    }),
  );
});

test('a missing value (null) compares false and makes arithmetic null, but equals null', () => {
  assert.equal(run('loss < 0.1', { loss: null }), false);
  assert.equal(run('loss >= 0.1', { loss: null }), false);
  assert.equal(run('loss + 1', { loss: null }), null);
  assert.equal(run('loss == null', { loss: null }), true);
});

test('&& and || short-circuit, so the right side is not evaluated', () => {
  assert.equal(run('false && missing > 1'), false);
  assert.equal(run('true || missing > 1'), true);
});

test('syntax errors name the column at fault', () => {
  assert.throws(() => compileExpression('q_halt >'), /column 9: the expression ends too early/);
  assert.throws(() => compileExpression('q_halt $ 1'), /column 8: unexpected character "\$"/);
  assert.throws(() => compileExpression('cell(1, 2'), /expected "\)"/);
  assert.throws(() => compileExpression('1 < x < 3'), /column 7: comparisons do not chain/);
  assert.throws(() => compileExpression('  '), /empty/);
  assert.throws(() => compileExpression('1 +'.repeat(200) + '1'), /longer than/);
});

test('unknown names and functions are reported when evaluated, with the known names', () => {
  assert.throws(
    () => run('qhalt > 0', { q_halt: 1 }),
    (e: unknown) => e instanceof ExpressionError && /unknown name "qhalt"; known names: q_halt/.test(e.message),
  );
  assert.throws(() => run('norm(1)'), /unknown function "norm"/);
  assert.throws(() => run('true + 1'), /"\+" needs numbers/);
});

test('any text either parses or fails with an ExpressionError, never another error', () => {
  const alphabet = fc.constantFrom(...'q_halt cell(,)0123456789.e+-*/%<>=!&|() andornot true null \t$#'.split(''));
  fc.assert(
    fc.property(
      fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')),
      (text) => {
        try {
          const value = compileExpression(text).evaluate(scopeOf({ q_halt: 1.5, cell: null }));
          assert.ok(value === null || ['number', 'boolean'].includes(typeof value));
        } catch (error) {
          assert.ok(error instanceof ExpressionError, `${JSON.stringify(text)}: ${String(error)}`);
        }
      },
    ),
    { numRuns: 2000 },
  );
});

test('values print as a person reads them', () => {
  assert.equal(formatValue(3), '3');
  assert.equal(formatValue(0.123456789), '0.123457');
  assert.equal(formatValue(true), 'true');
  assert.equal(formatValue(null), 'null');
});
