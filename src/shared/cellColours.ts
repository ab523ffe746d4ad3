// Cell colours shared by every picture of a grid: the webviews draw with them (webview/common/paletteStyle.ts)
// and the host writes PNG exports with them (src/extension/trace/gridStrip.ts), so an exported image looks
// like the panel.

/** The standard ARC colours, 0 black .. 9 maroon (as in the ARC-AGI viewer). */
export const ARC_COLOURS: readonly string[] = [
  '#000000',
  '#0074d9',
  '#ff4136',
  '#2ecc40',
  '#ffdc00',
  '#aaaaaa',
  '#f012be',
  '#ff851b',
  '#7fdbff',
  '#870c25',
];

/** Maze values in the reference encoding: '#' wall, ' ' open, 'S' start, 'G' goal, 'o' path. */
export const MAZE_COLOURS: readonly string[] = ['#3c3c3c', '#f2f2f2', '#2ecc40', '#ff4136', '#ffdc00'];
export const MAZE_LABELS: readonly string[] = ['#', '', 'S', 'G', 'o'];
