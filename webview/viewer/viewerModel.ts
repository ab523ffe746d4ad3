// The puzzle viewer's state and behaviour, without a DOM: the document shown (stale versions dropped),
// the zoom, the look in effect, the scroll position, and what goes to webview state so a reload or a
// hidden tab comes back as left. The views (the other modules of this folder) render from it and call
// its methods; each change is announced with what changed, so a view redraws only its part.

import type { ViewerShow } from '../../src/shared/protocol';
import { CELL_SIZES, DEFAULT_CELL_SIZE, fittedCellSize, pairViews, zoomed, type ZoomAction } from './gridModel';
import { Changes } from '../common/changes';

export type Look = ViewerShow['palette'];

/** What the webview remembers across reloads and while hidden (webview state). */
export interface ViewerState {
  readonly cellSize: number;
  readonly scrollX: number;
  readonly scrollY: number;
  /** The look the user chose with the toggle; null follows the host's default for the task. */
  readonly look: Look | null;
}

export const INITIAL_STATE: ViewerState = { cellSize: DEFAULT_CELL_SIZE, scrollX: 0, scrollY: 0, look: null };

/** Reads saved webview state defensively: a state from an older version must not break the viewer. */
export function restoreState(saved: unknown): ViewerState {
  if (typeof saved !== 'object' || saved === null) return INITIAL_STATE;
  const s = saved as Partial<Record<keyof ViewerState, unknown>>;
  const finite = (v: unknown, fallback: number) =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
  const cellSize = finite(s.cellSize, DEFAULT_CELL_SIZE);
  return {
    cellSize: Math.min(CELL_SIZES[CELL_SIZES.length - 1], Math.max(CELL_SIZES[0], cellSize)),
    scrollX: finite(s.scrollX, 0),
    scrollY: finite(s.scrollY, 0),
    look: s.look === 'arc' || s.look === 'digits' || s.look === 'maze' ? s.look : null,
  };
}

/** What changed: `shown` a newer document from the host, `zoom` the cell size, `look` the look in effect. */
export type ViewerChange = 'shown' | 'zoom' | 'look';

export interface ViewerModelOptions {
  /** Writes webview state (what survives a reload). */
  readonly saveState: (state: ViewerState) => void;
  /** This webview's state from before a reload, as saved (read defensively); undefined on a first start. */
  readonly restored: unknown;
}

export class ViewerModel {
  private state_: ViewerState;
  private shown_: ViewerShow | null = null;
  private scrollRestored = false;
  private readonly changes = new Changes<ViewerChange>();

  constructor(private readonly options: ViewerModelOptions) {
    this.state_ = restoreState(options.restored);
  }

  // ------------------------------------------------------------ what views read

  /** The document last accepted from the host; null until the first arrives. */
  get shown(): ViewerShow | null {
    return this.shown_;
  }
  get cellSize(): number {
    return this.state_.cellSize;
  }
  /** The user's choice if they made one, else the host's default for this task (viewerPalette.ts). */
  get look(): Look {
    return this.state_.look ?? this.shown_?.palette ?? 'arc';
  }

  onChange(listener: (change: ViewerChange) => void): () => void {
    return this.changes.listen(listener);
  }

  // ------------------------------------------------------------ messages from the host

  /** Takes a document to show, unless an edit has already been shown after it (messages can overtake). */
  show(message: ViewerShow): void {
    if (this.shown_ !== null && message.document.version < this.shown_.document.version) return;
    this.shown_ = message;
    this.changes.emit('shown');
  }

  // ------------------------------------------------------------ what the user does

  zoom(action: ZoomAction): void {
    this.update({ cellSize: zoomed(this.state_.cellSize, action) });
    this.changes.emit('zoom');
  }

  /** Zooms so the task's grids fit a window of this size (CSS pixels). */
  fit(width: number, height: number): void {
    const content = this.shown_?.content;
    if (content?.kind !== 'task') return;
    this.update({ cellSize: fittedCellSize(pairViews(content.task), width, height) });
    this.changes.emit('zoom');
  }

  /** Between ARC colours and the task's own symbols: its model's (digits or maze glyphs), else digits. */
  toggleLook(): void {
    const own = this.shown_?.palette === 'maze' ? 'maze' : 'digits';
    this.update({ look: this.look === 'arc' ? own : 'arc' });
    this.changes.emit('look');
  }

  scrolled(x: number, y: number): void {
    this.update({ scrollX: x, scrollY: y });
  }

  /**
   * Where to scroll the first content shown: the saved position, so a reload comes back where it was.
   * Null before any content and once it has been restored, so the user's scrolling is left alone.
   */
  scrollToRestore(): { readonly x: number; readonly y: number } | null {
    if (this.shown_ === null || this.scrollRestored) return null;
    this.scrollRestored = true;
    return { x: this.state_.scrollX, y: this.state_.scrollY };
  }

  // ------------------------------------------------------------ persistence

  private update(patch: Partial<ViewerState>): void {
    this.state_ = { ...this.state_, ...patch };
    this.options.saveState(this.state_);
  }
}
