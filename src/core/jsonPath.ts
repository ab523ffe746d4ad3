// A JSON path is how every error on bad input names its place: `$.train[2].output[3][5]`.
// Segments stay structured (keys and indices) until shown, so code can compare and extend them.

export type JsonPathSegment = string | number;
export type JsonPath = readonly JsonPathSegment[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `$`, then `.key` for identifier keys, `["key"]` for any other key, `[i]` for indices. */
export function formatJsonPath(path: JsonPath): string {
  let text = '$';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += `.${segment}`;
    else text += `[${quote(segment)}]`;
  }
  return text;
}

/**
 * `text` as a JSON string literal that is safe to print: besides what JSON.stringify escapes (C0 controls,
 * so no ESC can start a terminal sequence), the C1 controls (U+009B is a one-character CSI), DEL, the line
 * separators and the bidirectional overrides are written as \uXXXX. Still valid JSON for the same string.
 */
export function quote(text: string): string {
  return escapeControls(JSON.stringify(text));
}

// C0, DEL and C1, U+2028/U+2029, and the bidirectional embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- these are the characters to escape
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a file (a task id, a key, a file name) made safe to print in one terminal line: every control
 * character, line break and bidirectional override becomes \uXXXX; anything else is kept as it is.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, hex);
}

function hex(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
