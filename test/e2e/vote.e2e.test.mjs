// End to end, Vote over Augmentations in a real VS Code (code-server): a trusted workspace whose
// trmLens.modelPath names a copy of the tiny-arc fixture bundle with augmented puzzle identifiers for
// taskA. The Vote command runs the task under each, the Vote panel ranks the candidates, and an
// augmentation's button opens its run's trace, shown as the puzzle was given and switched to the model's
// augmented view; a task it has no identifier for is refused. After a window reload the panel comes back
// from the saved vote, and a run's Debug button debugs that augmentation.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  command,
  launch,
  openFile,
  packageExtension,
  root,
  screenshot,
  snapshotFrames,
  webviewFrame,
} from './harness.mjs';
import { showCallStack, topFrame } from './debugDriver.mjs';

const fixture = path.join(root, 'test', 'fixtures', 'tiny-arc', 'bundle');
// tiny-arc's embedding table has 3 rows. On this puzzle its random weights answer t3 and t2 alike, t1 apart.
const IDENTIFIERS = ['taskA|||t3|||0123456789', 'taskA|||t1|||0213456789', 'taskA|||t2|||0123456789'];
const ROTATED = IDENTIFIERS[1]; // rot90, colours 1 and 2 swapped
const pair = { input: [[2], [9], [2]], output: [[1], [9], [1]] };
const task = { train: [pair], test: [pair] };

/** The fixture bundle's files (graphs and table) under `folder/`, its identifiers naming taskA's augmentations. */
function votingBundle(folder) {
  const manifest = JSON.parse(fs.readFileSync(path.join(fixture, 'manifest.json'), 'utf8'));
  manifest.identifiers.names = IDENTIFIERS;
  const files = { [`${folder}/manifest.json`]: JSON.stringify(manifest) };
  const table = manifest.identifiers.table?.file;
  for (const file of new Set([...Object.values(manifest.graphs), ...(table ? [table] : [])]))
    files[`${folder}/${file}`] = fs.readFileSync(path.join(fixture, file));
  return files;
}

let vscode;
before(
  async () => {
    vscode = await launch(
      {
        'taskA.arc.json': JSON.stringify(task),
        // The same puzzle under a name the model has no identifier for.
        'taskB.arc.json': JSON.stringify(task),
        '.vscode/settings.json': JSON.stringify({ 'trmLens.modelPath': 'vote-model' }),
        ...votingBundle('vote-model'),
      },
      // Workspace Trust off: the folder is trusted, so its modelPath setting is used.
      { vsix: packageExtension() },
    );
  },
  { timeout: 600000 },
);
after(async () => vscode?.close());

/** What the Vote panel lists: each candidate's count and the augmentations on its buttons. */
const candidates = (frame) =>
  frame.$$eval('.candidate', (items) =>
    items.map((li) => ({
      rank: Number(li.dataset.rank),
      count: Number(li.dataset.count),
      correct: li.dataset.correct,
      voters: [...li.querySelectorAll('button.voter')].map((b) => ({
        position: Number(b.dataset.position),
        identifier: b.dataset.identifier,
        steps: Number(b.dataset.steps),
      })),
    })),
  );

let votePanel;
/** What the Vote panel listed after the vote, for the restored panel to match. */
let voted;
/** The Vote panel after the window reload. */
let restoredVote;

