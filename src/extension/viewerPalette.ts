// How the puzzle viewer draws a task by default: as the trace panel will draw it when Solve runs the
// configured model on it, so a puzzle looks the same before and after solving. The panel draws with
// the model's palette; the viewer knows two of them, so a digits model (Sudoku) that can take every test
// input of the task gives digits, and anything else (ARC models, tasks the model cannot take, a model
// folder that does not read) keeps the ARC colours.

import type { ArcTask } from '../core/arcTask';
import { readManifest, type Encoding } from '../core/bundle';
import { gridProblem } from '../core/encoding';
import type { ViewerShow } from '../shared/protocol';

export function paletteFor(task: ArcTask, encoding: Encoding | null): ViewerShow['palette'] {
  if (encoding?.palette !== 'digits') return 'arc';
  return task.test.every((pair, i) => gridProblem(pair.input, encoding, `$.test[${i}].input`) === null) ? 'digits' : 'arc';
}

/** Manifests read once per model folder: the viewer asks on every edit of the document. */
const encodings = new Map<string, Promise<Encoding | null>>();

export function modelEncoding(modelDir: string): Promise<Encoding | null> {
  let encoding = encodings.get(modelDir);
  if (!encoding) {
    encoding = readManifest(modelDir).then((m) => m.encoding, () => null);
    encodings.set(modelDir, encoding);
  }
  return encoding;
}
