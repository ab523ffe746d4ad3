// How a palette draws a value: ARC colours, digits written in the cell, or maze glyphs.

import type { Palette } from '../src/shared/protocol';
import type { CellLook } from './liveGrid';
import { ARC_COLOURS, MAZE_COLOURS, MAZE_LABELS } from '../src/shared/cellColours';

export function cellLook(palette: Palette, labels: readonly string[] | null): CellLook {
  const label = (v: number, fallback: string) => labels?.[v] ?? fallback;
  switch (palette) {
    case 'arc':
      return { fill: (v) => ARC_COLOURS[v] ?? '#ffffff', text: (v) => (labels ? label(v, '') : '') };
    case 'digits':
      // Blank (0) cells take the editor background; filled ones a widget tint, so digits stay legible in every theme.
      return {
        fill: (v) => (v === 0 ? 'var(--vscode-editor-background)' : 'var(--vscode-editorWidget-background, #f3f3f3)'),
        text: (v) => label(v, v === 0 ? '' : String(v)),
      };
    case 'maze':
      return { fill: (v) => MAZE_COLOURS[v] ?? '#ffffff', text: (v) => label(v, MAZE_LABELS[v] ?? String(v)) };
  }
}
