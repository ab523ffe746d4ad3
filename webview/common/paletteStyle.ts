// How each palette draws a value on screen: ARC colours, digits written in the cell, or maze glyphs.
// The colours themselves are shared with the host's PNG export (src/shared/cellColours.ts).

import { ARC_COLOURS, MAZE_COLOURS, MAZE_LABELS } from '../../src/shared/cellColours';
import type { Palette } from '../../src/shared/protocol';

/** How a value is drawn: a fill colour (any CSS colour, theme variables included) and the text in the cell. */
export interface PaletteStyle {
  fill(value: number): string;
  text(value: number): string;
}

export function paletteStyle(palette: Palette, labels: readonly string[] | null): PaletteStyle {
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
