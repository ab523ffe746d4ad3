// A real VS Code for the end-to-end tests, the panel bench and `npm start`: code-server (Node 24,
// installed into .tools/ by setup.mjs) started isolated per run, and Debian's Chromium driven by
// playwright-core. Offline but for the npm registry, from which setup.mjs installs code-server and Node 24.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_SERVER, NODE24 } from './setup.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The tools setup.mjs installs; TRM_CODE_SERVER / TRM_NODE24 / TRM_CHROMIUM point elsewhere. */
export function toolPaths(env = process.env) {
  return {
    node24: env.TRM_NODE24 ?? NODE24,
    codeServer: env.TRM_CODE_SERVER ?? CODE_SERVER,
    chromium: env.TRM_CHROMIUM ?? '/usr/bin/chromium',
  };
}

export function requireTools(tools = toolPaths()) {
  for (const [what, file] of [
    ['code-server (TRM_CODE_SERVER; run node test/e2e/setup.mjs)', tools.codeServer],
    ['Node 24 (TRM_NODE24; run node test/e2e/setup.mjs)', tools.node24],
    ['Chromium (TRM_CHROMIUM; apt-get install chromium)', tools.chromium],
  ])
    if (!existsSync(file)) throw new Error(`${what} not found at ${file}`);
  return tools;
}

/** A plain window: no welcome page or chat beside the editors, a dark theme. */
export const plainWindowSettings = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.sideBar.location': 'left',
  'workbench.activityBar.location': 'hidden',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
};

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server with its own user data and extensions folders under a fresh temp folder, the
 * given VSIX files installed first. `stop()` kills its whole process group (the extension host is a
 * child) and removes the folder unless `keep`. Logs go to `<work>/code-server.log`. Workspace Trust
 * is off unless `workspaceTrust` (then a folder not yet trusted opens in Restricted Mode). `machineSettings`
 * are the server machine's settings, the only user-level place for machine-scoped ones (trmLens.modelPath).
 */
export async function startCodeServer({
  vsix = [],
  settings = plainWindowSettings,
  work = mkdtempSync(path.join(tmpdir(), 'trm-code-server-')),
  port,
  host = '127.0.0.1',
  keep = false,
  workspaceTrust = false,
  machineSettings,
} = {}) {
  const tools = requireTools();
  const userDir = path.join(work, 'user');
  const serverArgs = ['--user-data-dir', userDir, '--extensions-dir', path.join(work, 'extensions')];
  mkdirSync(path.join(userDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  if (machineSettings) {
    mkdirSync(path.join(userDir, 'Machine'), { recursive: true });
    writeFileSync(path.join(userDir, 'Machine', 'settings.json'), JSON.stringify(machineSettings, null, 2));
  }
  for (const file of vsix)
    execFileSync(tools.node24, [tools.codeServer, ...serverArgs, '--install-extension', file], { stdio: 'ignore' });
  port ??= await freePort();
  const log = path.join(work, 'code-server.log');
  const out = openSync(log, 'a');
  const server = spawn(
    tools.node24,
    [
      tools.codeServer,
      '--auth',
      'none',
      '--bind-addr',
      `${host}:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      ...serverArgs,
    ],
    { stdio: ['ignore', out, out], detached: true },
  );
  const url = `http://${host}:${port}`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    if (!keep) rmSync(work, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 240 || server.exitCode !== null) {
      stop();
      throw new Error(`code-server did not start on ${url}`);
    }
    await sleep(250);
  }
  return {
    url,
    port,
    work,
    log,
    userDir,
    pid: server.pid,
    process: server,
    stop,
    folderUrl: (folder) => `${url}/?folder=${encodeURIComponent(folder)}`,
  };
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: toolPaths().chromium, args: chromiumArgs });
}

/** Opens the workbench on a folder and waits until it is usable. */
export async function openWorkbench(page, url) {
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench .statusbar', { timeout: 120000 });
}

/**
 * Runs a command from the palette (F1) by its title, as a user would. Retries while the palette does
 * not list it yet: a fresh window registers an installed extension's contributions a while after it
 * shows the workbench.
 */
export async function runCommand(page, title, { timeoutMs = 60000 } = {}) {
  const option = `.quick-input-widget [role=option]:has-text(${JSON.stringify(
    title
      .split(': ')
      .pop()
      .replace(/\.\.\.$/, ''),
  )})`;
  const until = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(title);
    try {
      await page.waitForSelector(option, { timeout: 5000 });
      break;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > until) throw error;
    }
  }
  await page.keyboard.press('Enter');
}

/** Quick Open (Ctrl+P) a workspace file by name. */
export async function quickOpen(page, name) {
  const option = `.quick-input-widget [role=option]:has-text(${JSON.stringify(name)})`;
  // Quick Open's file search sometimes answers late or not at all on a loaded machine: ask again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(name);
    try {
      await page.waitForSelector(option, { timeout: 15000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

/**
 * The frames shown now, each marked in its document: a frame VS Code later navigates to a new webview (it
 * reuses iframes) loses the mark, so `frameWith` does not take it for one of these.
 */
export async function snapshotFrames(page) {
  const frames = page.frames();
  await Promise.all(
    frames.map((frame) =>
      frame
        .evaluate(() => (window.__trmLensSeen = true))
        .catch(() => {
          /* a frame detached while we marked it */
        }),
    ),
  );
  return new Set(frames);
}

/** Whether `frame` still shows the document it showed when `snapshotFrames` marked it. */
const stillSeen = (frame) => frame.evaluate(() => window.__trmLensSeen === true).catch(() => true);

/** The first frame (webviews are nested iframes) not in `exclude` where `selector` exists. */
export async function frameWith(page, selector, { exclude = new Set(), timeoutMs = 60000 } = {}) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      try {
        if (exclude.has(frame) && (await stillSeen(frame))) continue;
        if (await frame.$(selector)) return frame;
      } catch {
        /* a frame detached while we looked */
      }
    }
    await sleep(100);
  }
  // Which frames there were, so a failure says whether the webview never came or was not recognised.
  const describe = async (f) => {
    const has = (await f.$(selector).catch(() => null)) ? 'has' : 'lacks';
    return `${exclude.has(f) ? 'old' : 'new'} ${has} ${f.url().slice(0, 80)}`;
  };
  const seen = await Promise.all(page.frames().map(describe));
  throw new Error(`no frame with ${selector} appeared within ${timeoutMs} ms; frames: ${seen.join(' | ')}`);
}
