import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Grid } from './arcTask';
import {
  applyAugmentation,
  AugmentationNameError,
  colourPermutation,
  dihedral,
  inverseColours,
  inverseDihedral,
  parseAugmentation,
  recolour,
  undoAugmentation,
  type Dihedral,
} from './augmentation';

const ALL: readonly Dihedral[] = [0, 1, 2, 3, 4, 5, 6, 7];
const TWO_BY_THREE: Grid = [
  [1, 2, 3],
  [4, 5, 6],
];

test('each transform matches numpy on a 2x3 grid (rot90 counter-clockwise, fliplr, flipud, .T)', () => {
  // Worked out by hand from dataset/common.py dihedral_transform.
  const expected: Record<Dihedral, Grid> = {
    0: TWO_BY_THREE,
    1: [
      [3, 6],
      [2, 5],
      [1, 4],
    ],
    2: [
      [6, 5, 4],
      [3, 2, 1],
    ],
    3: [
      [4, 1],
      [5, 2],
      [6, 3],
    ],
    4: [
      [3, 2, 1],
      [6, 5, 4],
    ],
    5: [
      [4, 5, 6],
      [1, 2, 3],
    ],
    6: [
      [1, 4],
      [2, 5],
      [3, 6],
    ],
    7: [
      [6, 3],
      [5, 2],
      [4, 1],
    ],
  };
  for (const k of ALL) assert.deepEqual(dihedral(TWO_BY_THREE, k), expected[k], `transform ${k}`);
});

test('each inverse transform undoes its transform on non-square grids', () => {
  const tall: Grid = [[1], [2], [3], [4]];
  for (const grid of [TWO_BY_THREE, tall]) {
    for (const k of ALL) {
      assert.deepEqual(inverseDihedral(dihedral(grid, k), k), grid, `transform ${k}`);
      assert.deepEqual(dihedral(inverseDihedral(grid, k), k), grid, `transform ${k}, inverse first`);
    }
  }
});

test('a colour permutation maps colour c to permutation[c] and its inverse maps it back', () => {
  const permutation = colourPermutation([0, 3, 1, 2, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(recolour([[0, 1, 2, 3, 9]], permutation), [[0, 3, 1, 2, 9]]);
  assert.deepEqual(recolour([[0, 3, 1, 2, 9]], inverseColours(permutation)), [[0, 1, 2, 3, 9]]);
});

test('a colour permutation must be a bijection of 0-9 that keeps 0', () => {
  assert.throws(() => colourPermutation([0, 1, 2, 3, 4, 5, 6, 7, 8, 8]), /not a permutation of the colours 0-9/);
  assert.throws(() => colourPermutation([0, 1, 2, 3, 4, 5, 6, 7, 8]), /not a permutation/);
  assert.throws(() => colourPermutation([0, 1, 2, 3, 4, 5, 6, 7, 8, 10]), /not a permutation/);
  assert.throws(() => colourPermutation([1, 0, 2, 3, 4, 5, 6, 7, 8, 9]), /colour 0 \(the background\) must stay 0/);
});

test('recolouring refuses a cell that is not a colour', () => {
  const identity = colourPermutation([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.throws(() => recolour([[1, 10]], identity), /cell 10 is not a colour 0-9/);
});

test('undoing an augmentation inverts the transform and the colours together', () => {
  // t1 with 1->2, 2->3, ..., 9->1: the original [[1,2,3],[4,5,6]] recolours to [[2,3,4],[5,6,7]], then turns.
  const aug = parseAugmentation('task|||t1|||0234567891').augmentation!;
  const augmented: Grid = [
    [4, 7],
    [3, 6],
    [2, 5],
  ];
  assert.deepEqual(applyAugmentation(TWO_BY_THREE, aug), augmented);
  assert.deepEqual(undoAugmentation(augmented, aug), TWO_BY_THREE);
});

test('undoing each transform with a colour permutation gives back the original grid', () => {
  const colours = colourPermutation([0, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  const grid: Grid = [
    [0, 1, 2, 3, 4],
    [5, 6, 7, 8, 9],
    [9, 0, 0, 1, 1],
  ];
  for (const transform of ALL) {
    const aug = { transform, colours };
    assert.deepEqual(undoAugmentation(applyAugmentation(grid, aug), aug), grid, `transform ${transform}`);
  }
});

test('TRM and HRM names of one augmentation parse to the same task, transform and colours', () => {
  const trm = parseAugmentation('007bbfb7|||t3|||0213456789');
  const hrm = parseAugmentation('007bbfb7_t3_0213456789');
  assert.equal(trm.task, '007bbfb7');
  assert.equal(trm.augmentation?.transform, 3);
  assert.deepEqual([...trm.augmentation!.colours], [0, 2, 1, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(hrm, trm);
});

test('an HRM name keeps the underscores of its task id', () => {
  const parsed = parseAugmentation('Above_Below_1_t7_0987654321');
  assert.equal(parsed.task, 'Above_Below_1');
  assert.equal(parsed.augmentation?.transform, 7);
});

test('a base identifier names its task and no augmentation', () => {
  for (const name of ['007bbfb7', '<blank>', 'Above_Below_1', 'task_t1']) {
    assert.deepEqual(parseAugmentation(name), { task: name, augmentation: null });
  }
});

test('a malformed augmented name throws an AugmentationNameError that says what is wrong', () => {
  const cases: readonly [string, RegExp][] = [
    ['007bbfb7|||t8|||0123456789', /the transform must be t0\.\.t7, got "t8"/],
    ['007bbfb7|||3|||0123456789', /the transform must be t0\.\.t7, got "3"/],
    ['007bbfb7|||t1|||012345678', /the colours must be 10 digits/],
    ['007bbfb7|||t1|||1023456789', /colour 0 \(the background\) must stay 0/],
    ['007bbfb7|||t1|||0123456788', /not a permutation/],
    ['007bbfb7|||t1', /expected <task>\|\|\|t<k>\|\|\|<colours>, got 2 fields/],
    ['a|||b|||t1|||0123456789', /got 4 fields/],
    ['|||t1|||0123456789', /the task id is empty/],
    ['007bbfb7_t12_0123456789', /the transform must be t0\.\.t7, got "t12"/],
    ['007bbfb7_t1_01234', /the colours must be 10 digits/],
  ];
  for (const [name, reason] of cases) {
    assert.throws(
      () => parseAugmentation(name),
      (error: unknown) =>
        error instanceof AugmentationNameError &&
        error.message.startsWith(`puzzle identifier ${JSON.stringify(name)}: `) &&
        reason.test(error.message),
      name,
    );
  }
});
