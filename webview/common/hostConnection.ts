// A page's end of its channel to the extension host, and its webview state: the one place that calls
// acquireVsCodeApi() (VS Code hands it out once per page). The host is trusted here, so its messages are
// taken as typed; the host checks everything the page sends.

import { Channel, type Incoming } from '../../src/shared/channel';
import type { Lane } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface HostConnection<Out extends Lane, In extends Lane> {
  readonly channel: Channel<Out, In>;
  /** What the page saved before a reload or being hidden; undefined on a page's first start. */
  getState(): unknown;
  setState(state: unknown): void;
}

/**
 * Call once per page, before anything the host may send can arrive (at the script's start). `decode`
 * undoes what the host's end did to a message to post it (the trace panel's host tags NaN and infinities).
 */
export function connectToHost<Out extends Lane, In extends Lane>(
  decode: (raw: unknown) => unknown = (raw) => raw,
): HostConnection<Out, In> {
  const api = acquireVsCodeApi();
  const channel = new Channel<Out, In>({
    post: (message) => api.postMessage(message),
    parse: (raw) => decode(raw) as Incoming<In>,
    onDropped: (reason) => console.warn(`TRM Lens: dropped ${reason}`),
  });
  window.addEventListener('message', (event: MessageEvent<unknown>) => channel.handle(event.data));
  return { channel, getState: () => api.getState(), setState: (state) => api.setState(state) };
}
