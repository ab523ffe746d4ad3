// A real VS Code for end-to-end tests: code-server (from .tools/, see setup.mjs) with the packaged
// extension installed into fresh, isolated folders, driven by Debian's Chromium through playwright-core.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CODE_SERVER, NODE24, setup } from './setup.mjs';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const artifacts = path.join(root, 'test-artifacts');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CHROMIUM = process.env.TRM_CHROMIUM ?? '/usr/bin/chromium';

/** Builds the VSIX once per run (npm run package) and returns its path. */
export function packageExtension() {
  const out = execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8' });
  const vsix = out.match(/package: (\S+\.vsix)/)?.[1] ?? fs.readdirSync(root).find((f) => f.endsWith('.vsix'));
  if (!vsix) throw new Error(`npm run package made no VSIX:\n${out}`);
  return path.resolve(root, vsix);
}

/**
 * Starts code-server on a free port with the extension installed and a workspace holding `files`
 * ({name: text}), opens it in Chromium, and returns the page and a close() that always tears down.
 */
export async function launch(files, { vsix }) {
  setup();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-e2e-'));
  const workspace = path.join(work, 'ws');
  fs.mkdirSync(workspace);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(workspace, name), text);
  const userData = path.join(work, 'user');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'security.workspace.trust.enabled': false,
  }));
  const dirs = ['--user-data-dir', userData, '--extensions-dir', path.join(work, 'extensions')];
  execFileSync(NODE24, [CODE_SERVER, ...dirs, '--install-extension', vsix], { stdio: 'ignore' });
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(NODE24, [CODE_SERVER, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ...dirs], { stdio: 'ignore', detached: true });
  let browser;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 120; i++) {
      try { await fetch(`http://127.0.0.1:${port}/healthz`); break; } catch { await sleep(500); }
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench .statusbar', { timeout: 120000 });
    await sleep(1500);
    return { page, workspace, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Runs a command from the command palette by its title. */
export async function command(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(title);
  await page.waitForSelector(`.quick-input-widget [role=option]:has-text("${title}")`, { timeout: 30000 });
  await page.keyboard.press('Enter');
}

/** Opens a workspace file with quick open. */
export async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(name);
  await page.waitForSelector(`.quick-input-widget [role=option]:has-text("${name}")`, { timeout: 30000 });
  await page.keyboard.press('Enter');
}

/** The first webview frame (nested iframes) in which `selector` appears, not among `exclude`. */
export async function webviewFrame(page, selector, { exclude = new Set(), timeoutMs = 60000 } = {}) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      if (exclude.has(frame)) continue;
      try { if (await frame.$(selector)) return frame; } catch { /* detached */ }
    }
    await sleep(200);
  }
  throw new Error(`no webview frame shows ${selector}`);
}

export async function screenshot(page, name) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, name) });
}
