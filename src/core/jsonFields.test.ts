import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failIn, JsonFields, type FieldRules } from './jsonFields';

class TestError extends Error {}

const fields = (rules: Omit<FieldRules, 'fail'> = {}) =>
  new JsonFields({ fail: failIn('x.json', TestError), ...rules });

/** The message `check` fails with, asserting it throws the reader's error class. */
function failure(check: () => unknown): string {
  try {
    check();
  } catch (e) {
    assert.ok(e instanceof TestError, `expected a TestError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('expected the check to fail');
}

test('a field of the wrong type fails with the file, its JSON path and what was expected', () => {
  const f = fields();
  assert.equal(
    failure(() => f.int('6', '$.encoding.width', { min: 1 })),
    'x.json: $.encoding.width: expected an integer >= 1',
  );
  assert.equal(
    failure(() => f.string(7, '$.steps[3].kind')),
    'x.json: $.steps[3].kind: expected a string',
  );
  assert.equal(
    failure(() => f.object([], '$.header')),
    'x.json: $.header: expected an object',
  );
  assert.equal(
    failure(() => f.list({}, '$.steps', 'steps')),
    'x.json: $.steps: expected a list of steps',
  );
});

test('a field of the right type is returned as it is', () => {
  const f = fields();
  const o = { a: 1 };
  assert.equal(f.object(o, '$'), o);
  assert.equal(f.int(0, '$.i', { min: 0 }), 0);
  assert.equal(f.string('', '$.s'), '');
  assert.equal(f.nonEmptyString('a', '$.s'), 'a');
  assert.equal(f.oneOf('hrm', '$.family', ['trm', 'hrm']), 'hrm');
});

test('showFound ends a scalar failure with the value as JSON, but never shows an object or a list', () => {
  const f = fields({ showFound: true });
  assert.equal(
    failure(() => f.nonEmptyString('', '$.name')),
    'x.json: $.name: expected a non-empty string, got ""',
  );
  assert.equal(
    failure(() => f.number(undefined, '$.w')),
    'x.json: $.w: expected a number, got undefined',
  );
  assert.equal(
    failure(() => f.object([1, 2], '$.loss')),
    'x.json: $.loss: expected an object',
  );
  assert.equal(
    failure(() => f.list('a', '$.xs', 'numbers')),
    'x.json: $.xs: expected a list of numbers',
  );
});

test('a range with a max includes both ends and says so; an unsafe integer is never taken', () => {
  const f = fields({ showFound: true });
  const range = { min: 1, max: 64 };
  assert.equal(f.int(1, '$.n', range), 1);
  assert.equal(f.int(64, '$.n', range), 64);
  assert.equal(
    failure(() => f.int(65, '$.n', range)),
    'x.json: $.n: expected an integer from 1 to 64, got 65',
  );
  assert.equal(
    failure(() => f.int(1.5, '$.n', range)),
    'x.json: $.n: expected an integer from 1 to 64, got 1.5',
  );
  assert.match(
    failure(() => f.int(2 ** 53, '$.n', { min: 0 })),
    /\$\.n: expected an integer >= 0, got 9007199254740992$/,
  );
});

test('oneOf lists its choices plain, or as JSON strings with quoteChoices', () => {
  assert.equal(
    failure(() => fields({ showFound: true }).oneOf('gpt', '$.family', ['trm', 'hrm'])),
    'x.json: $.family: expected one of trm, hrm, got "gpt"',
  );
  assert.equal(
    failure(() => fields({ quoteChoices: true }).oneOf('gpt', '$.family', ['trm', 'hrm'])),
    'x.json: $.family: expected one of "trm", "hrm"',
  );
});

test('numbers are finite unless a rule says otherwise: an overflowing literal is refused', () => {
  const overflow: unknown = JSON.parse('1e999');
  assert.equal(overflow, Infinity);
  assert.equal(
    failure(() => fields().number(overflow, '$.w')),
    'x.json: $.w: expected a number',
  );
  assert.equal(fields({ numbers: 'any' }).number(overflow, '$.w'), Infinity);
});

test('"NaN", "Infinity" and "-Infinity" read as numbers only under spelledNonFinite', () => {
  const spelled = fields({ numbers: 'spelledNonFinite' });
  assert.ok(Number.isNaN(spelled.number('NaN', '$.q')));
  assert.equal(spelled.number('Infinity', '$.q'), Infinity);
  assert.equal(spelled.number('-Infinity', '$.q'), -Infinity);
  assert.equal(spelled.number(-0.5, '$.q'), -0.5);
  const refused = 'x.json: $.q: expected a number, "NaN", "Infinity" or "-Infinity"';
  for (const v of ['Inf', 'nan', 'constructor', null])
    assert.equal(
      failure(() => spelled.number(v, '$.q')),
      refused,
    );
  assert.equal(
    failure(() => fields({ numbers: 'any' }).number('NaN', '$.q')),
    'x.json: $.q: expected a number',
  );
});

test('a list of numbers is decoded in place and a bad element is named by its index', () => {
  const f = fields({ numbers: 'spelledNonFinite' });
  const xs: unknown[] = [1, 'Infinity', 'NaN'];
  assert.equal(f.numbers(xs, '$.steps[0].confidence'), xs);
  assert.deepEqual(xs, [1, Infinity, NaN]);
  assert.match(
    failure(() => f.numbers([0, true], '$.steps[0].confidence')),
    /\$\.steps\[0\]\.confidence\[1\]: expected a number,/,
  );
});
