// A share of a task list, as a scheduler hands one to each machine: `i/n` takes every task whose index is
// i-1 modulo n, so shards stay balanced however the list is ordered.

export interface Shard {
  /** from 0 */
  readonly index: number;
  readonly count: number;
}

export const WHOLE: Shard = { index: 0, count: 1 };

/** `"2/4"` -> the second of four shards; anything else is a RangeError saying what is expected. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new RangeError(`--shard needs i/n with 1 <= i <= n, got ${text}`);
  }
  return { index: index - 1, count };
}

export function inShard(taskIndex: number, shard: Shard): boolean {
  return taskIndex % shard.count === shard.index;
}
