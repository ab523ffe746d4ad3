// Sizes as the file-size limits name them. No Node imports: the task parser that uses it is type-checked for the
// webview too.

/** `50 MiB (52,428,800 bytes)`. */
export function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  const size = Number.isInteger(mib) ? `${mib}` : mib.toFixed(1);
  return `${size} MiB (${bytes.toLocaleString('en-US')} bytes)`;
}
