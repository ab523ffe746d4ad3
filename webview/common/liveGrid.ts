// A grid that repaints in place, on one canvas: a new step redraws only the cells whose value, flags
// or heat changed. One canvas instead of a DOM element per cell because Chromium spent 10-14 ms a
// frame painting and layerising 900 cell elements (measured in the panel), over the 16 ms budget
// from key press to paint; the canvas redraw of a step takes well under a millisecond.
// What is shown is mirrored in data attributes (data-height, data-width, data-cells, and the overlays:
// data-changed, data-wrong, data-regressed, data-picked, data-cursor as cell indices, data-heat on/off) so
// tests and assistive tooling can read what is on screen from the DOM.

import type { CellGrid } from '../../src/shared/protocol';
import type { PaletteStyle } from './paletteStyle';

export type CellFlag = 'changed' | 'wrong' | 'regressed' | 'picked' | 'cursor';
/** Below this cell size (CSS px) the Changed overlay draws no frame: the cell's colour is all there is room for. */
const MIN_CHANGED_FRAME_CELL = 6;
const FLAG_BITS: Record<CellFlag, number> = { changed: 1, wrong: 2, picked: 4, cursor: 8, regressed: 16 };

/** Theme colours the overlays use, with fallbacks for a page outside VS Code. */
const THEME = {
  gap: 'var(--vscode-editorWidget-border, #80808060)',
  text: 'var(--vscode-editor-foreground, #333)',
  changed: 'var(--vscode-charts-yellow, #cca700)',
  wrong: 'var(--vscode-charts-red, #f14c4c)',
  regressed: 'var(--vscode-charts-red, #f14c4c)',
  heat: 'var(--vscode-charts-orange, #d18616)',
  picked: 'var(--vscode-charts-purple, #b180d7)',
  cursor: 'var(--vscode-focusBorder, #007fd4)',
} as const;

const GAP = 1;

export class LiveGrid {
  /** The canvas's box; carries the data attributes of what it shows (see the top of this file). */
  readonly element: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private height = 0;
  private width = 0;
  private cellSize = 16;
  private values = new Int16Array(0);
  private flags = new Uint8Array(0);
  /** Heat per cell quantised to 0..255; 0 is no heat. */
  private heat = new Uint8Array(0);
  private dirty = new Uint8Array(0);
  private allDirty = true;
  private readonly resolved = new Map<string, string>();
  private font: string | null = null;
  private readonly probe: HTMLSpanElement;

  constructor(
    private style: PaletteStyle,
    label: string,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'live-grid';
    this.element.setAttribute('role', 'img');
    this.element.setAttribute('aria-label', label);
    this.canvas = document.createElement('canvas');
    this.canvas.width = 0;
    this.canvas.height = 0;
    this.element.appendChild(this.canvas);
    this.probe = document.createElement('span');
    this.probe.hidden = true;
    this.element.appendChild(this.probe);
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('canvas 2D context unavailable');
    this.ctx = ctx;
    this.canvas.addEventListener('mousemove', (e) => (this.canvas.title = this.describe(e) ?? ''));
  }

  get shape(): { readonly height: number; readonly width: number } {
    return { height: this.height, width: this.width };
  }

  /** Changes how values are drawn (a trace with another palette); everything redraws. */
  setStyle(style: PaletteStyle): void {
    this.style = style;
    this.allDirty = true;
  }

  /** The theme changed: colours given as CSS variables resolve again, and everything redraws. */
  themeChanged(): void {
    this.resolved.clear();
    this.font = null;
    this.allDirty = true;
  }

  setCellSize(px: number): void {
    if (px === this.cellSize) return;
    this.cellSize = px;
    this.resize();
  }

  /** Shows a grid; a change of shape resizes the canvas, otherwise only changed values redraw. */
  show(grid: CellGrid): void {
    if (grid.height !== this.height || grid.width !== this.width) {
      this.height = grid.height;
      this.width = grid.width;
      const n = grid.height * grid.width;
      this.values = new Int16Array(n).fill(-1);
      this.flags = new Uint8Array(n);
      this.heat = new Uint8Array(n);
      this.dirty = new Uint8Array(n);
      this.resize();
    }
    let changed = false;
    for (let i = 0; i < grid.cells.length; i++) {
      if (this.values[i] === grid.cells[i]) continue;
      this.values[i] = grid.cells[i];
      this.dirty[i] = 1;
      changed = true;
    }
    if (changed || this.element.dataset.cells === undefined) {
      this.element.dataset.height = String(grid.height);
      this.element.dataset.width = String(grid.width);
      this.element.dataset.cells = grid.cells.join(',');
    }
  }

  /** Marks exactly these cells with a flag; only cells that gain or lose it redraw. */
  flag(flag: CellFlag, indices: Iterable<number>): void {
    const bit = FLAG_BITS[flag];
    const next = new Uint8Array(this.flags.length);
    for (const i of indices) if (i >= 0 && i < next.length) next[i] = 1;
    const marked: number[] = [];
    next.forEach((v, i) => v && marked.push(i));
    this.element.dataset[flag] = marked.join(',');
    for (let i = 0; i < next.length; i++) {
      const had = (this.flags[i] & bit) !== 0;
      if (had === (next[i] === 1)) continue;
      this.flags[i] ^= bit;
      this.dirty[i] = 1;
    }
  }

