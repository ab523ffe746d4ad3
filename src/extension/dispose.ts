// Owning what one creates: a class that subscribes, listens or registers extends Disposable and hands
// each such thing to `_register`, so one `dispose()` ends them all, in reverse order, exactly once.
// Shaped as microsoft/vscode-hexeditor's src/dispose.ts; it needs nothing of VS Code but the shape.

export interface IDisposable {
  dispose(): void;
}

export abstract class Disposable implements IDisposable {
  private readonly owned: IDisposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Last registered first: a later thing may use an earlier one while it goes.
    for (const d of this.owned.splice(0).reverse()) d.dispose();
  }

  /** Owns `d` until this is disposed; a thing handed over after that is disposed at once. */
  protected _register<T extends IDisposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.owned.push(d);
    return d;
  }
}

/** A Disposable others fill: for a set of subscriptions that end together (a debug session's, say). */
export class DisposableStore extends Disposable {
  add<T extends IDisposable>(d: T): T {
    return this._register(d);
  }
}
