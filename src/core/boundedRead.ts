// Reading a file a user named (a task, a trace, a bundle's manifest or graph) without trusting it: only a
// regular file is read, and never more than a cap. A size from `stat` alone cannot bound a read: it is 0
// for a FIFO or a device (`/dev/zero` never ends), and a regular file can grow after it was statted.

import { constants, promises as fs, type Stats } from 'node:fs';
import { formatBytes } from './byteSize';

/** A file that was not read: missing, unreadable, not a regular file, or too large. `message` is one line. */
export class FileReadError extends Error {
  override readonly name: string = 'FileReadError';
}

/** The file holds `bytes` bytes or more (at least `bytes` when it grew while being read), at or over the cap. */
export class FileTooLargeError extends FileReadError {
  override readonly name = 'FileTooLargeError';
  constructor(
    readonly file: string,
    readonly bytes: number,
    readonly maxBytes: number,
    what: string,
  ) {
    super(`${file}: ${what} is too large: ${formatBytes(bytes)}; it must be smaller than ${formatBytes(maxBytes)}`);
  }
}

// Non-blocking, so that opening a FIFO nobody writes to returns at once (to be refused by fstat) instead
// of waiting for a writer. It changes nothing for a regular file. Windows has no such flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const CHUNK = 1024 * 1024;

/**
 * The bytes of `file`, which must be a regular file of fewer than `maxBytes` bytes. Refuses FIFOs,
 * devices, sockets and directories (checked with fstat on the opened descriptor, so the file checked is the
 * file read) and stops reading at the cap, counting the bytes actually read.
 *
 * @param what how messages name the file, e.g. `the task file`, `the bundle's manifest`
 * @throws FileTooLargeError at or over the cap; FileReadError for anything else that stops the read,
 *   with a one-line message `FILE: cannot read WHAT: REASON`
 */
export async function readRegularFile(file: string, maxBytes: number, what: string): Promise<Buffer> {
  const handle = await fs.open(file, OPEN_FLAGS).catch((error: unknown) => {
    throw new FileReadError(`${file}: cannot read ${what}: ${reasonOf(error)}`);
  });
  try {
    const stat = await handle.stat();
    const kind = notRegular(stat);
    if (kind) throw new FileReadError(`${file}: cannot read ${what}: it is ${kind}, not a regular file`);
    if (stat.size >= maxBytes) throw new FileTooLargeError(file, stat.size, maxBytes, what);
    return await readUpTo(handle, maxBytes, () => new FileTooLargeError(file, maxBytes, maxBytes, what));
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw new FileReadError(`${file}: cannot read ${what}: ${reasonOf(error)}`);
  } finally {
    await handle.close();
  }
}

/** Reads to the end, or throws `tooLarge()` once `maxBytes` bytes have been read. */
async function readUpTo(handle: fs.FileHandle, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total >= maxBytes) throw tooLarge();
  }
}

function notRegular(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

function reasonOf(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory, not a regular file';
    case 'ENXIO':
      return 'it is a socket or a device, not a regular file';
    case 'ENOTDIR':
      return 'a folder on its path is a file';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
