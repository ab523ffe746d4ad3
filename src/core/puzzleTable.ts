// A version-2 bundle's puzzle-embedding table (docs/bundle-format.md): a raw file of rows x dim float32,
// little-endian, row-major. Public tables reach gigabytes, so the file stays open and a solve reads only its
// own rows at their offsets; host memory does not grow with the table.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BundleError } from './bundleError';
import { MissingFileError, realFileInside } from './bundleFiles';
import type { PuzzleTableEntry } from './manifest';

const FLOAT32_BYTES = 4;
const FIELD = '$.identifiers.table';

export interface PuzzleTable {
  /** the table file as the bundle names it (dir + entry.file), for errors */
  readonly file: string;
  readonly rows: number;
  readonly dim: number;
  /** Rows `ids`, one after another: ids.length x dim floats. */
  read(ids: readonly number[]): Promise<Float32Array>;
  close(): Promise<void>;
}

/** Opens `dir/entry.file` (inside the bundle folder `root`, a real path) and checks its size against the entry. */
export async function openPuzzleTable(root: string, dir: string, entry: PuzzleTableEntry): Promise<PuzzleTable> {
  const file = path.join(dir, entry.file);
  const real = await tableFileInside(root, file);
  const handle = await fs.open(real, 'r');
  try {
    const { size } = await handle.stat();
    const expected = entry.rows * entry.dim * FLOAT32_BYTES;
    if (size !== expected) {
      throw new BundleError(
        `${file}: the puzzle-embedding table has ${size.toLocaleString('en-US')} bytes; manifest.json's ${FIELD} ` +
          `says ${entry.rows} rows x ${entry.dim} float32 = ${expected.toLocaleString('en-US')} bytes`,
      );
    }
  } catch (e) {
    await handle.close();
    throw e;
  }
  const rowBytes = entry.dim * FLOAT32_BYTES;
  return {
    file,
    rows: entry.rows,
    dim: entry.dim,
    async read(ids) {
      // Read straight into the floats: every platform onnxruntime-node ships for is little-endian.
      const out = new Float32Array(ids.length * entry.dim);
      const bytes = Buffer.from(out.buffer);
      for (const [i, id] of ids.entries()) {
        if (!Number.isInteger(id) || id < 0 || id >= entry.rows)
          throw new BundleError(`${file}: puzzle id ${id} is not a row of the ${entry.rows}-row table`);
        const { bytesRead } = await handle.read(bytes, i * rowBytes, rowBytes, id * rowBytes);
        if (bytesRead !== rowBytes)
          throw new BundleError(`${file}: row ${id} could not be read whole (was the file truncated since opening?)`);
      }
      return out;
    },
    close: () => handle.close(),
  };
}

async function tableFileInside(root: string, file: string): Promise<string> {
  try {
    return await realFileInside(root, file);
  } catch (e) {
    if (e instanceof MissingFileError)
      throw new BundleError(`${file}: the puzzle-embedding table named in manifest.json's ${FIELD}.file is missing`);
    if (e instanceof BundleError)
      throw new BundleError(`${e.message} (the puzzle-embedding table, manifest.json's ${FIELD}.file)`);
    throw e;
  }
}
