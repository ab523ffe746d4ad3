// The public Sudoku-Extreme and Maze-30x30 datasets' own CSV files as tasks, so a researcher can open the
// very puzzle an evaluation got wrong. Each file has a header naming `source,question,answer,rating`; a
// data row's question and answer are strings of one character per cell, row-major, read as the public
// dataset builders read them:
//   Sudoku: 81 characters; '.' (and '0') blank, digits 1-9. Value = digit, blank 0 (token = value + 1 in
//     the "sudoku" encoding, as the builder's tokens are).
//   Maze: n*n characters over the charset "# SGo" (wall, open, start, goal, path). Value = the character's
//     index in that charset (token = value + 1 in the "maze" encoding).
// Which of the two a row is follows from its question's characters; the two alphabets are disjoint.
//
// Public API
//   readCsvTask(file, row): Promise<ArcTask>    data row `row` (1-based, the header not counted) as a task
//     with no demonstrations, the question as its one test input and the answer as that input's output;
//     id `<source>-row<N>` (the file's name stands in for an empty source)
//   listCsvRows(file, count): Promise<CsvRowSummary[]>   the first `count` data rows' ids and ratings
//   DatasetCsvError                              one line naming the file, the row and the column at fault
//
// The files are large (Sudoku-Extreme's test split has over 400,000 rows), so rows are streamed and the
// read stops at the row wanted; a line longer than MAX_LINE_BYTES is refused rather than buffered.

import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { ArcTask, Grid } from './arcTask';

export class DatasetCsvError extends Error {
  override readonly name = 'DatasetCsvError';
}

export interface CsvRowSummary {
  /** 1-based data row. */
  readonly row: number;
  readonly id: string;
  /** The dataset's difficulty rating, as written; empty when the file has no rating column. */
  readonly rating: string;
}

/** A 30x30 maze row is 1,800 characters with its answer; this leaves room and refuses a binary file. */
const MAX_LINE_BYTES = 64 * 1024;
const MAX_SIDE = 30;
const MAZE_CHARSET = '# SGo';
const SUDOKU_SIDE = 9;

interface Columns {
  readonly source: number | undefined;
  readonly question: number;
  readonly answer: number;
  readonly rating: number | undefined;
}

export async function readCsvTask(file: string, row: number): Promise<ArcTask> {
  if (!Number.isInteger(row) || row < 1) throw new DatasetCsvError(`${file}: row ${row}: rows are numbered from 1`);
  let found: ArcTask | undefined;
  const rows = await eachRow(file, row, (n, fields, columns) => {
    if (n === row) found = rowTask(file, n, fields, columns);
  });
  if (found) return found;
  throw new DatasetCsvError(`${file}: row ${row}: no such row: the file has ${rows} data row${rows === 1 ? '' : 's'}`);
}

export async function listCsvRows(file: string, count: number): Promise<CsvRowSummary[]> {
  const summaries: CsvRowSummary[] = [];
  await eachRow(file, count, (row, fields, columns) => {
    const rating = columns.rating === undefined ? '' : (fields[columns.rating] ?? '');
    summaries.push({ row, id: rowId(file, row, fields, columns), rating });
  });
  return summaries;
}

/** Calls `visit` on data rows 1..last (fewer when the file ends first); returns how many it visited. */
async function eachRow(
  file: string,
  last: number,
  visit: (row: number, fields: readonly string[], columns: Columns) => void,
): Promise<number> {
  const handle = await openRegular(file);
  const lines = readline.createInterface({ input: handle.createReadStream(), crlfDelay: Infinity });
  let columns: Columns | undefined;
  let row = 0;
  try {
    for await (const line of lines) {
      if (Buffer.byteLength(line) > MAX_LINE_BYTES) {
        const where = columns ? `row ${row + 1}` : 'header';
        throw new DatasetCsvError(`${file}: ${where}: the line is longer than ${MAX_LINE_BYTES} bytes`);
      }
      if (!columns) {
        columns = headerColumns(file, splitCsvLine(file, 'header', line.replace(/^\uFEFF/, '')));
        continue;
      }
      if (line === '') continue;
      row++;
      visit(row, splitCsvLine(file, `row ${row}`, line), columns);
      if (row >= last) break;
    }
  } finally {
    lines.close();
    await handle.close();
  }
  if (!columns)
    throw new DatasetCsvError(`${file}: the file is empty: expected a header "source,question,answer,rating"`);
  return row;
}

// Non-blocking, so that a FIFO nobody writes to is refused by fstat instead of waiting for a writer.
async function openRegular(file: string): Promise<fs.FileHandle> {
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetCsvError(
      `${file}: cannot read the dataset CSV: ${code === 'ENOENT' ? 'no such file' : String(error)}`,
    );
  });
  const stat = await handle.stat();
  if (stat.isFile()) return handle;
  await handle.close();
  throw new DatasetCsvError(`${file}: cannot read the dataset CSV: it is not a regular file`);
}

