// Reads VS Code's debugger views from playwright: the Call Stack's frames, why it paused, the view itself.

import { sleep } from './harness.mjs';

/** The Call Stack's frames, top first, and the reason it paused. */
export async function callStack(page) {
  return page.evaluate(() => {
    const pane = [...document.querySelectorAll('.pane')].find((p) => p.querySelector('.debug-call-stack'));
    return {
      frames: [
        ...pane.querySelectorAll('.monaco-list-row .stack-frame .label, .monaco-list-row .stack-frame > .file-name'),
      ]
        .map((e) => e.textContent.trim())
        .filter(Boolean),
      header: pane.querySelector('.pane-header').textContent,
    };
  });
}

/** Waits until the top frame of the Call Stack matches. */
export async function topFrame(page, pattern) {
  const until = Date.now() + 20000;
  let last;
  while (Date.now() < until) {
    last = await callStack(page);
    if (last.frames.length && pattern.test(last.frames[0])) {
      await continuable(page);
      return last;
    }
    await sleep(100);
  }
  throw new Error(`Call Stack top frame never matched ${pattern}: ${JSON.stringify(last)}`);
}

/** Waits until the Call Stack says the debugger paused, for the reason matching `pattern`. */
export async function paused(page, pattern) {
  await page.waitForFunction(
    (source) => {
      const pane = [...document.querySelectorAll('.pane')].find((p) => p.querySelector('.debug-call-stack'));
      return new RegExp(source).test(pane?.querySelector('.pane-header')?.textContent ?? '');
    },
    pattern.source,
    { timeout: 20000 },
  );
  await continuable(page);
}

/** Waits until the toolbar offers Continue: the Call Stack can say why it paused a moment before VS Code takes
 * the thread as stopped, and a key pressed in between (F5, F10) is dropped. */
async function continuable(page) {
  await page.waitForSelector('.debug-toolbar .action-item:not(.disabled) .codicon-debug-continue', { timeout: 20000 });
}

/** Shows the Run and Debug view once a session runs: VS Code opens it as a session starts, and its key would
 * close it again. */
export async function showCallStack(page) {
  const stack = await page.waitForSelector('.debug-call-stack', { timeout: 5000 }).catch(() => null);
  if (!stack) await page.keyboard.press('Control+Shift+D');
}
