import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { BundleError } from './bundleError';
import { openPuzzleTable } from './puzzleTable';

const ROWS = 6;
const DIM = 5;
const entry = { file: 'puzzle_emb.f32', dtype: 'float32' as const, rows: ROWS, dim: DIM };

/** A bundle folder holding a rows x DIM table whose value at (row, col) is row * 100 + col. */
function tableFolder(rows = ROWS): { dir: string; root: string; remove(): void } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-table-'));
  const dir = path.join(parent, 'bundle');
  fs.mkdirSync(dir);
  const values = Float32Array.from({ length: rows * DIM }, (_, i) => Math.floor(i / DIM) * 100 + (i % DIM));
  fs.writeFileSync(path.join(dir, entry.file), Buffer.from(values.buffer));
  return { dir, root: fs.realpathSync(dir), remove: () => fs.rmSync(parent, { recursive: true, force: true }) };
}

async function refused(open: Promise<unknown>, message: RegExp, file: string): Promise<void> {
  await assert.rejects(open, (e: Error) => {
    assert.ok(e instanceof BundleError, `a BundleError, not ${e.name}: ${e.message}`);
    assert.match(e.message, message);
    assert.ok(e.message.includes(file), `names ${file}: ${e.message}`);
    return true;
  });
}

test('rows are read at their offsets, in the order asked, as float32', async () => {
  const folder = tableFolder();
  const table = await openPuzzleTable(folder.root, folder.dir, entry);
  try {
    assert.deepEqual([table.rows, table.dim], [ROWS, DIM]);
    assert.deepEqual(
      [...(await table.read([4, 0, 4]))],
      [400, 401, 402, 403, 404, 0, 1, 2, 3, 4, 400, 401, 402, 403, 404],
    );
    assert.deepEqual([...(await table.read([ROWS - 1]))], [500, 501, 502, 503, 504]);
  } finally {
    await table.close();
    folder.remove();
  }
});

test('a puzzle id outside the table is refused naming the file', async () => {
  const folder = tableFolder();
  const table = await openPuzzleTable(folder.root, folder.dir, entry);
  try {
    for (const id of [ROWS, -1, 1.5]) {
      await refused(table.read([id]), new RegExp(`puzzle id ${id} is not a row of the ${ROWS}-row table`), entry.file);
    }
  } finally {
    await table.close();
    folder.remove();
  }
});

test('a table file of the wrong size is refused with both sizes and the manifest field', async () => {
  for (const rows of [ROWS - 1, ROWS + 1]) {
    const folder = tableFolder(rows);
    try {
      await refused(
        openPuzzleTable(folder.root, folder.dir, entry),
        new RegExp(
          `puzzle_emb\\.f32: the puzzle-embedding table has ${rows * DIM * 4} bytes; manifest\\.json's ` +
            `\\$\\.identifiers\\.table says 6 rows x 5 float32 = 120 bytes`,
        ),
        folder.dir,
      );
    } finally {
      folder.remove();
    }
  }
});

test('a missing table file, or one leading outside the bundle folder, is refused naming it', async () => {
  const folder = tableFolder();
  const outside = tableFolder();
  try {
    await refused(
      openPuzzleTable(folder.root, folder.dir, { ...entry, file: 'other.f32' }),
      /other\.f32: the puzzle-embedding table named in manifest\.json's \$\.identifiers\.table\.file is missing/,
      folder.dir,
    );
    const file = path.join(folder.dir, entry.file);
    fs.rmSync(file);
    fs.symlinkSync(path.join(outside.dir, entry.file), file);
    await refused(
      openPuzzleTable(folder.root, folder.dir, entry),
      /puzzle_emb\.f32: leads outside the bundle folder .* \(the puzzle-embedding table, .*\.table\.file\)/,
      folder.dir,
    );
    fs.rmSync(file);
    fs.mkdirSync(file);
    await refused(openPuzzleTable(folder.root, folder.dir, entry), /puzzle_emb\.f32: not a regular file/, folder.dir);
  } finally {
    folder.remove();
    outside.remove();
  }
});
