// The grids of the step shown: test input, the answer at this step with its overlays (changed, wrong,
// regressed, a heat map of doubt, of |y| / |z|, of motion or of entropy, the chosen cell, the keyboard
// cell cursor), what z would answer (heads(z), when the trace has it), and the target.

import { EMPTY_ANSWER } from '../../src/shared/emptyAnswer';
import type { CellGrid, StepDetail, StepSummary } from '../../src/shared/protocol';
import { sketchedState } from '../../src/shared/trajectory';
import { el } from '../common/dom';
import { LiveGrid } from '../common/liveGrid';
import { paletteStyle } from '../common/paletteStyle';
import { cellSize } from './layout';
import type { PaintPerf } from './paintPerf';
import type { PanelChange, PanelModel } from './panelModel';

function wrongCells(answer: CellGrid, target: CellGrid | null): number[] {
  if (!target) return [];
  const out: number[] = [];
  if (answer.height !== target.height || answer.width !== target.width) {
    for (let i = 0; i < answer.cells.length; i++) out.push(i);
    return out;
  }
  for (let i = 0; i < answer.cells.length; i++) if (answer.cells[i] !== target.cells[i]) out.push(i);
  return out;
}

/** Heat in [0, 1] over the finite values; a NaN or infinite cell glows at full heat, so it stands out. */
function normalised(values: readonly number[]): { values: number[]; max: number } {
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && v > max) max = v;
  return { values: values.map((v) => (!Number.isFinite(v) ? 1 : max > 0 ? v / max : 0)), max };
}

function nonFiniteNote(values: readonly number[]): string {
  const count = values.filter((v) => !Number.isFinite(v)).length;
  return count === 0 ? '' : `; ${count} NaN or infinite cell${count === 1 ? '' : 's'} at full heat`;
}

interface Heat {
  readonly values: readonly number[] | null;
  readonly legend: string;
}

/** A heat map of per-cell values scaled to the step's maximum, printed in the legend; `what` names them. */
function scaledHeat(cells: readonly number[] | null, what: string): Heat {
  if (cells === null)
    return { values: null, legend: `This trace was recorded before motion was measured: no heat map of ${what}.` };
  const { values, max } = normalised(cells);
  return { values, legend: `Heat: ${what}, 0 – ${max.toPrecision(3)}` + nonFiniteNote(cells) };
}

/** The heat map the view asks for (they share the tint, so at most one is on), or none. */
function heatOf(overlays: readonly string[], norm: 'y' | 'z', step: StepSummary, detail: StepDetail): Heat {
  if (overlays.includes('confidence')) {
    // Heat shows doubt: 1 - confidence, so uncertain cells glow.
    return {
      values: detail.confidence.map((c) => (Number.isFinite(c) ? 1 - c : 1)),
      legend: 'Heat: 1 − confidence (brighter = less sure)' + nonFiniteNote(detail.confidence),
    };
  }
  if (overlays.includes('norm'))
    return scaledHeat(norm === 'y' ? detail.yNormCells : detail.zNormCells, `|${norm}| per position`);
  if (overlays.includes('motion')) {
    return scaledHeat(detail.motionCells, `motion of ${sketchedState(step.kind)} per position (step residual)`);
  }
  if (overlays.includes('entropy')) return scaledHeat(detail.entropyCells, 'entropy per cell (nats)');
  if (overlays.includes('churn')) return scaledHeat(detail.changeCounts, 'updates so far that changed the cell');
  return { values: null, legend: '' };
}

export class GridsView {
  readonly element: HTMLElement;
  readonly answer = new LiveGrid(paletteStyle('arc', null), 'Answer at this step');
  private readonly input = new LiveGrid(paletteStyle('arc', null), 'Test input');
  private readonly target = new LiveGrid(paletteStyle('arc', null), 'Target');
  private readonly latent = new LiveGrid(paletteStyle('arc', null), 'What z would answer at this step: heads(z)');
  private readonly latentFigure: HTMLElement;
  /** Said in place of the answer's and the latent's grid when it is empty (nothing to draw). */
  private readonly answerEmpty = emptyNote();
  private readonly latentEmpty = emptyNote();
  private readonly heatLegend = el('div', { id: 'heat-legend', className: 'heat-legend' });
  private readonly targetFigure: HTMLElement;
  /** The keyboard's cell in the answer grid (Tab to the grid, arrows, Enter picks it). */
  private cursor = 0;
  /** Steps the grids were last laid out for: the first steps of a solve lay them out again. */
  private stepsSeen = 0;