test(
  'Vote over Augmentations ranks the candidates of every augmentation run in a Vote panel',
  { timeout: 240000 },
  async () => {
    const { page } = vscode;
    const before = await snapshotFrames(page);
    await openFile(page, 'taskA.arc.json');
    const viewer = await webviewFrame(page, '.arc-grid', { exclude: before });
    await command(page, 'TRM Lens: Vote over Augmentations');
    votePanel = await webviewFrame(page, '.candidate', { exclude: new Set([...before, viewer]), timeoutMs: 120000 });
    const listed = await candidates(votePanel);
    voted = listed;
    const voters = listed.flatMap((c) => c.voters);
    assert.equal(
      listed.reduce((sum, c) => sum + c.count, 0),
      IDENTIFIERS.length,
      'the counts sum to the runs',
    );
    assert.deepEqual(voters.map((v) => v.identifier).sort(), [...IDENTIFIERS].sort(), 'every run votes once');
    for (const c of listed) assert.equal(c.voters.length, c.count, `candidate ${c.rank} lists its voters`);
    assert.deepEqual(
      listed.map((c) => c.count),
      [2, 1],
      'most votes first',
    );
    assert.ok(
      listed.every((c) => c.correct === 'false'),
      'the random weights miss the test output',
    );
    assert.equal(await votePanel.$eval('#counts', (e) => e.textContent), '3 runs, 0 skipped, 2 candidates');
    assert.equal(await votePanel.$eval('#score', (e) => e.textContent), 'pass@1 no, pass@2 no');
    assert.match(await votePanel.$eval('#title', (e) => e.textContent), /^Vote: taskA, test 1, on tiny-arc \(/);
    assert.match(
      await votePanel.$eval('.notice', (e) => e.textContent),
      /and so is a run when it opens in a trace panel; choose "puzzle as the model saw it"/,
    );
    const tabs = await page.$$eval('.tab', (els) => els.map((e) => e.textContent ?? ''));
    assert.ok(
      tabs.some((t) => t.includes('Vote: taskA')),
      tabs.join(' | '),
    );
    await screenshot(page, 'e2e-vote-panel.png');
  },
);

test(
  "an augmentation's button, pressed from the keyboard, opens that run's whole trace, as given and as the model saw it",
  { timeout: 240000 },
  async () => {
    const { page } = vscode;
    assert.ok(votePanel, 'the vote test opened the Vote panel');
    const run = (await candidates(votePanel)).flatMap((c) => c.voters).find((v) => v.identifier === ROTATED);
    const before = await snapshotFrames(page);
    await votePanel.focus(`button.voter[data-position="${run.position}"]`);
    await page.keyboard.press('Enter');
    const trace = await webviewFrame(page, '#answer-grid', { exclude: before, timeoutMs: 60000 });
    await trace.waitForFunction(
      (n) => document.getElementById('step-counter')?.textContent?.endsWith(`/ ${n}`),
      run.steps,
      { timeout: 60000 },
    );
    const input = () => trace.$eval('#input-grid', (g) => [g.dataset.height, g.dataset.width, g.dataset.cells]);
    assert.deepEqual(await input(), ['3', '1', '2,9,2'], 'shown as the puzzle was given');
    const counter = await trace.$eval('#step-counter', (e) => e.textContent);
    // rot90 turns the 3x1 column into a row, and the colour swap makes its 2s 1s: the model's own view.
    await trace.selectOption('#orientation', 'model');
    await trace.waitForSelector('#input-grid[data-cells="1,9,1"]', { timeout: 30000 });
    assert.deepEqual(await input(), ['1', '3', '1,9,1']);
    assert.equal(await trace.$eval('#step-counter', (e) => e.textContent), counter, 'at the same step');
    const tabs = await page.$$eval('.tab', (els) => els.map((e) => e.textContent ?? ''));
    assert.ok(
      tabs.some((t) => t.includes(`Trace: ${ROTATED}`)),
      tabs.join(' | '),
    );
    await screenshot(page, 'e2e-vote-trace.png');
  },
);

test(
  'a task the model has no identifiers for is refused with the reason, as the CLI gives it',
  { timeout: 120000 },
  async () => {
    const { page } = vscode;
    const before = await snapshotFrames(page);
    await openFile(page, 'taskB.arc.json');
    await webviewFrame(page, '.arc-grid', { exclude: before });
    await command(page, 'TRM Lens: Vote over Augmentations');
    const told = await page.waitForFunction(
      () =>
        /Vote failed: task "taskB" has no puzzle identifiers in model tiny-arc \(.*?\): a vote runs the task/.exec(
          document.querySelector('.monaco-workbench')?.textContent ?? '',
        )?.[0],
      null,
      { timeout: 60000 },
    );
    assert.ok(await told.jsonValue());
    await screenshot(page, 'e2e-vote-no-identifiers.png');
  },
);

test(
  'after a window reload the vote panel comes back with its candidates, and a run still opens its trace',
  { timeout: 300000 },
  async () => {
    const { page } = vscode;
    const shown = voted;
    assert.ok(shown, 'the vote test listed the candidates');
    const before = await snapshotFrames(page);
    const reloaded = page.waitForEvent('load', { timeout: 120000 });
    await command(page, 'Developer: Reload Window');
    await reloaded;
    await page.waitForSelector('.monaco-workbench .statusbar', { timeout: 120000 });
    await page.click('.tab:has-text("Vote: taskA")');
    const restored = await webviewFrame(page, '.candidate', { exclude: before, timeoutMs: 120000 });
    restoredVote = restored;
    assert.deepEqual(await candidates(restored), shown, 'the same candidates, counts and voters');
    const run = shown.flatMap((c) => c.voters).find((v) => v.identifier === ROTATED);
    const frames = await snapshotFrames(page);
    await restored.click(`button.voter[data-position="${run.position}"]`);
    // The saved trace of the rotated run, shown as the puzzle was given, with the switch to the model's view.
    const trace = await webviewFrame(page, '#orientation:not([hidden])', { exclude: frames, timeoutMs: 60000 });
    await trace.waitForSelector('#input-grid[data-cells="2,9,2"]', { timeout: 30000 });
    await trace.waitForFunction(
      (n) => document.getElementById('step-counter')?.textContent?.endsWith(`/ ${n}`),
      run.steps,
      { timeout: 60000 },
    );
    await screenshot(page, 'e2e-vote-restored.png');
  },
);

test(
  "a run's Debug button starts a debug session on that augmentation of the test input",
  { timeout: 240000 },
  async () => {
    const { page } = vscode;
    assert.ok(restoredVote, 'the reload test found the restored Vote panel');
    const run = voted.flatMap((c) => c.voters).find((v) => v.identifier === ROTATED);
    const frames = await snapshotFrames(page);
    await restoredVote.click(`button.debug-run[data-position="${run.position}"]`);
    await page.waitForSelector('.debug-toolbar', { timeout: 60000 });
    await showCallStack(page);
    await topFrame(page, /^supervision step 1 of 3$/);
    // The recursion's listing is named for its thread: the test input under the augmentation.
    const tabs = await page.$$eval('.tab', (els) => els.map((e) => e.textContent ?? ''));
    assert.ok(
      tabs.some((t) => t.includes(`recursion (test 1 as ${ROTATED}`)),
      tabs.join(' | '),
    );
    // The debugger's panel shows the run as the puzzle was given, with the switch to the model's view.
    const panel = await webviewFrame(page, '#orientation:not([hidden])', { exclude: frames, timeoutMs: 60000 });
    await panel.waitForSelector('#input-grid[data-cells="2,9,2"]', { timeout: 30000 });
    await screenshot(page, 'e2e-vote-debug.png');
    await page.keyboard.press('Shift+F5');
    await page.waitForSelector('.debug-toolbar', { state: 'hidden', timeout: 30000 });
  },
);
