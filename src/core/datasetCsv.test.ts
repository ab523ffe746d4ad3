import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { Encoding } from './bundle';
import { DatasetCsvError, listCsvRows, readCsvTask } from './datasetCsv';
import { encodeGrid } from './encoding';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'dataset-csv');
const SUDOKU = path.join(FIXTURES, 'sudoku-extreme.csv');
const MAZE = path.join(FIXTURES, 'maze-30x30.csv');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-lens-csv-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Row `row` of the fixture, split as the file has it. */
function fixtureRow(file: string, row: number): { source: string; question: string; answer: string } {
  const [source, question, answer] = fs.readFileSync(file, 'utf8').split('\n')[row]!.split(',');
  return { source: source!, question: question!, answer: answer! };
}

test('a Sudoku row is a task without demonstrations: blanks 0, digits as themselves, answer as output', async () => {
  const raw = fixtureRow(SUDOKU, 2);
  const task = await readCsvTask(SUDOKU, 2);
  assert.equal(task.id, `${raw.source}-row2`);
  assert.deepEqual(task.train, []);
  assert.equal(task.test.length, 1);
  const { input, output } = task.test[0]!;
  assert.equal(input.length, 9);
  assert.ok(input.every((cells) => cells.length === 9));
  assert.equal(input.flat().join(''), raw.question.replaceAll('.', '0'));
  assert.equal(output!.flat().join(''), raw.answer);
});

test('a maze row maps "# SGo" to values 0..4 as the public builder numbers its charset', async () => {
  const raw = fixtureRow(MAZE, 1);
  const task = await readCsvTask(MAZE, 1);
  const { input, output } = task.test[0]!;
  assert.equal(input.length, 30);
  assert.ok(input.every((cells) => cells.length === 30));
  const chars = (grid: readonly (readonly number[])[]) =>
    grid
      .flat()
      .map((v) => '# SGo'[v])
      .join('');
  assert.equal(chars(input), raw.question);
  assert.equal(chars(output!), raw.answer);
  assert.equal(input[1]![1], 2, 'the start cell');
  assert.ok(output!.flat().includes(4), 'the answer marks its path');
});

test('the first rows list with ids and ratings; a row past the end says how many there are', async () => {
  assert.deepEqual(await listCsvRows(SUDOKU, 2), [
    { row: 1, id: 'puzzles0_kaggle-row1', rating: '0' },
    { row: 2, id: 'puzzles2_17_clue-row2', rating: '12' },
  ]);
  assert.equal((await listCsvRows(MAZE, 10)).length, 2);
  await assert.rejects(readCsvTask(MAZE, 3), {
    name: 'DatasetCsvError',
    message: `${MAZE}: row 3: no such row: the file has 2 data rows`,
  });
  await assert.rejects(readCsvTask(MAZE, 0), /row 0: rows are numbered from 1/);
});

test('a bad row is refused with one line naming the file, the row, the column and the character', async () => {
  const sudoku = fixtureRow(SUDOKU, 1);
  const badChar = `${sudoku.question.slice(0, 4)}x${sudoku.question.slice(5)}`;
  const file = write(
    'bad.csv',
    'source,question,answer,rating\n' +
      `a,${badChar},${sudoku.answer},1\n` +
      `b,${sudoku.question},${sudoku.answer.slice(1)},1\n` +
      `c,${sudoku.question.slice(1)},${sudoku.answer},1\n` +
      `d,${sudoku.question}\n`,
  );
  await assert.rejects(readCsvTask(file, 1), {
    message:
      `${file}: row 1, column "question": ` +
      'neither a Sudoku (81 of ".123456789") nor a maze (a square over "# SGo")',
  });
  await assert.rejects(readCsvTask(file, 2), {
    message: `${file}: row 2, column "answer": 80 characters; a Sudoku has 81`,
  });
  await assert.rejects(readCsvTask(file, 3), {
    message: `${file}: row 3, column "question": 80 characters; a Sudoku has 81`,
  });
  await assert.rejects(readCsvTask(file, 4), {
    message: `${file}: row 4: column "answer" is missing: the row has 2 fields`,
  });
  const digitInMaze = fixtureRow(MAZE, 1);
  const maze = write(
    'maze.csv',
    `source,question,answer,rating\nm,${digitInMaze.question},${digitInMaze.answer.replace('o', '7')},1\n`,
  );
  await assert.rejects(readCsvTask(maze, 1), /row 1, column "answer": character \d+ \(row 1, column \d+\) is "7"$/);
});

test('a file without the dataset header, an empty file and a FIFO are refused with the reason', async () => {
  await assert.rejects(readCsvTask(write('noheader.csv', 'a,b\n1,2\n'), 1), /header: no "question" column/);
  await assert.rejects(readCsvTask(write('empty.csv', ''), 1), /the file is empty/);
  await assert.rejects(readCsvTask(path.join(dir, 'missing.csv'), 1), /cannot read the dataset CSV: no such file/);
  await assert.rejects(readCsvTask(dir, 1), (error: unknown) => {
    assert.ok(error instanceof DatasetCsvError);
    assert.match(error.message, /not a regular file/);
    return true;
  });
});

test('quoted fields, CRLF line ends and a byte order mark read as the public files would', async () => {
  const raw = fixtureRow(SUDOKU, 1);
  const file = write(
    'quoted.csv',
    `\uFEFFsource,question,answer,rating\r\n"x, ""y""","${raw.question}",${raw.answer},3\r\n`,
  );
  const task = await readCsvTask(file, 1);
  assert.equal(task.id, 'x,_y_-row1', 'the source, kept to one path segment');
  assert.equal(task.test[0]!.output!.flat().join(''), raw.answer);
});

test('picking a late row streams the file: a huge file is not read past the row asked for', async () => {
  const raw = fixtureRow(SUDOKU, 1);
  const lines = Array.from({ length: 20000 }, (_, i) => `s${i},${raw.question},${raw.answer},0`);
  const file = write('big.csv', `source,question,answer,rating\n${lines.join('\n')}\n${'x'.repeat(70000)}\n`);
  assert.equal((await readCsvTask(file, 20000)).id, 's19999-row20000');
  await assert.rejects(readCsvTask(file, 20001), /row 20001: the line is longer than 65536 bytes/);
});

const BUNDLES = path.resolve(__dirname, '..', '..', '..', 'bench-out', 'bundles');
for (const [fixture, bundle, tokenOf] of [
  [SUDOKU, 'sudoku-full', (char: string) => (char === '.' ? 1 : Number(char) + 1)],
  [MAZE, 'maze-full', (char: string) => '# SGo'.indexOf(char) + 1],
] as const) {
  const manifest = path.join(BUNDLES, bundle, 'manifest.json');
  const skip = fs.existsSync(manifest) ? false : `${bundle} not built (training/trm_lens/random_bundles.py)`;
  test(`a ${bundle} row encodes to the public builder's tokens under the bundle's own encoding`, { skip }, async () => {
    const encoding = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { encoding: Encoding }).encoding;
    const raw = fixtureRow(fixture, 2);
    const task = await readCsvTask(fixture, 2);
    const expect = (text: string) => BigInt64Array.from([...text].map((char) => BigInt(tokenOf(char))));
    assert.deepEqual(encodeGrid(task.test[0]!.input, encoding, '$.test[0].input'), expect(raw.question));
    assert.deepEqual(encodeGrid(task.test[0]!.output!, encoding, '$.test[0].output'), expect(raw.answer));
  });
}
