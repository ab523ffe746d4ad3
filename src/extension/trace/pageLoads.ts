// When a trace panel's host sends its page the trace (`panel/load`), and when new steps (`panel/append`).
// A page asks with `panel/ready` once its script listens. Waiting for that costs a round trip before
// the first paint, so a trace shown while the page still boots is posted at once when the webview is
// visible: VS Code queues messages for a live webview and hands them over after the page has loaded,
// i.e. after our script installed its listener. That page's ready then gets `panel/sent` instead of a
// second load: it arrives after the early load, so a page that still has no trace (the early load was
// dropped after all) says ready again. Any later ready is a page that needs a load: one VS Code
// reloaded (a hidden editor shown again), or that one.

type PageState =
  /** First boot: no ready yet, nothing posted. */
  | 'booting'
  /** First boot: a load posted ahead of the page's ready. */
  | 'bootingLoaded'
  /** Ready with nothing to show yet. */
  | 'ready'
  /** The page has (or will have first) a load, so appends may follow it. */
  | 'loaded';

export class PageLoads {
  private state: PageState = 'booting';

  /** A trace is to be shown: whether to post its load now. */
  show(visible: boolean): boolean {
    if (this.state === 'ready' || this.state === 'loaded') {
      this.state = 'loaded';
      return true;
    }
    if (!visible) return false;
    this.state = 'bootingLoaded';
    return true;
  }

  /** The page said it is ready: post the trace's load, or tell it one went already (`sent`), or nothing. */
  ready(hasTrace: boolean): 'load' | 'sent' | 'nothing' {
    if (this.state === 'bootingLoaded') {
      this.state = 'loaded';
      return 'sent';
    }
    this.state = hasTrace ? 'loaded' : 'ready';
    return hasTrace ? 'load' : 'nothing';
  }

  /** Whether new steps may be posted now; otherwise the page gets them with its load. */
  get mayAppend(): boolean {
    return this.state === 'bootingLoaded' || this.state === 'loaded';
  }
}
