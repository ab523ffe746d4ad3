// How the puzzle viewer draws a task by default: as the trace panel will draw it when Solve runs the
// configured model on it, so a puzzle looks the same before and after solving. The panel draws with
// the model's palette; the viewer knows two of them, so a digits model (Sudoku) that can take every test
// input of the task gives digits, and anything else (ARC models, tasks the model cannot take, a model
// folder that does not read) keeps the ARC colours.

import * as path from 'node:path';
import type { ArcTask } from '../../core/arcTask';
import { readManifest, type Encoding } from '../../core/bundle';
import { gridProblem } from '../../core/encoding';
import type { ViewerShow } from '../../shared/protocol';
import { fileStamp } from '../solve/bundleCache';

export function paletteFor(task: ArcTask, encoding: Encoding | null): ViewerShow['palette'] {
  if (encoding?.palette !== 'digits') return 'arc';
  return task.test.every((pair, i) => gridProblem(pair.input, encoding, `$.test[${i}].input`) === null)
    ? 'digits'
    : 'arc';
}

/**
 * Manifests read once per model folder, the viewer asks on every edit of the document, and read again
 * when the manifest changes (size or mtime), so a bundle rebuilt in the same folder is drawn as it now is.
 */
export class ModelEncodings {
  /** Per model folder: the manifest's stamp (bundleCache.ts) when it was read, and its encoding. */
  private readonly byDir = new Map<string, { readonly stamp: string; readonly encoding: Promise<Encoding | null> }>();

  async of(modelDir: string): Promise<Encoding | null> {
    const stamp = await fileStamp(path.join(modelDir, 'manifest.json'));
    let entry = this.byDir.get(modelDir);
    if (entry?.stamp !== stamp) {
      entry = {
        stamp,
        encoding: readManifest(modelDir).then(
          (m) => m.encoding,
          () => null,
        ),
      };
      this.byDir.set(modelDir, entry);
    }
    return entry.encoding;
  }
}
