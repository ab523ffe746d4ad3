// What a page model tells its views: each listener hears every change the model announces, in the order
// they listened, until it stops listening.

export class Changes<C> {
  private readonly listeners = new Set<(change: C) => void>();

  /** Adds a listener; the function returned removes it. */
  listen(listener: (change: C) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets every listener, as a disposed model hears no more. */
  clear(): void {
    this.listeners.clear();
  }

  emit(change: C): void {
    for (const listener of this.listeners) listener(change);
  }
}
