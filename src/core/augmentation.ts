// ARC augmentations as the TRM and HRM dataset builders make them: one of the 8 dihedral transforms plus a
// permutation of the colours 1-9 (0, the black background, stays), named in the puzzle identifier so the
// evaluator can map each prediction back to the original puzzle before voting.
//
// Public API
//   type Dihedral = 0..7                  the reference's transform ids (dataset/common.py dihedral_transform)
//   dihedral(grid, k), inverseDihedral(grid, k)
//   type ColourPermutation                permutation[c] = the colour that original colour c becomes
//   colourPermutation(mapping)            checks a mapping of 0-9 onto itself that keeps 0 (else RangeError)
//   inverseColours(permutation), recolour(grid, permutation)
//   interface Augmentation { transform; colours }
//   applyAugmentation(grid, aug)          colours first, then the transform, as the builder does
//   undoAugmentation(grid, aug)           back to the original orientation and colours
//   parseAugmentation(identifier)         { task, augmentation } with augmentation null for a base identifier
//     (a plain task id, `<blank>`); a malformed augmented name throws AugmentationNameError
//
// Grids are rectangular; a cell outside 0-9 is a RangeError when recoloured.

import type { Grid } from './arcTask';

export type Dihedral = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The cell of the source grid (h rows, w columns) that lands at row i, column j of the result. */
type Source = (i: number, j: number, h: number, w: number) => readonly [number, number];

interface Transform {
  /** true when the result has w rows and h columns */
  readonly swapsSides: boolean;
  readonly source: Source;
}

// numpy's definitions: rot90 turns counter-clockwise, fliplr reverses each row, flipud the row order.
const TRANSFORMS: Readonly<Record<Dihedral, Transform>> = {
  0: { swapsSides: false, source: (i, j) => [i, j] },
  1: { swapsSides: true, source: (i, j, _h, w) => [j, w - 1 - i] }, // rot90(k=1)
  2: { swapsSides: false, source: (i, j, h, w) => [h - 1 - i, w - 1 - j] }, // rot90(k=2)
  3: { swapsSides: true, source: (i, j, h) => [h - 1 - j, i] }, // rot90(k=3)
  4: { swapsSides: false, source: (i, j, _h, w) => [i, w - 1 - j] }, // fliplr
  5: { swapsSides: false, source: (i, j, h) => [h - 1 - i, j] }, // flipud
  6: { swapsSides: true, source: (i, j) => [j, i] }, // transpose
  7: { swapsSides: true, source: (i, j, h, w) => [h - 1 - j, w - 1 - i] }, // fliplr(rot90(k=1))
};

/** DIHEDRAL_INVERSE in dataset/common.py: the rotations by 90 and 270 degrees undo each other. */
const INVERSE: Readonly<Record<Dihedral, Dihedral>> = { 0: 0, 1: 3, 2: 2, 3: 1, 4: 4, 5: 5, 6: 6, 7: 7 };

export function dihedral(grid: Grid, k: Dihedral): Grid {
  const { swapsSides, source } = TRANSFORMS[k];
  const h = grid.length;
  const w = grid[0]?.length ?? 0;
  const [rows, columns] = swapsSides ? [w, h] : [h, w];
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: columns }, (_, j) => {
      const [r, c] = source(i, j, h, w);
      return grid[r]![c]!;
    }),
  );
}

export function inverseDihedral(grid: Grid, k: Dihedral): Grid {
  return dihedral(grid, INVERSE[k]);
}

declare const checked: unique symbol;
/** A bijection of the colours 0-9 that keeps 0; only colourPermutation makes one. */
export type ColourPermutation = readonly number[] & { readonly [checked]: true };

const COLOURS = 10;

