// A task's examples: each train pair as input -> output (or a note that there are none, as in Sudoku and
// Maze puzzles), then each test input (and its output when the file has it), every grid at the same cell
// size so sizes compare at a glance.

import type { ArcTask } from '../../src/core/arcTask';
import { pairViews, type PairView } from './gridModel';
import { renderGridFigure } from './gridView';
import type { PaletteStyle } from '../common/paletteStyle';

function missingOutput(): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'grid-figure missing-output';
  const caption = document.createElement('figcaption');
  caption.textContent = 'Output';
  const note = document.createElement('div');
  note.className = 'missing';
  note.textContent = '?';
  note.title = 'The file has no output for this test input';
  figure.append(caption, note);
  return figure;
}

function renderPair(pair: PairView, look: PaletteStyle): HTMLElement {
  const section = document.createElement('section');
  section.className = `pair ${pair.role}`;
  section.id = pair.id;
  const heading = document.createElement('h2');
  heading.textContent = pair.heading;
  const row = document.createElement('div');
  row.className = 'pair-grids';
  const arrow = document.createElement('span');
  arrow.className = 'arrow codicon codicon-arrow-right';
  arrow.setAttribute('aria-hidden', 'true');
  row.append(
    renderGridFigure(pair.input, `${pair.id}-input`, 'Input', pair.heading, look),
    arrow,
    pair.output ? renderGridFigure(pair.output, `${pair.id}-output`, 'Output', pair.heading, look) : missingOutput(),
  );
  section.append(heading, row);
  return section;
}

function noDemonstrations(): HTMLElement {
  const note = document.createElement('p');
  note.className = 'no-demonstrations';
  note.textContent = 'No demonstration pairs: this puzzle has test inputs only.';
  return note;
}

export function renderTask(task: ArcTask, look: PaletteStyle): HTMLElement {
  const container = document.createElement('div');
  container.className = 'task';
  if (task.train.length === 0) container.append(noDemonstrations());
  container.append(...pairViews(task).map((pair) => renderPair(pair, look)));
  return container;
}