  /** A heat map over the cells, each value in [0, 1]; null hides it. */
  setHeat(values: readonly number[] | null): void {
    this.element.dataset.heat = values === null ? 'off' : 'on';
    for (let i = 0; i < this.heat.length; i++) {
      const v = values === null ? 0 : Math.round(Math.max(0, Math.min(1, values[i] ?? 0)) * 255);
      if (this.heat[i] === v) continue;
      this.heat[i] = v;
      this.dirty[i] = 1;
    }
  }

  /** Draws what changed since the last render. */
  render(): void {
    if (this.allDirty) {
      this.allDirty = false;
      this.ctx.fillStyle = this.colour(THEME.gap);
      this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
      for (let i = 0; i < this.values.length; i++) this.drawCell(i);
      this.dirty.fill(0);
      return;
    }
    for (let i = 0; i < this.dirty.length; i++) {
      if (this.dirty[i] === 0) continue;
      this.dirty[i] = 0;
      this.drawCell(i);
    }
  }

  /** "row r, column c: v" (from 1) for the cell under a pointer event, or null off the cells. */
  describe(event: MouseEvent): string | null {
    const cell = this.cellAt(event);
    return cell === null
      ? null
      : `row ${Math.floor(cell / this.width) + 1}, column ${(cell % this.width) + 1}: ${this.values[cell]}`;
  }

  /** The row-major index of the cell under a pointer event, or null. */
  cellAt(event: MouseEvent): number | null {
    return event.target === this.canvas ? this.cellAtPoint(event.clientX, event.clientY) : null;
  }

  private cellAtPoint(clientX: number, clientY: number): number | null {
    const box = this.canvas.getBoundingClientRect();
    const c = Math.floor((clientX - box.left - GAP) / (this.cellSize + GAP));
    const r = Math.floor((clientY - box.top - GAP) / (this.cellSize + GAP));
    return r >= 0 && r < this.height && c >= 0 && c < this.width ? r * this.width + c : null;
  }

  private resize(): void {
    const dpr = window.devicePixelRatio || 1;
    const w = this.width * (this.cellSize + GAP) + GAP;
    const h = this.height * (this.cellSize + GAP) + GAP;
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.font = null;
    this.allDirty = true;
  }

  /** A CSS colour, theme variables included, as the canvas needs it (resolved once per theme). */
  private colour(css: string): string {
    let out = this.resolved.get(css);
    if (out === undefined) {
      this.probe.style.color = '';
      this.probe.style.color = css;
      out = getComputedStyle(this.probe).color || css;
      this.resolved.set(css, out);
    }
    return out;
  }

  private drawCell(i: number): void {
    const ctx = this.ctx;
    const s = this.cellSize;
    const x = GAP + (i % this.width) * (s + GAP);
    const y = GAP + Math.floor(i / this.width) * (s + GAP);
    const v = this.values[i];
    ctx.fillStyle = this.colour(this.style.fill(v));
    ctx.fillRect(x, y, s, s);
    const text = this.style.text(v);
    if (text) {
      ctx.fillStyle = this.colour(THEME.text);
      if (this.font === null) {
        const family = getComputedStyle(this.element).getPropertyValue('--vscode-editor-font-family').trim();
        this.font = `${Math.round(s * 0.62)}px ${family || 'monospace'}`;
      }
      ctx.font = this.font;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, x + s / 2, y + s / 2 + 1);
    }
    if (this.heat[i] > 0) {
      ctx.globalAlpha = (this.heat[i] / 255) * 0.8;
      ctx.fillStyle = this.colour(THEME.heat);
      ctx.fillRect(x, y, s, s);
      ctx.globalAlpha = 1;
    }
    const f = this.flags[i];
    const line = Math.max(1.5, s / 10);
    ctx.lineWidth = line;
    if (f & FLAG_BITS.wrong) {
      ctx.strokeStyle = this.colour(THEME.wrong);
      ctx.beginPath();
      ctx.moveTo(x + line, y + s - line);
      ctx.lineTo(x + s - line, y + line);
      ctx.stroke();
    }
    if (f & FLAG_BITS.regressed) {
      // A corner, so it reads with the wrong stroke that such a cell also has when that overlay is on.
      ctx.fillStyle = this.colour(THEME.regressed);
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + s * 0.45, y);
      ctx.lineTo(x, y + s * 0.45);
      ctx.closePath();
      ctx.fill();
    }
    // A frame as wide as on large cells would hide the colour of a small one: thinner below 12 px, none below 6.
    if (f & FLAG_BITS.changed && s >= MIN_CHANGED_FRAME_CELL) {
      const frame = s < 12 ? 1 : line;
      ctx.lineWidth = frame;
      ctx.strokeStyle = this.colour(THEME.changed);
      ctx.strokeRect(x + frame / 2, y + frame / 2, s - frame, s - frame);
      ctx.lineWidth = line;
    }
    if (f & (FLAG_BITS.picked | FLAG_BITS.cursor)) {
      ctx.strokeStyle = this.colour(f & FLAG_BITS.cursor ? THEME.cursor : THEME.picked);
      ctx.setLineDash(f & FLAG_BITS.cursor ? [3, 2] : []);
      ctx.lineWidth = line * 1.5;
      ctx.strokeRect(x + line * 0.75, y + line * 0.75, s - line * 1.5, s - line * 1.5);
      ctx.setLineDash([]);
    }
  }
}
