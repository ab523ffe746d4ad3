// A trace of an augmented puzzle (a vote's run: the input rotated or reflected and its colours permuted, as the
// puzzle identifier names) shown as the puzzle was given: every grid mapped back as the evaluator maps a
// prediction back before voting (undoAugmentation), and every per-cell figure moved with its cell. The trace
// itself stays as the model saw it; this maps only what the panel is sent.

import type { Grid } from '../../core/arcTask';
import { inverseDihedral, undoAugmentation, type Augmentation, type Dihedral } from '../../core/augmentation';
import type { CellGrid, StepDetail, StepSummary, TraceMeta } from '../../shared/protocol';

/** A grid's rows and columns. */
export interface Shape {
  readonly height: number;
  readonly width: number;
}

const rowsOf = ({ height, width, cells }: CellGrid): Grid =>
  Array.from({ length: height }, (_, r) => cells.slice(r * width, (r + 1) * width));

const cellGridOf = (rows: Grid): CellGrid => ({ height: rows.length, width: rows[0]?.length ?? 0, cells: rows.flat() });

/** Where each cell of a height x width grid (row-major index) lands when the transform is undone. */
function landings(height: number, width: number, transform: Dihedral): number[] {
  const sources = inverseDihedral(rowsOf({ height, width, cells: [...Array(height * width).keys()] }), transform);
  const landsAt = new Array<number>(height * width);
  sources.flat().forEach((source, at) => (landsAt[source] = at));
  return landsAt;
}

/** The panel's wire forms of one augmented trace, mapped back to the puzzle as given. */
export class AsGiven {
  /** By the grid's shape: the answer's, the target's. */
  private readonly landingsByShape = new Map<string, number[]>();

  constructor(private readonly augmentation: Augmentation) {}

  meta(meta: TraceMeta): TraceMeta {
    return { ...meta, input: this.grid(meta.input), target: meta.target && this.grid(meta.target) };
  }

  /**
   * The shapes as the model saw them: the step's answer, whose cells `changed` indexes, and the target,
   * whose cells turnedWrong and turnedRight index.
   */
  summary(summary: StepSummary, answer: Shape, target: Shape | null): StepSummary {
    const inTarget = (cells: readonly number[]) => (target ? this.indices(cells, target) : cells);
    return {
      ...summary,
      changed: this.indices(summary.changed, answer),
      turnedWrong: inTarget(summary.turnedWrong),
      turnedRight: inTarget(summary.turnedRight),
    };
  }

  detail(detail: StepDetail): StepDetail {
    const { answer } = detail;
    const values = (perCell: readonly number[]) => this.values(perCell, answer);
    return {
      ...detail,
      answer: this.grid(answer),
      confidence: values(detail.confidence),
      yNormCells: values(detail.yNormCells),
      zNormCells: values(detail.zNormCells),
      motionCells: detail.motionCells && values(detail.motionCells),
      entropyCells: detail.entropyCells && values(detail.entropyCells),
      latentAnswer: detail.latentAnswer && this.grid(detail.latentAnswer),
      changeCounts: values(detail.changeCounts),
    };
  }

  /** A grid of colours: transform undone, colours permuted back. An empty answer stays empty. */
  private grid(grid: CellGrid): CellGrid {
    return grid.cells.length === 0 ? grid : cellGridOf(undoAugmentation(rowsOf(grid), this.augmentation));
  }

  /** Figures, one per cell of `shape`: each moves with its cell. */
  private values(perCell: readonly number[], shape: Shape): number[] {
    const landsAt = this.landingsOf(shape);
    const out = new Array<number>(perCell.length);
    perCell.forEach((v, i) => (out[landsAt[i] ?? i] = v));
    return out;
  }

  /** Row-major indices of cells of `shape`, each where its cell lands. */
  private indices(cells: readonly number[], shape: Shape): number[] {
    const landsAt = this.landingsOf(shape);
    return cells.map((i) => landsAt[i] ?? i).sort((a, b) => a - b);
  }

  private landingsOf({ height, width }: Shape): number[] {
    const key = `${height}x${width}`;
    let found = this.landingsByShape.get(key);
    if (!found) this.landingsByShape.set(key, (found = landings(height, width, this.augmentation.transform)));
    return found;
  }
}