function headerColumns(file: string, names: readonly string[]): Columns {
  const index = (name: string) => {
    const i = names.indexOf(name);
    return i < 0 ? undefined : i;
  };
  const question = index('question');
  const answer = index('answer');
  if (question === undefined || answer === undefined) {
    const missing = question === undefined ? 'question' : 'answer';
    throw new DatasetCsvError(
      `${file}: header: no "${missing}" column: expected "source,question,answer,rating", got "${names.join(',')}"`,
    );
  }
  return { source: index('source'), question, answer, rating: index('rating') };
}

/** RFC 4180 fields of one line: quoted fields may hold commas and doubled quotes, not line breaks. */
export function splitCsvLine(file: string, where: string, line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new DatasetCsvError(`${file}: ${where}: a quoted field is not closed on its line`);
        if (line[i] === '"' && line[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else field += line[i++];
      }
      if (i < line.length && line[i] !== ',')
        throw new DatasetCsvError(`${file}: ${where}: text after a quoted field, at character ${i + 1}`);
    } else {
      const end = line.indexOf(',', i);
      field = line.slice(i, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

function rowId(file: string, row: number, fields: readonly string[], columns: Columns): string {
  const source = columns.source === undefined ? '' : (fields[columns.source] ?? '').trim();
  const stem = source === '' ? path.basename(file).replace(/\.csv$/i, '') : source;
  // The id names a virtual `<id>.arc.json` document: keep it one path segment.
  return `${stem.replace(/[\\/:*?"<>|\s]+/g, '_')}-row${row}`;
}

function rowTask(file: string, row: number, fields: readonly string[], columns: Columns): ArcTask {
  const field = (column: 'question' | 'answer'): string => {
    const value = fields[columns[column]];
    if (value === undefined) {
      throw new DatasetCsvError(
        `${file}: row ${row}: column "${column}" is missing: the row has ${fields.length} fields`,
      );
    }
    return value;
  };
  const question = field('question');
  const answer = field('answer');
  const where = (column: string) => `${file}: row ${row}, column "${column}"`;
  const kind = puzzleKind(question, where('question'));
  const input = kind.grid(question, where('question'), true);
  const output = kind.grid(answer, where('answer'), false);
  if (output.length !== input.length) {
    throw new DatasetCsvError(
      `${where('answer')}: ${answer.length} characters, but the question has ${question.length}`,
    );
  }
  return { id: rowId(file, row, fields, columns), train: [], test: [{ input, output }] };
}

interface PuzzleKind {
  /** The cells of `text`; `isQuestion` allows Sudoku's blanks. */
  grid(text: string, where: string, isQuestion: boolean): Grid;
}

const SUDOKU: PuzzleKind = {
  grid(text, where, isQuestion) {
    const cells = SUDOKU_SIDE * SUDOKU_SIDE;
    if (text.length !== cells) throw new DatasetCsvError(`${where}: ${text.length} characters; a Sudoku has ${cells}`);
    return toGrid(text, SUDOKU_SIDE, where, (char) => {
      if (char >= '0' && char <= '9') return char.charCodeAt(0) - 48;
      return isQuestion && char === '.' ? 0 : undefined;
    });
  },
};

const MAZE: PuzzleKind = {
  grid(text, where) {
    const side = Math.round(Math.sqrt(text.length));
    if (side * side !== text.length || side > MAX_SIDE) {
      throw new DatasetCsvError(
        `${where}: ${text.length} characters; a maze is a square of at most ${MAX_SIDE}x${MAX_SIDE}`,
      );
    }
    return toGrid(text, side, where, (char) => {
      const value = MAZE_CHARSET.indexOf(char);
      return value < 0 ? undefined : value;
    });
  },
};

function puzzleKind(question: string, where: string): PuzzleKind {
  if (question.length > 0 && /^[.0-9]+$/.test(question)) return SUDOKU;
  if (question.length > 0 && [...question].every((char) => MAZE_CHARSET.includes(char))) return MAZE;
  throw new DatasetCsvError(
    `${where}: neither a Sudoku (81 of ".123456789") nor a maze (a square over "${MAZE_CHARSET}")`,
  );
}

function toGrid(text: string, side: number, where: string, value: (char: string) => number | undefined): Grid {
  const grid: number[][] = [];
  for (let r = 0; r < side; r++) {
    const cells: number[] = [];
    for (let c = 0; c < side; c++) {
      const i = r * side + c;
      const v = value(text[i]!);
      if (v === undefined) {
        throw new DatasetCsvError(`${where}: character ${i + 1} (row ${r}, column ${c}) is ${JSON.stringify(text[i])}`);
      }
      cells.push(v);
    }
    grid.push(cells);
  }
  return grid;
}
