// The one error a bad model bundle raises, in its own module so every part of bundle reading can throw it.

/** A bad bundle: the message names the file and the JSON path or tensor at fault, in one line. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}
