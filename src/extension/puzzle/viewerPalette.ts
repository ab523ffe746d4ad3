// How the puzzle viewer draws a task by default: as the trace panel will draw it when Solve runs the
// configured model on it, so a puzzle looks the same before and after solving. The panel draws with
// the model's palette, so a digits model (Sudoku) or a maze model that can take every test input of the task
// gives its own palette, and anything else (ARC models, tasks the model cannot take, a model folder that does
// not read) keeps the ARC colours.

import type { ArcTask } from '../../core/arcTask';
import type { Encoding } from '../../core/bundle';
import { gridProblem } from '../../core/encoding';
import type { ViewerShow } from '../../shared/protocol';

export function paletteFor(task: ArcTask, encoding: Encoding | null): ViewerShow['palette'] {
  if (!encoding || encoding.palette === 'arc') return 'arc';
  return task.test.every((pair, i) => gridProblem(pair.input, encoding, `$.test[${i}].input`) === null)
    ? encoding.palette
    : 'arc';
}
