// Untrusted JSON text, read safely: refuse it when it is too large or too deeply nested (both checked
// before any tree is built, without recursion, so a 50 MB file or 100k `[` never hangs or overflows the
// stack), parse it strictly (no comments, no trailing commas, no duplicate keys), and give every problem
// the JSON path and character range of the node at fault so an editor can underline it.
//
// Valid text is parsed by the engine's JSON.parse (fast, and iterative in V8, so deep nesting cannot
// overflow it); the slower, recursive jsonc-parser walk only runs to explain invalid text or to find the
// ranges of nodes a validator complained about, and only after an iterative depth scan allowed it.

import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import { formatBytes } from './byteSize';
import { formatJsonPath, type JsonPath, type JsonPathSegment } from './jsonPath';
import { scanStructure, type DuplicateKey } from './jsonStructure';

export interface JsonProblem {
  readonly message: string;
  /** Where in the document, e.g. `$.train[2].output[3][5]`. */
  readonly path: string;
  /** Character range of the offending node (the whole node, for objects and arrays) in the text. */
  readonly offset: number;
  readonly length: number;
}

/** A complaint about a value, before its place in the text is known. */
export interface ValueProblem {
  readonly message: string;
  readonly path: JsonPath;
}

export interface JsonLimits {
  /** Text of this many UTF-8 bytes or more is refused. */
  readonly maxBytes: number;
  /** Deepest nesting of arrays and objects accepted, anywhere in the text. */
  readonly maxDepth: number;
  /** Duplicate keys reported at most (further ones are not looked for). */
  readonly maxProblems: number;
}

export type { DuplicateKey } from './jsonStructure';

/** Text that parsed. JSON.parse keeps the last of duplicate keys: each repeat is listed for the caller to report. */
export type JsonRead =
  | { readonly ok: true; readonly value: unknown; readonly duplicateKeys: readonly DuplicateKey[] }
  | { readonly ok: false; readonly problems: readonly JsonProblem[] };

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

export function readJson(text: string, limits: JsonLimits): JsonRead {
  const tooLarge = sizeProblem(utf8Length(text, limits.maxBytes), limits.maxBytes);
  if (tooLarge) return { ok: false, problems: [tooLarge] };
  const { tooDeep, duplicateKeys } = scanStructure(text, limits.maxDepth, limits.maxProblems);
  if (tooDeep) return { ok: false, problems: [tooDeep] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [syntaxProblem(text, error)] };
  }
  return { ok: true, value, duplicateKeys };
}

/** The refusal for a file of `byteLength` bytes, if it is too large; callers that can stat a file first use it. */
export function sizeProblem(byteLength: number, maxBytes: number): JsonProblem | undefined {
  if (byteLength < maxBytes) return undefined;
  const message = `file too large: ${formatBytes(byteLength)}; files must be smaller than ${formatBytes(maxBytes)}`;
  return { message, path: '$', offset: 0, length: 0 };
}

