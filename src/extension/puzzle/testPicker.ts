// Which test input of a task to run: the only one, or the user's pick (Solve and Vote both ask).

import * as vscode from 'vscode';
import type { ArcTask } from '../../core/arcTask';

/** `action` names what runs, as the picker's title says it: `Solve`, `Vote on`. */
export async function pickTestInput(task: ArcTask, action: string): Promise<number | undefined> {
  if (task.test.length <= 1) return 0;
  const items = task.test.map((pair, i) => ({
    label: `Test ${i + 1}`,
    description: `${pair.input.length}×${pair.input[0]?.length ?? 0}${pair.output ? ', target known' : ''}`,
    index: i,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `${action} ${task.id}: which test input?`,
    placeHolder: `Test input to ${action.toLowerCase()}`,
  });
  return picked?.index;
}
