// Everything the CLI prints goes through here: task ids, keys and file names come from files and can hold
// terminal escape sequences, so each line is escaped as validate has always escaped JSON paths.

import { escapeControls } from '../core/jsonPath';

/** `text` with every line made safe for a terminal; the line breaks between lines are kept. */
export function printable(text: string): string {
  return text.split('\n').map(escapeControls).join('\n');
}

export function printOut(text: string): void {
  process.stdout.write(printable(text));
}

export function printErr(text: string): void {
  process.stderr.write(printable(text));
}
