// Whether a task the model has no puzzle identifier for runs with the blank identifier: asked once per
// task and model, for Solve and the debugger alike, and remembered in workspace state until the user
// forgets the choices (TRM Lens: Forget Blank-Identifier Choices). Only a yes is remembered, so a no is
// never a dead end: the next Solve or F5 asks again. Free of `vscode` so the remembering is unit-tested.

import type { KeyValueStore } from '../trace/panelRestore';

const STORE_KEY = 'trmLens.blankIdChoices';

/** What the question is about: the task and the model that has no identifier for it. */
export interface UnknownTask {
  readonly taskId: string;
  readonly modelName: string;
  /** The reason, in the core's words (UnknownIdentifierError's message). */
  readonly message: string;
}

/** Asks the user; true runs with the blank identifier. */
export type AskBlankId = (task: UnknownTask) => Promise<boolean>;

export class BlankIdChoice {
  constructor(
    private readonly store: KeyValueStore,
    private readonly ask: AskBlankId,
  ) {}

  /** Whether `task` runs on the model in `modelDir` with the blank identifier; asks only the first time. */
  async allows(task: UnknownTask, modelDir: string): Promise<boolean> {
    const key = `${modelDir}\n${task.taskId}`;
    if (this.remembered().includes(key)) return true;
    if (!(await this.ask(task))) return false;
    await this.store.update(STORE_KEY, [...this.remembered(), key]);
    return true;
  }

  /** Forgets every remembered choice; returns how many there were. */
  async forget(): Promise<number> {
    const count = this.remembered().length;
    await this.store.update(STORE_KEY, []);
    return count;
  }

  private remembered(): readonly string[] {
    const value = this.store.get<unknown>(STORE_KEY);
    return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
  }
}
