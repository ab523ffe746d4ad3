// The typed message protocol between the extension host and the puzzle viewer's webview.
//
// Two kinds of traffic, as in every webview we ship:
//   - events: fire-and-forget (`show` from the host, `ready` from the webview);
//   - requests: the webview asks the host to do something (`request` with a numeric id) and the host
//     answers exactly once with a `reply` carrying the same id, so the webview can await the outcome.
// A webview is untrusted input to the host: `parseViewerMessage` checks every message from it at
// runtime and the host drops (and logs) anything that does not match this file's types.
//
// Only types are imported from core: the webview bundle must not pull the parser in.

import type { ArcTask, TaskProblem } from '../core/arcTask';

/** A problem as the viewer lists it: the parser's problem plus its 1-based line and column. */
export interface ProblemView extends TaskProblem {
  readonly line: number;
  readonly column: number;
}

/** What the viewer shows for a document: the parsed task, or why it could not be parsed. */
export type ViewerContent =
  | { readonly kind: 'task'; readonly task: ArcTask }
  | { readonly kind: 'problems'; readonly problems: readonly ProblemView[] };

export interface DocumentInfo {
  /** File name shown in the viewer's header, e.g. `007bbfb7.arc.json`. */
  readonly title: string;
  /** Increases with every edit of the text document; the webview ignores stale `show`s. */
  readonly version: number;
  /** True for documents that cannot be edited as text (tasks opened from a combined file). */
  readonly readOnly: boolean;
}

/** What the webview may ask the host to do. Each is answered by one `reply`. */
export type ViewerRequest =
  | { readonly kind: 'solve' }
  /** Show this character range of the document in a text editor (a problem's location). */
  | { readonly kind: 'reveal'; readonly offset: number; readonly length: number }
  | { readonly kind: 'reopenAsText' };

export type ViewerRequestKind = ViewerRequest['kind'];

export type ReplyOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

export type HostToViewer =
  | { readonly type: 'show'; readonly document: DocumentInfo; readonly content: ViewerContent }
  | ({ readonly type: 'reply'; readonly id: number } & ReplyOutcome);

export type ViewerToHost =
  /** The webview has installed its message listener and wants the current document. */
  | { readonly type: 'ready' }
  | { readonly type: 'request'; readonly id: number; readonly request: ViewerRequest };

/** A message from the webview that does not match the protocol. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/** Largest character offset a reveal may name: a document over the parser's 50 MB limit is never shown. */
const MAX_OFFSET = 2 ** 31 - 1;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

/** Rejects any key the type does not have, so a message cannot smuggle extra data past the check. */
function onlyKeys(record: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) throw new ProtocolError(`${where}: unexpected key ${JSON.stringify(key)}`);
  }
}

function parseRequest(raw: unknown): ViewerRequest {
  if (!isRecord(raw)) throw new ProtocolError('request: "request" must be an object');
  switch (raw.kind) {
    case 'solve':
    case 'reopenAsText':
      onlyKeys(raw, ['kind'], `request ${raw.kind}`);
      return { kind: raw.kind };
    case 'reveal':
      onlyKeys(raw, ['kind', 'offset', 'length'], 'request reveal');
      if (!isCount(raw.offset, MAX_OFFSET) || !isCount(raw.length, MAX_OFFSET)) {
        throw new ProtocolError('request reveal: offset and length must be whole numbers >= 0');
      }
      return { kind: 'reveal', offset: raw.offset, length: raw.length };
    default:
      throw new ProtocolError(`request: unknown kind ${JSON.stringify(raw.kind)}`);
  }
}

/** Checks a message from the webview; returns it typed, or throws a ProtocolError naming what is wrong. */
export function parseViewerMessage(raw: unknown): ViewerToHost {
  if (!isRecord(raw)) throw new ProtocolError('viewer message: not an object');
  switch (raw.type) {
    case 'ready':
      onlyKeys(raw, ['type'], 'ready');
      return { type: 'ready' };
    case 'request':
      onlyKeys(raw, ['type', 'id', 'request'], 'request');
      if (!isCount(raw.id, Number.MAX_SAFE_INTEGER)) throw new ProtocolError('request: "id" must be a whole number >= 0');
      return { type: 'request', id: raw.id, request: parseRequest(raw.request) };
    default:
      throw new ProtocolError(`viewer message: unknown type ${JSON.stringify(raw.type)}`);
  }
}
