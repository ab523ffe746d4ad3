// Draws a Grid as DOM elements in a palette style (common/paletteStyle.ts, shared with the trace panel): ARC colours,
// or the value written in the cell. One element per cell keeps the page inspectable: the end-to-end
// tests (and screen readers, through the grid's label) read what is shown from the DOM.
//
// DOM contract (relied on by test/e2e):
//   .arc-grid[data-rows][data-cols][data-role]   one per grid shown; data-role e.g. `train-0-input`
//     > .cell[data-row][data-col][data-value]    row-major, background-color and text from the look
// Cell size and column count are CSS custom properties (--cell, --cols) set through the CSSOM, which
// the webview's Content Security Policy allows (it forbids inline style attributes).

import type { Grid } from '../../src/core/arcTask';
import { cellDescription, gridShape, sizeLabel } from './gridModel';
import type { PaletteStyle } from '../common/paletteStyle';

export function renderGrid(grid: Grid, role: string, label: string, look: PaletteStyle): HTMLDivElement {
  const { rows, cols } = gridShape(grid);
  const element = document.createElement('div');
  element.className = 'arc-grid';
  element.dataset.rows = String(rows);
  element.dataset.cols = String(cols);
  element.dataset.role = role;
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', `${label}, ${rows} by ${cols}`);
  element.style.setProperty('--cols', String(cols));
  const fragment = document.createDocumentFragment();
  grid.forEach((row, r) =>
    row.forEach((value, c) => {
      const cell = document.createElement('div');
      cell.className = 'cell';
      cell.dataset.row = String(r);
      cell.dataset.col = String(c);
      cell.dataset.value = String(value);
      cell.style.backgroundColor = look.fill(value);
      const text = look.text(value);
      if (text) cell.textContent = text;
      fragment.appendChild(cell);
    }),
  );
  element.appendChild(fragment);
  return element;
}

/** A grid with its caption: `Input 3×3`. */
export function renderGridFigure(
  grid: Grid,
  role: string,
  caption: string,
  label: string,
  look: PaletteStyle,
): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'grid-figure';
  const heading = document.createElement('figcaption');
  const name = document.createElement('span');
  name.textContent = caption;
  const size = document.createElement('span');
  size.className = 'grid-size';
  size.textContent = sizeLabel(grid);
  heading.append(name, size);
  figure.append(heading, renderGrid(grid, role, `${label} ${caption.toLowerCase()}`, look));
  return figure;
}

/**
 * One hover tooltip for every cell under `root` (event delegation: a 30×30 task has thousands of
 * cells). Shows row, column and value; follows the pointer; hides when it leaves the cells.
 */
export function attachCellTooltip(root: HTMLElement): void {
  const tooltip = document.createElement('div');
  tooltip.className = 'cell-tooltip';
  tooltip.setAttribute('role', 'tooltip');
  tooltip.hidden = true;
  document.body.appendChild(tooltip);

  root.addEventListener('mousemove', (event) => {
    const cell = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('.arc-grid > .cell') : null;
    if (!cell) {
      tooltip.hidden = true;
      return;
    }
    const shown = cell.closest<HTMLElement>('[data-look]')?.dataset.look;
    const look = shown === 'digits' || shown === 'maze' ? shown : 'arc';
    tooltip.textContent = cellDescription(
      Number(cell.dataset.row),
      Number(cell.dataset.col),
      Number(cell.dataset.value),
      look,
    );
    tooltip.hidden = false;
    const margin = 12;
    const x = Math.min(event.clientX + margin, window.innerWidth - tooltip.offsetWidth - 4);
    const y =
      event.clientY + margin + tooltip.offsetHeight > window.innerHeight
        ? event.clientY - margin - tooltip.offsetHeight
        : event.clientY + margin;
    tooltip.style.left = `${Math.max(4, x)}px`;
    tooltip.style.top = `${Math.max(4, y)}px`;
  });
  root.addEventListener('mouseleave', () => {
    tooltip.hidden = true;
  });
}