/** UTF-8 byte count of `text`: exact, unless it is certainly at or over `limit` (then at least `limit`). */
function utf8Length(text: string, limit: number): number {
  if (text.length >= limit) return text.length; // every UTF-16 unit is at least one byte
  if (text.length * 3 < limit) return text.length; // every UTF-16 unit is at most three bytes
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair: two units, four bytes
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Stops a jsonc-parser walk early; thrown from a visitor callback and caught by whoever started it. */
class StopWalk extends Error {}

/**
 * The first syntax error only: what a parser reports after it has lost its way is guesswork (one
 * missing bracket at the end of a file would otherwise be reported once per open container).
 */
function syntaxProblem(text: string, parseError: unknown): JsonProblem {
  let first: JsonProblem | undefined;
  const tracker = new PathTracker();
  try {
    visit(
      text,
      {
        ...tracker.visitor(WALK_EVERYTHING),
        onError: (code, offset, length) => {
          first = describeSyntaxError(text, code, offset, length, formatJsonPath(tracker.path()));
          throw new StopWalk();
        },
      },
      STRICT,
    );
  } catch (error) {
    if (!(error instanceof StopWalk)) throw error;
  }
  if (first) return first;
  // The two parsers disagree (jsonc-parser found nothing wrong): report what the engine said.
  const message = `invalid JSON: ${parseError instanceof Error ? parseError.message : String(parseError)}`;
  return { message, path: '$', offset: 0, length: 0 };
}

function describeSyntaxError(
  text: string,
  code: ParseErrorCode,
  offset: number,
  length: number,
  path: string,
): JsonProblem {
  const at = (message: string, start = offset, span = length): JsonProblem => ({
    message: `invalid JSON: ${message}`,
    path,
    offset: start,
    length: span,
  });
  const name = printParseErrorCode(code);
  if (offset >= text.length) return at('unexpected end of text');
  if (name === 'ValueExpected' || name === 'PropertyNameExpected') {
    const comma = trailingCommaBefore(text, offset);
    if (comma !== undefined) return at('trailing comma is not allowed', comma, 1);
  }
  switch (name) {
    case 'InvalidSymbol':
      return at(`unexpected ${JSON.stringify(text.slice(offset, offset + Math.min(Math.max(length, 1), 20)))}`);
    case 'InvalidNumberFormat':
      return at('invalid number');
    case 'PropertyNameExpected':
      return at('expected a property name in double quotes');
    case 'ValueExpected':
      return at('expected a value');
    case 'ColonExpected':
      return at('expected ":"');
    case 'CommaExpected':
      return at('expected ","');
    case 'CloseBraceExpected':
      return at('expected "}"');
    case 'CloseBracketExpected':
      return at('expected "]"');
    case 'EndOfFileExpected':
      return at('unexpected text after the end of the value');
    case 'InvalidCommentToken':
      return at('comments are not allowed');
    case 'UnexpectedEndOfComment':
      return at('unterminated comment');
    case 'UnexpectedEndOfString':
      return at('unterminated string');
    case 'UnexpectedEndOfNumber':
      return at('incomplete number');
    case 'InvalidUnicode':
      return at('invalid \\u escape');
    case 'InvalidEscapeCharacter':
      return at('invalid escape sequence in string');
    case 'InvalidCharacter':
      return at('control characters in strings must be escaped');
    default:
      return at(name);
  }
}

/** Offset of the `,` just before a closing `]`/`}` at `offset` (whitespace between), if there is one. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  const closer = text[offset];
  if (closer !== ']' && closer !== '}') return undefined;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return text[i] === ',' ? i : undefined;
}

/**
 * Gives each value problem the character range of its node, in one walk over the text that only
 * descends into containers on the way to a wanted path (the last of two, under a duplicate key, as
 * JSON.parse keeps the last). The text must be valid JSON (readJson said ok);
 * when it nests deeper than `limits.maxDepth`, that refusal is the only problem returned.
 */
export function locateProblems(text: string, found: readonly ValueProblem[], limits: JsonLimits): JsonProblem[] {
  const { tooDeep, duplicateKeys } = scanStructure(text, limits.maxDepth, 1);
  if (tooDeep) return [tooDeep];
  // Under a duplicate key a path occurs twice and JSON.parse kept the last: then walk to the end.
  const lastWins = duplicateKeys.length > 0;
  const wanted = new Map<string, { offset: number; length: number; seen: boolean }>();
  const onTheWay = new Set<string>();
  for (const problem of found) {
    wanted.set(formatJsonPath(problem.path), { offset: 0, length: 0, seen: false });
    for (let i = 0; i < problem.path.length; i++) onTheWay.add(formatJsonPath(problem.path.slice(0, i)));
  }
  let remaining = wanted.size;
  const tracker = new PathTracker();
  const listener: WalkListener = {
    descend: (path) => onTheWay.has(path()),
    value: (path, offset, length) => {
      const range = wanted.get(path());
      if (!range || (range.seen && !lastWins)) return;
      range.offset = offset;
      range.length = length;
      if (!range.seen) remaining--;
      range.seen = true;
      if (remaining === 0 && !lastWins) throw new StopWalk();
    },
  };
  try {
    visit(text, tracker.visitor(listener), STRICT);
  } catch (error) {
    if (!(error instanceof StopWalk)) throw error;
  }
  return found.map((problem) => {
    const path = formatJsonPath(problem.path);
    const { offset, length } = wanted.get(path)!;
    return { message: problem.message, path, offset, length };
  });
}

interface Frame {
  readonly kind: 'array' | 'object';
  /** The container's own path, formatted when first asked for (most walks never ask). */
  readonly path: () => string;
  readonly start: number;
  /** Key or index of the member being read now. */
  segment: JsonPathSegment | undefined;
}

/** What a walk over the text wants to hear; a walk with neither callback only tracks the current path. */
interface WalkListener {
  /** Asked when a container opens: walk its members? `path` formats on demand. */
  descend?(path: () => string): boolean;
  /** Told of every complete value the walk sees (a container when it closes); `path` formats on demand. */
  value?(path: () => string, offset: number, length: number): void;
}

const WALK_EVERYTHING: WalkListener = {};
const NO_PATH = (): string => '';

/** Follows a jsonc-parser walk and knows the path of the value being read. */
class PathTracker {
  private readonly frames: Frame[] = [];

  path(): JsonPathSegment[] {
    const path: JsonPathSegment[] = [];
    for (const frame of this.frames) if (frame.segment !== undefined) path.push(frame.segment);
    return path;
  }

  visitor(listener: WalkListener) {
    const open = (kind: Frame['kind'], offset: number): boolean => {
      const path = listener.descend || listener.value ? this.lazyPath() : NO_PATH;
      this.frames.push({ kind, path, start: offset, segment: kind === 'array' ? 0 : undefined });
      return listener.descend?.(path) ?? true;
    };
    const close = (offset: number, length: number): void => {
      const frame = this.frames.pop();
      if (frame) listener.value?.(frame.path, frame.start, offset + length - frame.start);
    };
    return {
      onObjectBegin: (offset: number) => open('object', offset),
      onArrayBegin: (offset: number) => open('array', offset),
      onObjectEnd: close,
      onArrayEnd: close,
      onObjectProperty: (key: string) => {
        const frame = this.frames[this.frames.length - 1];
        if (frame) frame.segment = key;
      },
      onSeparator: (character: string) => {
        const frame = this.frames[this.frames.length - 1];
        if (character !== ',' || !frame) return;
        // After a comma, an array is at its next item; an object between members, until the next key.
        frame.segment = typeof frame.segment === 'number' ? frame.segment + 1 : undefined;
      },
      onLiteralValue: (_value: unknown, offset: number, length: number) => {
        listener.value?.(this.lazyPath(), offset, length);
      },
    };
  }

  /** The current path, captured now (segments change as the walk goes on) but formatted on demand. */
  private lazyPath(): () => string {
    const segments = this.path();
    let formatted: string | undefined;
    return () => (formatted ??= formatJsonPath(segments));
  }
}
