// Malformed single-task files, each with the one problem parseTask must report for it: shared by the
// parser's tests and the test that the JSON Schema agrees with the parser.

export interface MalformedCase {
  readonly name: string;
  readonly text: string;
  readonly message: string;
  readonly path: string;
  /** The text the problem's range covers. */
  readonly node: string;
  /** Whether the JSON Schema can see this problem too (it cannot see syntax, ragged rows). */
  readonly schemaSees: boolean;
}

const GRID = '[[1,2],[3,4]]';

/** A valid task with `train[0].input` replaced by `input`. */
function withTrainInput(input: string): string {
  return `{"train":[{"input":${input},"output":${GRID}}],"test":[{"input":${GRID}}]}`;
}

function cell(value: string): string {
  return withTrainInput(`[[1,2],[3,${value}]]`);
}

function badCell(name: string, value: string, shown = value): MalformedCase {
  return {
    name,
    text: cell(value),
    message: `expected an integer 0-9, got ${shown}`,
    path: '$.train[0].input[1][1]',
    node: value,
    schemaSees: true,
  };
}

const wideRow = `[${Array(31).fill(0).join(',')}]`;
const tallGrid = `[${Array(31).fill('[0]').join(',')}]`;

export const MALFORMED: readonly MalformedCase[] = [
  {
    name: 'invalid JSON: a missing comma',
    text: '{"train": [1 2]}',
    message: 'invalid JSON: expected ","',
    path: '$.train[0]',
    node: '2',
    schemaSees: false,
  },
  {
    name: 'invalid JSON: a trailing comma',
    text: '{"train": [], "test": [],}',
    message: 'invalid JSON: trailing comma is not allowed',
    path: '$',
    node: ',',
    schemaSees: false,
  },
  {
    name: 'invalid JSON: a comment',
    text: '{"train": [] // pairs\n}',
    message: 'invalid JSON: comments are not allowed',
    path: '$.train',
    node: '// pairs',
    schemaSees: false,
  },
  {
    name: 'invalid JSON: cut short',
    text: '{"train": [[',
    message: 'invalid JSON: unexpected end of text',
    path: '$.train[0]',
    node: '',
    schemaSees: false,
  },
  {
    name: 'invalid JSON: a bare word',
    text: '{"train": nope}',
    message: 'invalid JSON: unexpected "nope"',
    path: '$.train',
    node: 'nope',
    schemaSees: false,
  },
  {
    name: 'invalid JSON: text after the value',
    text: '{} {}',
    message: 'invalid JSON: unexpected text after the end of the value',
    path: '$',
    node: '{',
    schemaSees: false,
  },
  {
    name: 'not an object',
    text: '[1]',
    message: 'expected a task {"train": [...], "test": [...]}, got an array',
    path: '$',
    node: '[1]',
    schemaSees: true,
  },
  {
    name: 'missing test',
    text: `{"train":[{"input":${GRID},"output":${GRID}}]}`,
    message: 'missing "test"',
    path: '$',
    node: `{"train":[{"input":${GRID},"output":${GRID}}]}`,
    schemaSees: true,
  },
  {
    name: 'train not an array',
    text: `{"train":{"input":${GRID}},"test":[{"input":${GRID}}]}`,
    message: '"train" must be an array of pairs, got an object',
    path: '$.train',
    node: `{"input":${GRID}}`,
    schemaSees: true,
  },
  {
    name: 'test not an array',
    text: `{"train":[{"input":${GRID},"output":${GRID}}],"test":"none"}`,
    message: '"test" must be an array of pairs, got "none"',
    path: '$.test',
    node: '"none"',
    schemaSees: true,
  },
  {
    name: 'empty test',
    text: `{"train":[{"input":${GRID},"output":${GRID}}],"test":[ ]}`,
    message: '"test" is empty: it needs at least one pair',
    path: '$.test',
    node: '[ ]',
    schemaSees: true,
  },
  {
    name: 'pair not an object',
    text: `{"train":[${GRID}],"test":[{"input":${GRID}}]}`,
    message: 'expected a pair {"input": grid, "output": grid}, got an array',
    path: '$.train[0]',
    node: GRID,
    schemaSees: true,
  },
  {
    name: 'missing input',
    text: `{"train":[{"output":${GRID}}],"test":[{"input":${GRID}}]}`,
    message: 'missing "input"',
    path: '$.train[0]',
    node: `{"output":${GRID}}`,
    schemaSees: true,
  },
  {
    name: 'train pair missing output',
    text: `{"train":[{"input":${GRID}}],"test":[{"input":${GRID}}]}`,
    message: 'missing "output"',
    path: '$.train[0]',
    node: `{"input":${GRID}}`,
    schemaSees: true,
  },
  {
    name: 'grid not an array',
    text: withTrainInput('7'),
    message: 'expected a grid (an array of rows), got 7',
    path: '$.train[0].input',
    node: '7',
    schemaSees: true,
  },
  {
    name: 'empty grid',
    text: withTrainInput('[]'),
    message: 'grid is empty: it needs at least one row',
    path: '$.train[0].input',
    node: '[]',
    schemaSees: true,
  },
  {
    name: 'empty row',
    text: withTrainInput('[[]]'),
    message: 'row is empty: it needs at least one cell',
    path: '$.train[0].input[0]',
    node: '[]',
    schemaSees: true,
  },
  {
    name: 'row not an array',
    text: withTrainInput('[[1],"2"]'),
    message: 'expected a row (an array of integers 0-9), got "2"',
    path: '$.train[0].input[1]',
    node: '"2"',
    schemaSees: true,
  },
  {
    name: 'ragged rows',
    text: withTrainInput('[[1,2],[3]]'),
    message: 'row has 1 cell, but row 0 has 2',
    path: '$.train[0].input[1]',
    node: '[3]',
    schemaSees: false,
  },
  {
    name: 'too many rows',
    text: withTrainInput(tallGrid),
    message: 'grid is 31x1 (rows x columns): at most 30x30 is allowed',
    path: '$.train[0].input',
    node: tallGrid,
    schemaSees: true,
  },
  {
    name: 'too many columns',
    text: withTrainInput(`[${wideRow}]`),
    message: 'grid is 1x31 (rows x columns): at most 30x30 is allowed',
    path: '$.train[0].input',
    node: `[${wideRow}]`,
    schemaSees: true,
  },
  badCell('a value above 9', '10'),
  badCell('a negative value', '-1'),
  badCell('a fraction', '2.5'),
  badCell('a string', '"3"'),
  badCell('null', 'null'),
  badCell('a boolean', 'true'),
  badCell('a nested array', '[1]', 'an array'),
  badCell('an exponent overflowing to Infinity', '1e999', 'Infinity'),
];