  /** What the pointer is over: the grid, row and column (from 1) and the value, as the viewer's hover says. */
  readonly readout = el('p', { id: 'hover-readout', className: 'hover-readout', textContent: '\u00a0' });

  constructor(
    private readonly model: PanelModel,
    private readonly perf: PaintPerf,
    /** The width the grids share. */
    private readonly width: () => number,
  ) {
    this.input.element.id = 'input-grid';
    this.answer.element.id = 'answer-grid';
    this.target.element.id = 'target-grid';
    this.latent.element.id = 'latent-grid';
    const answer = this.answer.element;
    answer.tabIndex = 0;
    answer.setAttribute(
      'aria-label',
      'Answer at this step. Arrow keys move the cell cursor, Enter chooses the cell for "run to cell change", ' +
        'Escape leaves the grid.',
    );
    // A click picks a cell without focusing the grid, so the arrow keys go on stepping; the grid's own
    // cell cursor is for keyboard users who Tab to it.
    answer.addEventListener('mousedown', (e) => e.preventDefault());
    answer.addEventListener('click', (e) => {
      const cell = this.answer.cellAt(e);
      if (cell !== null) this.pick(cell);
    });
    answer.addEventListener('focus', () => this.showCursor(true));
    answer.addEventListener('blur', () => this.showCursor(false));
    this.targetFigure = el(
      'figure',
      { className: 'grid-figure' },
      el('figcaption', { textContent: 'Target' }),
      this.target.element,
    );
    this.latentFigure = el(
      'figure',
      { className: 'grid-figure', hidden: true },
      el('figcaption', { textContent: 'z would answer' }),
      this.latent.element,
      this.latentEmpty,
    );
    this.element = el(
      'section',
      { className: 'grids', ariaLabel: 'Grids' },
      el('figure', { className: 'grid-figure' }, el('figcaption', { textContent: 'Test input' }), this.input.element),
      el(
        'figure',
        { className: 'grid-figure' },
        el('figcaption', { id: 'answer-caption', textContent: 'Answer' }),
        answer,
        this.answerEmpty,
        this.heatLegend,
      ),
      this.latentFigure,
      this.targetFigure,
    );
    const named: [string, LiveGrid][] = [
      ['Test input', this.input],
      ['Answer', this.answer],
      ['z would answer', this.latent],
      ['Target', this.target],
    ];
    this.element.addEventListener('mousemove', (e) => {
      const hit = named.map(([name, g]) => [name, g.describe(e)] as const).find(([, text]) => text !== null);
      this.readout.textContent = hit ? `${hit[0]}: ${hit[1]}` : '\u00a0';
    });
    this.element.addEventListener('mouseleave', () => (this.readout.textContent = '\u00a0'));
    model.onChange((change) => this.render(change));
  }

  /** The theme changed: colours given as CSS variables resolve again. */
  themeChanged(): void {
    for (const g of this.all()) {
      g.themeChanged();
      g.render();
    }
  }

  /** One cell size for input, answer and target, so the three compare at the same scale. */
  fit(): void {
    const meta = this.model.meta;
    if (!meta) return;
    const shown = [meta.input, this.answer.shape, ...(this.latentFigure.hidden ? [] : [this.latent.shape])];
    const size = cellSize(meta.target ? [...shown, meta.target] : shown, this.width());
    for (const g of this.all()) {
      g.setCellSize(size);
      g.render();
    }
  }

