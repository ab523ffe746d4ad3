// The webview's side of the protocol: posts typed messages, awaits replies to requests by id, and
// keeps webview state (what survives a reload or being hidden).

import type { HostToViewer, ReplyOutcome, ViewerRequest, ViewerToHost } from '../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: ViewerToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export type ShowMessage = Extract<HostToViewer, { type: 'viewer/show' }>;

export class Host {
  private readonly api = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, (outcome: ReplyOutcome) => void>();

  constructor(onShow: (message: ShowMessage) => void) {
    window.addEventListener('message', (event: MessageEvent<HostToViewer>) => {
      const message = event.data;
      const reply = message as unknown as { type: string; id: number; result: ReplyOutcome };
      if (message.type === 'viewer/show') onShow(message);
      else if (reply.type === 'channel/reply') {
        this.pending.get(reply.id)?.(reply.result);
        this.pending.delete(reply.id);
      }
    });
  }

  /** Tells the host the listener is installed: it answers with the document to show. */
  ready(): void {
    this.api.postMessage({ type: 'viewer/ready' });
  }

  request(request: ViewerRequest): Promise<ReplyOutcome> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.api.postMessage({ type: 'channel/request', id, request });
    });
  }

  get state(): unknown {
    return this.api.getState();
  }

  set state(state: unknown) {
    this.api.setState(state);
  }
}
