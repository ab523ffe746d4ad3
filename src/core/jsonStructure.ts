// What JSON.parse lets through in untrusted text: nesting of any depth (it is iterative in V8) and
// duplicate keys (the last one silently wins). One linear pass without recursion finds both, with the
// JSON path and character range of each. On invalid text it only bounds the depth for the recursive
// jsonc-parser walk that explains the error: up to the first error (where that walk stops) the text is a
// valid JSON prefix, in which this pass and the parser see the same strings and brackets.

import type { JsonProblem } from './jsonDocument';
import { formatJsonPath, quote, type JsonPath, type JsonPathSegment } from './jsonPath';

/** A key that occurs twice in one object; `container` is the object's path, `problem` points at the repeat. */
export interface DuplicateKey {
  readonly container: JsonPath;
  readonly problem: JsonProblem;
}

export interface StructureScan {
  /** The first container nested deeper than allowed; the scan stops there. */
  readonly tooDeep?: JsonProblem;
  /** In document order, at most the number asked for. */
  readonly duplicateKeys: readonly DuplicateKey[];
}

interface Frame {
  /** Keys seen so far, for an object whose duplicates are still wanted; undefined for an array. */
  readonly keys: Set<string> | undefined;
  readonly isObject: boolean;
  /** Key or index of the member being read now (undefined in an object between a comma and a key). */
  segment: JsonPathSegment | undefined;
}

const BACKSLASH = 0x5c;

export function scanStructure(text: string, maxDepth: number, maxDuplicates: number): StructureScan {
  const frames: Frame[] = [];
  const duplicateKeys: DuplicateKey[] = [];
  const pathOf = (upTo: number): JsonPathSegment[] => {
    const path: JsonPathSegment[] = [];
    for (let f = 0; f < upTo; f++) if (frames[f]!.segment !== undefined) path.push(frames[f]!.segment!);
    return path;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      const top = frames[frames.length - 1];
      if (top?.isObject && top.segment === undefined) {
        const key = keyValue(text.slice(i, end + 1));
        if (top.keys?.has(key) && duplicateKeys.length < maxDuplicates) {
          const container = pathOf(frames.length - 1);
          const message = `duplicate key ${quote(key)}`;
          const problem = { message, path: formatJsonPath(container), offset: i, length: end + 1 - i };
          duplicateKeys.push({ container, problem });
        }
        top.keys?.add(key);
        top.segment = key;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      if (frames.length >= maxDepth) {
        const message = `nested too deeply: more than ${maxDepth} levels of arrays and objects`;
        return {
          tooDeep: { message, path: formatJsonPath(pathOf(frames.length)), offset: i, length: 1 },
          duplicateKeys,
        };
      }
      const isObject = c === '{';
      const wantKeys = isObject && duplicateKeys.length < maxDuplicates;
      frames.push({ isObject, keys: wantKeys ? new Set() : undefined, segment: isObject ? undefined : 0 });
    } else if (c === '}' || c === ']') {
      frames.pop();
    } else if (c === ',') {
      const top = frames[frames.length - 1];
      if (top) top.segment = top.isObject ? undefined : (top.segment as number) + 1;
    }
  }
  return { duplicateKeys };
}

/** Index of the quote closing the string that opens at `start` (the last index, if it never closes). */
function stringEnd(text: string, start: number): number {
  for (let q = text.indexOf('"', start + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return text.length - 1;
}

/** A key as JSON.parse reads it; escapes are rare, so only then is it decoded. */
function keyValue(literal: string): string {
  if (!literal.includes('\\')) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal; // invalid text: only the depth matters then
  }
}
