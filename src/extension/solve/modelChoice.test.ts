import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { chooseModelDir, resolveModelPath, type ModelPaths } from './modelChoice';

const folder = path.resolve('/projects/untrusted-clone');
const home = path.resolve('/home/researcher');
const bundled = path.resolve('/extension/models/sudoku6-tiny');
const elsewhere = path.resolve('/models/trm-arc');
const paths = (p: Partial<ModelPaths>): ModelPaths => ({
  user: '',
  workspace: '',
  trusted: true,
  folder,
  home,
  bundled,
  ...p,
});

test('in a trusted workspace the workspace setting wins, and relative paths are against the workspace folder', () => {
  assert.deepEqual(chooseModelDir(paths({ workspace: 'bundles/a', user: elsewhere })), {
    dir: path.join(folder, 'bundles/a'),
    note: null,
  });
  assert.deepEqual(chooseModelDir(paths({ workspace: elsewhere, user: 'bundles/b' })), { dir: elsewhere, note: null });
  assert.deepEqual(chooseModelDir(paths({ user: 'bundles/b' })), { dir: path.join(folder, 'bundles/b'), note: null });
  assert.deepEqual(chooseModelDir(paths({ user: elsewhere })), { dir: elsewhere, note: null });
  assert.deepEqual(chooseModelDir(paths({})), { dir: bundled, note: null });
});

test("an untrusted workspace's own setting, relative or absolute, is refused with a note", () => {
  for (const workspace of ['bundles/a', elsewhere]) {
    const alone = chooseModelDir(paths({ trusted: false, workspace }));
    assert.equal(alone.dir, bundled, workspace);
    assert.match(
      alone.note ?? '',
      /not trusted.*trmLens\.modelPath .*was not loaded; using the bundled model/,
      workspace,
    );
    const withUser = chooseModelDir(paths({ trusted: false, workspace, user: elsewhere }));
    assert.equal(withUser.dir, elsewhere, workspace);
    assert.match(withUser.note ?? '', /using your user setting/, workspace);
  }
});

test('in an untrusted workspace a relative user path (it resolves inside the folder) is refused with a note', () => {
  const choice = chooseModelDir(paths({ trusted: false, user: 'bundles/b' }));
  assert.equal(choice.dir, bundled);
  assert.ok(!choice.dir.startsWith(folder));
  assert.match(choice.note ?? '', /your user setting trmLens\.modelPath \(bundles\/b\) was not loaded: it is relative/);
  assert.match(choice.note ?? '', /Trust the workspace, or make the path absolute/);
  const both = chooseModelDir(paths({ trusted: false, user: 'bundles/b', workspace: elsewhere }));
  assert.equal(both.dir, bundled, 'neither the workspace setting nor the relative user path');
});

test("in an untrusted workspace an absolute or ~ user path is the user's own choice and loads without a note", () => {
  assert.deepEqual(chooseModelDir(paths({ trusted: false, user: elsewhere })), { dir: elsewhere, note: null });
  assert.deepEqual(chooseModelDir(paths({ trusted: false, user: '~/models/x' })), {
    dir: path.join(home, 'models/x'),
    note: null,
  });
  assert.deepEqual(chooseModelDir(paths({ trusted: false })), { dir: bundled, note: null });
});

test('without a workspace folder relative paths are against the home folder, trusted or not', () => {
  assert.deepEqual(chooseModelDir(paths({ folder: null, trusted: false, user: 'models/x' })), {
    dir: path.join(home, 'models/x'),
    note: null,
  });
  assert.equal(resolveModelPath('models/x', null, home), path.join(home, 'models/x'));
  assert.equal(resolveModelPath('~', folder, home), home);
  assert.equal(resolveModelPath('~/m', folder, home), path.join(home, 'm'));
  assert.equal(resolveModelPath('~m', folder, home), path.join(folder, '~m'), 'only ~ and ~/ mean home');
});
