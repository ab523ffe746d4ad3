// The models that ship in the extension's `models/` folder, and which of them a task goes to when the user
// has not chosen one: a model is only of use on a task whose test inputs it can take (a 6x6 Sudoku model
// cannot read a 3x3 ARC grid), and one trained on the task (its identifiers name it) is better still.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ArcTask } from './arcTask';
import type { Manifest } from './bundle';
import { gridProblem } from './encoding';

/** The manifest of a model folder, or null when the folder does not read as a bundle. */
export type ManifestReader = (dir: string) => Promise<Manifest | null>;

/** The model used where no task decides (and where none of them can take the task, so its error says why). */
export const DEFAULT_BUNDLED_MODEL = 'sudoku6-tiny';

export interface BundledModel {
  readonly dir: string;
  readonly manifest: Manifest;
}

/** How well a model fits a task: 2 trained on it and takes it, 1 takes it, 0 cannot take a test input. */
function fit(task: ArcTask, manifest: Manifest): number {
  const takes = task.test.every((pair, i) => gridProblem(pair.input, manifest.encoding, `$.test[${i}].input`) === null);
  if (!takes) return 0;
  return manifest.identifiers.names.includes(task.id) ? 2 : 1;
}

/** The best fitting model, the first of equals; the first model when none can take the task. */
export function bundledModelFor(task: ArcTask, models: readonly BundledModel[]): BundledModel | undefined {
  let best = models[0];
  let bestFit = best ? fit(task, best.manifest) : 0;
  for (const model of models.slice(1)) {
    const f = fit(task, model.manifest);
    if (f > bestFit) [best, bestFit] = [model, f];
  }
  return best;
}

export class BundledModels {
  constructor(
    /** The extension's `models/` folder. */
    private readonly folder: string,
    private readonly readManifest: ManifestReader,
  ) {}

  get defaultDir(): string {
    return path.join(this.folder, DEFAULT_BUNDLED_MODEL);
  }

  /** Every folder of `models/` that reads as a bundle, the default first, then by name. */
  async list(): Promise<BundledModel[]> {
    const names = await fs.readdir(this.folder).catch(() => [] as string[]);
    const ordered = [...names].sort(
      (a, b) => Number(b === DEFAULT_BUNDLED_MODEL) - Number(a === DEFAULT_BUNDLED_MODEL) || a.localeCompare(b),
    );
    const models: BundledModel[] = [];
    for (const name of ordered) {
      const dir = path.join(this.folder, name);
      const manifest = await this.readManifest(dir);
      if (manifest) models.push({ dir, manifest });
    }
    return models;
  }

  /** The folder of the bundled model for this task. */
  async dirFor(task: ArcTask): Promise<string> {
    return bundledModelFor(task, await this.list())?.dir ?? this.defaultDir;
  }
}
