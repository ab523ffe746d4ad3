// Drives the trace panel's webview from playwright: finds its frame, steps with the keyboard, reads
// what the DOM shows and the timings the webview records (docs/trace-panel.md, "Speed").
import fs from 'node:fs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The frame of a trace panel that is not in `exclude` (webviews are nested iframes). */
export async function panelFrame(page, { exclude = new Set(), timeoutMs = 60000 } = {}) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      if (exclude.has(frame)) continue;
      try {
        if (await frame.$('#answer-grid')) return frame;
      } catch {
        // a frame detached while we looked
      }
    }
    await sleep(200);
  }
  throw new Error('no trace panel frame appeared');
}

export async function shown(frame) {
  return frame.evaluate(() => {
    const grid = document.getElementById('answer-grid');
    return {
      index: Number(document.body.dataset.stepIndex),
      painted: Number(document.body.dataset.paintedIndex),
      height: Number(grid.dataset.height),
      width: Number(grid.dataset.width),
      cells: grid.dataset.cells.split(',').map(Number),
      location: document.getElementById('location').textContent,
      halt: document.getElementById('halt-line').textContent,
      counter: document.getElementById('step-counter').textContent,
      live: document.getElementById('live').textContent,
    };
  });
}

/** Presses a key in the panel and waits until the step it leads to is painted. */
export async function press(page, frame, key) {
  const before = await frame.evaluate(() => window.trmLensPerf.keyToPaint.length);
  await page.keyboard.press(key);
  await frame.waitForFunction((n) => window.trmLensPerf.keyToPaint.length > n, before, { timeout: 10000 });
  return shown(frame);
}

export function median(values) {
  const a = [...values].sort((x, y) => x - y);
  return a.length ? a[a.length >> 1] : NaN;
}

/**
 * Key-to-paint bench: presses stepping keys at human-like random intervals (so presses do not line
 * up with animation frames) and returns the webview's own measurements.
 */
export async function benchStepping(page, frame, presses) {
  await frame.evaluate(() => (window.trmLensPerf.keyToPaint.length = 0));
  const keys = ['ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowRight', 'PageDown', 'ArrowLeft', 'ArrowUp', 'PageUp'];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press(keys[i % keys.length]);
    await frame.waitForFunction((n) => window.trmLensPerf.keyToPaint.length >= n, i + 1, { timeout: 10000 });
    await sleep(20 + Math.random() * 40);
  }
  const samples = await frame.evaluate(() => window.trmLensPerf.keyToPaint);
  const sorted = [...samples].sort((x, y) => x - y);
  return { samples: samples.length, medianMs: median(samples), p90Ms: sorted[Math.floor(sorted.length * 0.9)] };
}

export async function readiness(frame) {
  await frame.waitForSelector('body[data-ready-ms]', { timeout: 60000 });
  return frame.evaluate(() => {
    const p = window.trmLensPerf;
    return {
      readyMs: p.readyMs,
      scriptStartMs: p.scriptStartedAt - p.openedAt,
      traceArrivedMs: p.loadReceivedAt - p.openedAt,
    };
  });
}

/** What the movement views show: a chart's readout and range, and the trajectory points of y and z. */
export async function movement(frame, chartId) {
  return frame.evaluate((id) => {
    const points = (state) =>
      [...document.querySelectorAll(`#trajectory-${state} circle.traj-point`)].map((c) => Number(c.dataset.index));
    return {
      readout: document.querySelector(`.chart-${id} .chart-readout`).textContent,
      range: document.querySelector(`.chart-${id} .chart-range`).textContent,
      line: document.querySelector(`.chart-${id} .chart-line`).getAttribute('d'),
      z: points('z'),
      y: points('y'),
    };
  }, chartId);
}

/**
 * Clicks a panel toolbar button that exports, accepts the path VS Code's (simple) save dialog offers, and returns
 * it.
 */
export async function exportFromPanel(page, frame, buttonId) {
  await frame.click(`#${buttonId}`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30000 });
  await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value.includes('.'), null, {
    timeout: 10000,
  });
  const offered = await input.inputValue();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
  return offered;
}

export async function waitForFile(file, timeoutMs = 15000) {
  for (const until = Date.now() + timeoutMs; !fs.existsSync(file); await sleep(100))
    if (Date.now() > until) throw new Error(`${file} was not written`);
  await sleep(200); // the write may still be under way
}
