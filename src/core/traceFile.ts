// A trace file on disk, read as untrusted input: a regular file under the trace size cap, then checked.

import { readRegularFile } from './boundedRead';
import { importTrace, MAX_TRACE_BYTES, type Trace } from './trace';

/** The trace in `file`, or an error naming the file and, for a malformed trace, the JSON path at fault. */
export async function readTraceFile(file: string): Promise<Trace> {
  const bytes = await readRegularFile(file, MAX_TRACE_BYTES + 1, 'the trace');
  return importTrace(bytes.toString('utf8'), file);
}
