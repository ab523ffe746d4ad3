// End to end with a row of a public dataset's CSV and a model of its kind: the random full-size Maze bundle
// that `npm run fixtures:full` makes (30x30, the public maze encoding) on a row of a Maze-30x30 CSV. The row
// opens as a task without demonstrations, drawn as a maze as the trace panel will draw it, and Solve steps
// through it (the model has the blank identifier only, as the public Maze recipe's).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { plainWindowSettings } from './codeServer.mjs';
import {
  cancelSolve,
  command,
  launch,
  openFile,
  packageExtension,
  root,
  screenshot,
  sleep,
  snapshotFrames,
  webviewFrame,
} from './harness.mjs';

const bundle = path.join(root, 'bench-out', 'bundles', 'maze-full');
const CSV = 'maze-30x30.csv';
const csvText = fs.readFileSync(path.join(root, 'test', 'fixtures', 'dataset-csv', CSV), 'utf8');
const MAZE_CHARSET = '# SGo';

let vscode;
before(
  async () => {
    assert.ok(fs.existsSync(path.join(bundle, 'manifest.json')), `${bundle}: run npm run fixtures:full first`);
    vscode = await launch(
      { [CSV]: csvText },
      {
        vsix: packageExtension(),
        settings: plainWindowSettings,
        machineSettings: { 'trmLens.modelPath': bundle },
      },
    );
  },
  { timeout: 600000 },
);
after(async () => vscode?.close());

test(
  'a Maze CSV row opens drawn as a maze for a maze model, names its cells on hover, and Solve runs on it',
  { timeout: 300000 },
  async () => {
    const { page } = vscode;
    const [source, question] = csvText.trim().split('\n')[1].split(','); // data row 1
    await openFile(page, CSV);
    await sleep(1500);
    const frames = await snapshotFrames(page);
    await command(page, 'TRM Lens: Open Task from Dataset CSV');
    await page.waitForSelector(`.quick-input-widget [role=option]:has-text("${source}")`, { timeout: 30000 });
    await page.keyboard.type(source);
    await page.keyboard.press('Enter');
    const viewer = await webviewFrame(page, '.arc-grid[data-role="test-0-input"]', { exclude: frames });
    const input = viewer.locator('.arc-grid[data-role="test-0-input"]');
    assert.equal(await viewer.evaluate(() => document.querySelector('[data-look]')?.dataset.look), 'maze');
    const cells = await input.evaluate((g) =>
      [...g.querySelectorAll('.cell')].map((c) => ({ value: Number(c.dataset.value), text: c.textContent })),
    );
    assert.deepEqual(
      cells.map((c) => c.value),
      [...question].map((c) => MAZE_CHARSET.indexOf(c)),
    );
    assert.equal(cells.find((c) => c.value === 0)?.text, '#', 'a wall');
    assert.equal(cells.find((c) => c.value === 2)?.text, 'S', 'the start');
    await input.locator('.cell[data-value="0"]').first().hover();
    await viewer.waitForFunction(() => /\(wall\)/.test(document.querySelector('.cell-tooltip')?.textContent ?? ''));
    await screenshot(page, 'e2e-maze-row.png');

    await command(page, 'TRM Lens: Solve'); // the model's only identifier is the blank one: nothing to ask
    const panel = await webviewFrame(page, '#answer-grid', { exclude: frames, timeoutMs: 120000 });
    const shown = (id) => panel.$eval(id, (g) => g.dataset.cells?.split(',').map(Number) ?? []);
    await panel.waitForFunction(() => document.getElementById('answer-grid')?.dataset.cells, null, {
      timeout: 120000,
    });
    // The panel shows the row it was given, and answers in the maze's five values.
    assert.deepEqual(
      await shown('#input-grid'),
      cells.map((c) => c.value),
    );
    const answer = await shown('#answer-grid');
    assert.equal(answer.length, 900);
    assert.ok(
      answer.every((v) => v >= 0 && v < MAZE_CHARSET.length),
      `answer values ${[...new Set(answer)].join(', ')}`,
    );
    await screenshot(page, 'e2e-maze-row-solving.png');
    await cancelSolve(page);
    await panel.waitForFunction(() => /Solve cancelled after \d+ steps/.test(document.body.textContent), null, {
      timeout: 60000,
    });
  },
);
