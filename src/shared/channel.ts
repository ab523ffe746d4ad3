// One end of a webview's message channel, the same class on both sides (as vscode-hexeditor's
// MessageHandler): notifications by type, requests answered by a reply with the request's id.
// It knows neither VS Code nor the DOM: it is given a function that posts a message and is fed what
// arrives with `handle`, so the host wraps webview.postMessage / onDidReceiveMessage and the page wraps
// acquireVsCodeApi() / window 'message' events. Every incoming message goes through `parse` first: on
// the host the protocol's runtime check of what a webview sends, so no handler sees a malformed message.

import type { Lane, ReplyEnvelope, RequestEnvelope } from './protocol';

/** The reply a request of type K on lane L is answered with. */
export type ReplyOf<L extends Lane, K extends string> = K extends keyof L['replies'] ? L['replies'][K] : never;

/** One handler per request type the other side may send; its value (or promise) is the reply. */
export type RequestHandlers<L extends Lane> = {
  readonly [K in L['request']['type']]: (
    request: Extract<L['request'], { readonly type: K }>,
  ) => ReplyOf<L, K> | Promise<ReplyOf<L, K>>;
};

/** What may arrive on a lane: its notifications, its requests, and replies to our own requests. */
export type Incoming<L extends Lane> = L['notification'] | RequestEnvelope<L['request']> | ReplyEnvelope;

export interface ChannelOptions<In extends Lane> {
  /** Sends one message to the other side. */
  readonly post: (message: unknown) => void;
  /** Returns a raw incoming message typed, or throws saying what is wrong with it. */
  readonly parse: (raw: unknown) => Incoming<In>;
  /** Told why a message was dropped: it did not parse, no request waits for its reply, a handler failed. */
  readonly onDropped?: (reason: string) => void;
}

/** The rejection of a request the channel was disposed before it was answered. */
export class ChannelClosedError extends Error {
  override readonly name = 'ChannelClosedError';
}

interface Pending {
  readonly type: string;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

function isReply(message: { readonly type: string }): message is ReplyEnvelope {
  return message.type === 'channel/reply';
}

function isRequest<Q>(message: { readonly type: string }): message is RequestEnvelope<Q> {
  return message.type === 'channel/request';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sends on lane `Out`, receives on lane `In`. */
export class Channel<Out extends Lane, In extends Lane> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private notificationHandler: ((message: In['notification']) => void) | null = null;
  private requestHandlers: RequestHandlers<In> | null = null;
  private disposed = false;

  constructor(private readonly options: ChannelOptions<In>) {}

  /** Who handles the other side's notifications; one handler, switching on `type`. */
  onNotification(handler: (message: In['notification']) => void): void {
    this.notificationHandler = handler;
  }

  onRequest(handlers: RequestHandlers<In>): void {
    this.requestHandlers = handlers;
  }

  notify(message: Out['notification']): void {
    if (!this.disposed) this.options.post(message);
  }

  /** Asks the other side; settles with its reply, or rejects if it failed or the channel is disposed first. */
  request<Q extends Out['request']>(request: Q): Promise<ReplyOf<Out, Q['type']>> {
    if (this.disposed) return Promise.reject(new ChannelClosedError(`${request.type}: the channel is closed`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { type: request.type, resolve: resolve as (result: unknown) => void, reject });
      const envelope: RequestEnvelope<Q> = { type: 'channel/request', id, request };
      this.options.post(envelope);
    });
  }

  /** Feeds one message from the other side. */
  handle(raw: unknown): void {
    if (this.disposed) return;
    let message: Incoming<In>;
    try {
      message = this.options.parse(raw);
    } catch (error) {
      return this.drop(`a malformed message: ${errorText(error)}`);
    }
    if (isReply(message)) return this.settle(message);
    if (isRequest<In['request']>(message)) return this.answer(message);
    this.notificationHandler?.(message);
  }

  /** Rejects every request still waiting and ignores whatever arrives later. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const { type, reject } of this.pending.values()) {
      reject(new ChannelClosedError(`${type}: the channel closed before the reply came`));
    }
    this.pending.clear();
  }

  private settle(reply: ReplyEnvelope): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return this.drop(`a reply to request ${reply.id}, which nothing waits for`);
    this.pending.delete(reply.id);
    if ('error' in reply) waiting.reject(new Error(`${waiting.type}: ${reply.error}`));
    else waiting.resolve(reply.result);
  }

  private answer(envelope: RequestEnvelope<In['request']>): void {
    const { id, request } = envelope;
    const type = request.type as In['request']['type'];
    const handler = this.requestHandlers?.[type] as ((request: In['request']) => unknown) | undefined;
    const fail = (error: unknown) => {
      this.drop(`request ${type} failed: ${errorText(error)}`);
      this.reply({ type: 'channel/reply', id, error: errorText(error) });
    };
    if (!handler) return fail(new Error('nothing handles it'));
    let result: unknown;
    try {
      result = handler(request);
    } catch (error) {
      return fail(error);
    }
    // A handler with the answer at hand replies at once, so the reply keeps its place among our messages.
    if (!(result instanceof Promise)) return this.reply({ type: 'channel/reply', id, result });
    result.then((value: unknown) => this.reply({ type: 'channel/reply', id, result: value }), fail);
  }

  private reply(envelope: ReplyEnvelope): void {
    if (!this.disposed) this.options.post(envelope);
  }

  private drop(reason: string): void {
    this.options.onDropped?.(reason);
  }
}
