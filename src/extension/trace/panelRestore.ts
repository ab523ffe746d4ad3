// What a trace panel gets back after a window reload. The webview's persisted state is written by the
// webview, so it is untrusted input: it holds only an id the host made up when it saved the trace, and
// the host looks the file up in its own store (workspace state). An id the host did not give, or one
// it has since forgotten, restores nothing; no path the webview names is ever read. Free of `vscode`
// so the lookup is unit-tested.

import { randomUUID } from 'node:crypto';
import { panelViewStateOf, type PanelViewState, type SavedSource } from '../../shared/protocol';

/** The part of vscode.Memento the store needs. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** Files kept for restoring panels, per store key; older ones are forgotten here (saved traces, deleted from disk). */
export const KEEP_SAVED_TRACES = 50;

/** Where the trace panels' saved traces are listed; the report panels keep their report files under another key. */
export const SAVED_TRACES_KEY = 'trmLens.restorableTraces';

interface Saved {
  readonly id: string;
  readonly file: string;
}

/** The files restored panels may ask for (saved traces, or reports), by the ids handed to their webviews. */
export class RestorableFiles {
  constructor(
    private readonly store: KeyValueStore,
    private readonly newId: () => string = randomUUID,
    private readonly storeKey = SAVED_TRACES_KEY,
  ) {}

  /** Records a file the host showed (a trace it saved); the returned source is all its webview keeps. */
  async remember(file: string): Promise<SavedSource> {
    const entry = { id: this.newId(), file };
    await this.store.update(this.storeKey, [...this.saved(), entry].slice(-KEEP_SAVED_TRACES));
    return { id: entry.id };
  }

  /** The file saved under `id`, or null for anything the host did not hand out (or has forgotten). */
  lookup(id: unknown): string | null {
    if (typeof id !== 'string') return null;
    return this.saved().find((s) => s.id === id)?.file ?? null;
  }

  private saved(): readonly Saved[] {
    const raw = this.store.get<unknown>(this.storeKey);
    return Array.isArray(raw)
      ? raw.filter((s): s is Saved => typeof s?.id === 'string' && typeof s?.file === 'string')
      : [];
  }
}

/**
 * What the webview's persisted state says, checked. `trace`: the id it holds, `none` when it names no
 * trace, `malformed` when it names one in another form (a path, as older versions kept). `view`: null
 * unless well formed.
 */
export interface RestoredState {
  readonly trace: SavedSource | 'none' | 'malformed';
  readonly view: PanelViewState | null;
}

const record = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
/** The id a restored page's state names (`{ source: { id } }`, as every panel keeps it), or null. */
export function savedIdOf(raw: unknown): string | null {
  const id = record(record(raw)?.source)?.id;
  return typeof id === 'string' ? id : null;
}

export function restoredState(raw: unknown): RestoredState {
  const state = record(raw);
  const source = state?.source ?? null;
  const id = record(source)?.id;
  const trace = typeof id === 'string' ? { id } : source === null ? 'none' : 'malformed';
  return { trace, view: panelViewStateOf(state?.view) };
}