export function colourPermutation(mapping: readonly number[]): ColourPermutation {
  const seen = new Set(mapping);
  const isBijection =
    mapping.length === COLOURS &&
    seen.size === COLOURS &&
    mapping.every((c) => Number.isInteger(c) && c >= 0 && c < 10);
  if (!isBijection) throw new RangeError(`not a permutation of the colours 0-9: [${mapping.join(', ')}]`);
  if (mapping[0] !== 0) throw new RangeError(`colour 0 (the background) must stay 0, got [${mapping.join(', ')}]`);
  return [...mapping] as readonly number[] as ColourPermutation;
}

/** The reference's np.argsort of the permutation: colour v goes back to the c with permutation[c] = v. */
export function inverseColours(permutation: ColourPermutation): ColourPermutation {
  const inverse = new Array<number>(COLOURS);
  permutation.forEach((to, from) => (inverse[to] = from));
  return inverse as readonly number[] as ColourPermutation;
}

export function recolour(grid: Grid, permutation: ColourPermutation): Grid {
  return grid.map((row) =>
    row.map((cell) => {
      const colour = permutation[cell];
      if (colour === undefined) throw new RangeError(`cell ${cell} is not a colour 0-9`);
      return colour;
    }),
  );
}

export interface Augmentation {
  readonly transform: Dihedral;
  readonly colours: ColourPermutation;
}

/** The builder's `_map_grid`: dihedral_transform(mapping[grid], trans_id). */
export function applyAugmentation(grid: Grid, aug: Augmentation): Grid {
  return dihedral(recolour(grid, aug.colours), aug.transform);
}

/** The evaluator's inverse_aug: inv_perm[inverse_dihedral_transform(grid, trans_id)]. */
export function undoAugmentation(grid: Grid, aug: Augmentation): Grid {
  return recolour(inverseDihedral(grid, aug.transform), inverseColours(aug.colours));
}

export interface ParsedIdentifier {
  /** The task the identifier belongs to: the whole identifier when it names no augmentation. */
  readonly task: string;
  readonly augmentation: Augmentation | null;
}

export class AugmentationNameError extends Error {
  constructor(identifier: string, reason: string) {
    super(`puzzle identifier ${JSON.stringify(identifier)}: ${reason}`);
    this.name = 'AugmentationNameError';
  }
}

/** TRM's PuzzleIdSeparator (dataset/build_arc_dataset.py): `<task>|||t<k>|||<10 colour digits>`. */
const TRM_SEPARATOR = '|||';
/** HRM's `<task>_t<k>_<10 colour digits>`; a task id may hold `_` itself, so only this tail counts. */
const HRM_TAIL = /^(.*)_(t\d+)_(\d+)$/;

export function parseAugmentation(identifier: string): ParsedIdentifier {
  if (identifier.includes(TRM_SEPARATOR)) {
    const fields = identifier.split(TRM_SEPARATOR);
    if (fields.length !== 3) {
      throw new AugmentationNameError(identifier, `expected <task>|||t<k>|||<colours>, got ${fields.length} fields`);
    }
    return augmented(identifier, fields[0]!, fields[1]!, fields[2]!);
  }
  const hrm = HRM_TAIL.exec(identifier);
  if (hrm) return augmented(identifier, hrm[1]!, hrm[2]!, hrm[3]!);
  return { task: identifier, augmentation: null };
}

function augmented(identifier: string, task: string, transform: string, colours: string): ParsedIdentifier {
  if (task === '') throw new AugmentationNameError(identifier, 'the task id is empty');
  if (!/^t[0-7]$/.test(transform)) {
    throw new AugmentationNameError(identifier, `the transform must be t0..t7, got ${JSON.stringify(transform)}`);
  }
  if (!/^\d{10}$/.test(colours)) {
    throw new AugmentationNameError(identifier, `the colours must be 10 digits, got ${JSON.stringify(colours)}`);
  }
  try {
    const permutation = colourPermutation([...colours].map(Number));
    return { task, augmentation: { transform: Number(transform[1]) as Dihedral, colours: permutation } };
  } catch (error) {
    throw new AugmentationNameError(identifier, (error as Error).message);
  }
}
