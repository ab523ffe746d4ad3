// A real VS Code for end-to-end tests: code-server (from .tools/, see setup.mjs) with the packaged
// extension installed into fresh, isolated folders, driven by Debian's Chromium through playwright-core.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  frameWith,
  launchChromium,
  openWorkbench,
  quickOpen,
  runCommand,
  snapshotFrames,
  startCodeServer,
} from './codeServer.mjs';

export { snapshotFrames };
import { setup } from './setup.mjs';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const artifacts = path.join(root, 'test-artifacts');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Builds the VSIX once per run (npm run package) and returns its path. */
export function packageExtension() {
  const out = execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8' });
  const vsix = out.match(/package: (\S+\.vsix)/)?.[1] ?? fs.readdirSync(root).find((f) => f.endsWith('.vsix'));
  if (!vsix) throw new Error(`npm run package made no VSIX:\n${out}`);
  return path.resolve(root, vsix);
}

/**
 * Starts code-server (codeServer.mjs: isolated folders, a free port) with the extension installed and a
 * workspace holding `files` ({relative path: text or bytes}), opens it in Chromium, and returns the page
 * and a close() that always tears down. `settings` replace the user settings; `machineSettings` and
 * `workspaceTrust` go to startCodeServer.
 */
export async function launch(files, { vsix, settings, machineSettings, workspaceTrust = false }) {
  setup();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-e2e-ws-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    fs.writeFileSync(path.join(workspace, name), text);
  }
  const server = await startCodeServer({ vsix: [vsix], settings, machineSettings, workspaceTrust });
  let browser;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  };
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, server.folderUrl(workspace));
    await sleep(1500);
    return { page, workspace, close, userDir: server.userDir };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Runs a command from the command palette by its title. */
export const command = (page, title) => runCommand(page, title);

/** Opens a workspace file with quick open. */
export const openFile = (page, name) => quickOpen(page, name);

/**
 * Clicks the editor tab of the workspace file `name`, as a person goes back to an editor already open:
 * its group takes focus and it becomes the active editor (quick open would open a second one in the
 * group that has focus).
 */
export async function focusEditorTab(page, name) {
  const tab = `.tab[data-resource-name=${JSON.stringify(name)}]`;
  await page.click(tab);
  await page.waitForSelector(`.editor-group-container.active ${tab}.active`, { timeout: 10000 });
}

/** Milliseconds from each of `keys` presses in the editor of workspace file `name` to its character on screen. */
export async function typingLatency(page, name, keys) {
  await focusEditorTab(page, name);
  const lines = '.editor-group-container.active .view-lines';
  const times = [];
  for (let i = 0; i < keys; i++) {
    const before = await page.$eval(lines, (e) => e.textContent.length);
    const started = Date.now();
    await page.keyboard.press('x');
    await page.waitForFunction(
      ([selector, n]) => document.querySelector(selector).textContent.length > n,
      [lines, before],
      { polling: 'raf', timeout: 10000 },
    );
    times.push(Date.now() - started);
    await sleep(50);
  }
  return times;
}

/** Clicks Cancel on the solve's progress notification. */
export async function cancelSolve(page) {
  const button = page.locator('.notification-toast-container .monaco-button', { hasText: 'Cancel' });
  await button.first().click({ timeout: 10000 });
}

/** The first webview frame (nested iframes) in which `selector` appears, not among `exclude`. */
export const webviewFrame = (page, selector, options) => frameWith(page, selector, options);

export async function screenshot(page, name) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, name) });
}
