import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatJsonPath } from './jsonPath';

test('paths print as $ then .key for identifiers, ["key"] for other keys, [i] for indices', () => {
  assert.equal(formatJsonPath([]), '$');
  assert.equal(formatJsonPath(['train', 2, 'output', 3, 5]), '$.train[2].output[3][5]');
  assert.equal(formatJsonPath(['007bbfb7', 'test', 0]), '$["007bbfb7"].test[0]');
  assert.equal(formatJsonPath(['a b', 'q"uote', '_ok$']), '$["a b"]["q\\"uote"]._ok$');
});
