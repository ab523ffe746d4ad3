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
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
