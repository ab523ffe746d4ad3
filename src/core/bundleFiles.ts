// Files a bundle names, read as untrusted input: only regular files whose real path lies inside the
// bundle folder, and never more bytes than a cap (a symlink to /dev/zero or a FIFO must not hang a solve).

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FileReadError, FileTooLargeError, readRegularFile } from './boundedRead';
import { BundleError } from './bundleError';

/** The file does not exist (callers say which file the bundle was expected to have). */
export class MissingFileError extends BundleError {}

/** Whether `target` is strictly inside `folder` (both absolute, compared as written). */
export function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The real path of `file` if it is a regular file inside `root` (itself a real path); symlinks are
 * followed, so one leading out of the bundle is refused like a path with `..`.
 */
export async function realFileInside(root: string, file: string): Promise<string> {
  let real: string;
  try {
    real = await fs.realpath(file);
  } catch {
    throw new MissingFileError(`${file}: missing`);
  }
  if (!isInside(root, real)) {
    throw new BundleError(`${file}: leads outside the bundle folder ${root} (to ${real})`);
  }
  if (!(await fs.stat(real)).isFile()) throw new BundleError(`${file}: not a regular file`);
  return real;
}

/**
 * Reads a bundle file (see realFileInside) of at most `maxBytes`, through the one bounded reader: only a
 * regular file, checked on the open handle, and the cap counts the bytes actually read.
 */
export async function readBundleFile(root: string, file: string, maxBytes: number): Promise<Buffer> {
  const real = await realFileInside(root, file);
  try {
    return await readRegularFile(real, maxBytes + 1, 'this bundle file');
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      throw new BundleError(
        `${file}: larger than the ${maxBytes.toLocaleString('en-US')} bytes this bundle file may have`,
      );
    }
    throw new BundleError(error instanceof FileReadError ? error.message.replace(real, file) : String(error));
  }
}
