// Measurements the end-to-end bench reads from the page (test/e2e/panelDriver.mjs, docs/trace-panel.md):
// `window.trmLensPerf` and the body's data attributes readyMs and keyToPaintCount.

interface PanelPerf {
  keyToPaint: number[];
  /** ms from the host having the trace to the first painted step. */
  readyMs: number | null;
  /** Epoch ms, to see where readyMs went: the host had the trace, this script started, the trace arrived. */
  openedAt: number | null;
  readonly scriptStartedAt: number;
  loadReceivedAt: number | null;
}

/** Runs `then` once the frame with the DOM as it is now has been painted. */
function afterPaint(then: () => void): void {
  requestAnimationFrame(() => {
    // The rAF callback runs before the frame is painted; a message posted from it is handled after.
    const channel = new MessageChannel();
    channel.port1.onmessage = then;
    channel.port2.postMessage(null);
  });
}

export class PaintPerf {
  private readonly perf: PanelPerf;
  private pendingKeyAt: number | null = null;

  /** Construct at the script's start: `scriptStartedAt` is taken here. */
  constructor() {
    this.perf = { keyToPaint: [], readyMs: null, openedAt: null, scriptStartedAt: Date.now(), loadReceivedAt: null };
    (window as unknown as { trmLensPerf: PanelPerf }).trmLensPerf = this.perf;
  }

  /** A key (or a command the host forwards) asked for an action; `at` on the performance clock. */
  keyPressed(at: number): void {
    this.pendingKeyAt = at;
  }

  traceLoaded(openedAt: number): void {
    this.perf.readyMs = null;
    this.perf.openedAt = openedAt;
    this.perf.loadReceivedAt = Date.now();
  }

  /** Records readiness (the trace's first painted step) and key-to-paint latency (key event to the repainted frame). */
  painted(): void {
    const perf = this.perf;
    const at = perf.openedAt;
    if (at !== null && perf.readyMs === null) {
      afterPaint(() => {
        // An earlier paint of this trace counted, or a newer trace came.
        if (perf.readyMs !== null || perf.openedAt !== at) return;
        perf.readyMs = Date.now() - at;
        document.body.dataset.readyMs = String(perf.readyMs);
      });
    }
    if (this.pendingKeyAt === null) return;
    const start = this.pendingKeyAt;
    this.pendingKeyAt = null;
    afterPaint(() => {
      perf.keyToPaint.push(performance.now() - start);
      document.body.dataset.keyToPaintCount = String(perf.keyToPaint.length);
    });
  }
}
