import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KeyValueStore } from '../trace/panelRestore';
import { BlankIdChoice, type UnknownTask } from './blankIdChoice';

/** An in-memory workspace state, which keeps values as JSON as VS Code's does. */
function memento(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    get: <T>(key: string) => (values.has(key) ? (JSON.parse(values.get(key)!) as T) : undefined),
    update: async (key, value) => void values.set(key, JSON.stringify(value)),
  };
}

const task = (taskId: string): UnknownTask => ({ taskId, modelName: 'arc-full', message: `task "${taskId}" ...` });

/** A user who answers from a list, recording each question. */
function user(answers: boolean[]) {
  const asked: string[] = [];
  const ask = async (t: UnknownTask) => {
    asked.push(t.taskId);
    return answers.shift() ?? false;
  };
  return { asked, ask };
}

test('a yes is asked once per task and model and remembered across instances on the same state', async () => {
  const store = memento();
  const first = user([true]);
  const choice = new BlankIdChoice(store, first.ask);
  assert.equal(await choice.allows(task('1ae2feb7'), '/models/a'), true);
  assert.equal(await choice.allows(task('1ae2feb7'), '/models/a'), true);
  assert.deepEqual(first.asked, ['1ae2feb7']);
  // The debugger and Solve share one state: a new instance over it (a window reload) does not ask.
  const later = user([]);
  assert.equal(await new BlankIdChoice(store, later.ask).allows(task('1ae2feb7'), '/models/a'), true);
  assert.deepEqual(later.asked, []);
});

test('another task or another model is asked about on its own', async () => {
  const answers = user([true, false, true]);
  const choice = new BlankIdChoice(memento(), answers.ask);
  assert.equal(await choice.allows(task('1ae2feb7'), '/models/a'), true);
  assert.equal(await choice.allows(task('28a6681f'), '/models/a'), false);
  assert.equal(await choice.allows(task('1ae2feb7'), '/models/b'), true);
  assert.deepEqual(answers.asked, ['1ae2feb7', '28a6681f', '1ae2feb7']);
});

test('a no is not remembered, so the next run asks again', async () => {
  const answers = user([false, true]);
  const choice = new BlankIdChoice(memento(), answers.ask);
  assert.equal(await choice.allows(task('1ae2feb7'), '/models/a'), false);
  assert.equal(await choice.allows(task('1ae2feb7'), '/models/a'), true);
  assert.equal(answers.asked.length, 2);
});

test('forgetting the choices makes every task ask again, and says how many there were', async () => {
  const answers = user([true, true, true]);
  const choice = new BlankIdChoice(memento(), answers.ask);
  await choice.allows(task('1ae2feb7'), '/models/a');
  await choice.allows(task('28a6681f'), '/models/a');
  assert.equal(await choice.forget(), 2);
  await choice.allows(task('1ae2feb7'), '/models/a');
  assert.deepEqual(answers.asked, ['1ae2feb7', '28a6681f', '1ae2feb7']);
});

test('a corrupt stored value reads as no choices rather than failing', async () => {
  const store = memento();
  await store.update('trmLens.blankIdChoices', { not: 'a list' });
  const answers = user([true]);
  assert.equal(await new BlankIdChoice(store, answers.ask).allows(task('x'), '/m'), true);
  assert.deepEqual(answers.asked, ['x']);
});
