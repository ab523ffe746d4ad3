import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { exportJson, Trace, TraceFormatError } from './trace';
import { stepOf, traceHeader } from './trace.fixtures';
import { readTraceFile } from './traceFile';

const noFifo = process.platform === 'win32' ? 'no FIFOs on Windows' : false;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'trm-trace-file-'));
}

test('a trace file named like a trace but a FIFO is refused at once, naming the file', { skip: noFifo }, async () => {
  const fifo = path.join(tempDir(), 'run.trace.json');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(
    readTraceFile(fifo),
    (e: Error) => e.message === `${fifo}: cannot read the trace: it is a FIFO (named pipe), not a regular file`,
  );
});

test('a directory named like a trace is refused in one line', async () => {
  const dir = path.join(tempDir(), 'run.trace.json');
  fs.mkdirSync(dir);
  await assert.rejects(readTraceFile(dir), (e: Error) =>
    e.message.startsWith(`${dir}: cannot read the trace: it is a directory`),
  );
});

test('a readable file that is not a trace is refused as a trace format error naming the file', async () => {
  const file = path.join(tempDir(), 'x.trace.json');
  fs.writeFileSync(file, '{"format": "something else"}');
  await assert.rejects(
    readTraceFile(file),
    (e: Error) => e instanceof TraceFormatError && e.message.startsWith(`${file}: $.format`),
  );
});

test('a trace written by the export reads back with its header and steps', async () => {
  const header = traceHeader();
  const trace = new Trace(header);
  const sketch = Array.from({ length: 32 }, (_, i) => i / 8);
  trace.add(
    stepOf(0, { motion: { residual: 0.5, cosine: 0.9, residualPerPos: [0.5, 0.5], sketch }, entropy: [0.25, 1] }),
  );
  const file = path.join(tempDir(), 'ok.trace.json');
  fs.writeFileSync(file, exportJson(trace));
  const again = await readTraceFile(file);
  assert.deepEqual(again.header, header);
  assert.deepEqual(again.steps, trace.steps);
});