  /** A key on the focused answer grid: moves the cell cursor or picks its cell; false if not a grid key. */
  key(e: KeyboardEvent): boolean {
    const { height, width } = this.answer.shape;
    if (width === 0) return false;
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -width, ArrowDown: width };
    if (e.key in moves) {
      const next = this.cursor + moves[e.key];
      const sameRow = Math.floor(next / width) === Math.floor(this.cursor / width);
      if (next >= 0 && next < height * width && (Math.abs(moves[e.key]) !== 1 || sameRow)) this.cursor = next;
      this.showCursor(true);
      this.model.say(`Cell row ${Math.floor(this.cursor / width) + 1}, column ${(this.cursor % width) + 1}`);
      return true;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      this.pick(this.cursor);
      return true;
    }
    if (e.key === 'Escape') {
      this.answer.element.blur();
      return true;
    }
    return false;
  }

  private all(): LiveGrid[] {
    return [this.input, this.answer, this.latent, this.target];
  }

  private pick(cell: number): void {
    this.cursor = cell;
    this.model.pickCell(cell, this.answer.shape.width);
  }

  private showCursor(on: boolean): void {
    this.answer.flag('cursor', on ? [this.cursor] : []);
    this.answer.render();
  }

  private render(change: PanelChange): void {
    switch (change) {
      case 'trace':
        return this.showTrace();
      case 'steps':
        if (this.stepsSeen === 0) this.fit();
        this.stepsSeen = this.model.steps.length;
        return;
      case 'position':
      case 'detail':
      case 'view':
        return this.repaint();
      default:
        return;
    }
  }

  private showTrace(): void {
    const meta = this.model.meta!;
    const style = paletteStyle(meta.palette, meta.cellLabels);
    for (const g of this.all()) g.setStyle(style);
    this.input.show(meta.input);
    this.input.render();
    if (meta.target) {
      this.target.show(meta.target);
      this.target.render();
    }
    this.targetFigure.hidden = meta.target === null;
    this.stepsSeen = this.model.steps.length;
    this.fit();
  }

  private repaint(): void {
    const step = this.model.currentStep;
    const detail = this.model.currentDetail;
    if (step && detail) this.paint(step, detail);
  }

  /** Shows the latent's answer, or hides its grid; true when that changed the grids' layout. */
  private showLatent(grid: CellGrid | null): boolean {
    const before = this.latent.shape;
    const wasHidden = this.latentFigure.hidden;
    this.latentFigure.hidden = grid === null;
    if (grid) this.latent.show(grid);
    const reshaped = grid !== null && (before.width !== grid.width || before.height !== grid.height);
    return wasHidden !== this.latentFigure.hidden || reshaped;
  }

  private paint(step: StepSummary, detail: StepDetail): void {
    const { meta, view } = this.model;
    const answer = this.answer;
    const before = answer.shape;
    answer.show(detail.answer);
    this.answerEmpty.hidden = detail.answer.height > 0;
    const latentMoved = this.showLatent(detail.latentAnswer);
    this.latentEmpty.hidden = (detail.latentAnswer?.height ?? 1) > 0;
    if (latentMoved || before.width !== detail.answer.width || before.height !== detail.answer.height) this.fit();
    const on = (o: (typeof view.overlays)[number]) => view.overlays.includes(o);
    const target = meta?.target ?? null;
    answer.flag('changed', on('changed') ? step.changed : []);
    answer.flag('wrong', on('wrong') ? wrongCells(detail.answer, target) : []);
    answer.flag('regressed', on('regressed') ? this.model.regressed : []);
    answer.flag('picked', view.pickedCell === null ? [] : [view.pickedCell]);
    const heat = heatOf(view.overlays, view.norm, step, detail);
    answer.setHeat(heat.values);
    this.heatLegend.textContent = heat.legend;
    answer.render();
    if (detail.latentAnswer) {
      this.latent.flag('wrong', on('wrong') ? wrongCells(detail.latentAnswer, target) : []);
      this.latent.render();
    }
    document.body.dataset.paintedIndex = String(step.index);
    this.perf.painted();
  }
}

function emptyNote(): HTMLElement {
  return el('p', { className: 'empty-grid', hidden: true, textContent: EMPTY_ANSWER });
}
