// The adapter's handle table (frames, scopes, expandable variables) across stops. VS Code asks for a
// stop's frames and variables after it hears of the stop; under quick stepping the thread may already
// stand elsewhere when a request arrives. What a handle names was recorded (a step of the trace), so it
// is still exact: handles live through the next stop too, and only older ones go, which keeps the
// table small however long the user steps.

export class StopHandles<T> {
  private next = 1;
  private current = new Map<number, T>();
  private previous = new Map<number, T>();

  create(value: T): number {
    const id = this.next++;
    this.current.set(id, value);
    return id;
  }

  /** What `id` names, or undefined for a handle from two stops ago or more (or one never made). */
  get(id: number): T | undefined {
    return this.current.get(id) ?? this.previous.get(id);
  }

  /** The thread stopped again: handles from the stop before the last one go. */
  advance(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** The recursion started again, so no handle names a recorded step any more. */
  clear(): void {
    this.previous = new Map();
    this.current = new Map();
  }
}
