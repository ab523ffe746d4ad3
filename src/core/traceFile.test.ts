import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { exportJson, Trace, TraceFormatError, type TraceHeader } from './trace';
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
  const header: TraceHeader = {
    task: { id: 'roundtrip', testIndex: 0, input: [[1]], target: null },
    model: {
      name: 'm',
      digest: 'a'.repeat(64),
      family: 'trm',
      hiddenSize: 1,
      puzzleEmbLen: 0,
      schedule: { hCycles: 1, lCycles: 1, haltMaxSteps: 1, haltRule: 'q_halt_positive' },
      encoding: {
        layout: 'fixed',
        height: 1,
        width: 1,
        padToken: 0,
        eosToken: null,
        valueOffset: 1,
        numValues: 5,
        palette: 'digits',
        cellLabels: null,
      },
    },
    provider: { name: 'cpu', skipped: [] },
    identifier: { index: 0, name: '<blank>' },
    createdAt: '2026-01-01T00:00:00Z',
  };
  const trace = new Trace(header);
  trace.add({
    index: 0,
    supStep: 0,
    hCycle: 0,
    lCycle: 0,
    kind: 'latent',
    answer: [[1]],
    confidence: [1],
    changed: [],
    yNorm: 1,
    zNorm: 1,
    yNormPerPos: [1],
    zNormPerPos: [1],
    qHalt: 0,
    qContinue: 0,
    haltProb: 0.5,
    halts: false,
    loss: null,
    cellAccuracy: null,
    exact: null,
    latentAnswer: null,
    motion: { residual: 0.5, cosine: 0.9, residualPerPos: [0.5], sketch: Array.from({ length: 32 }, (_, i) => i / 8) },
    entropy: [0.25],
    ms: 0,
  });
  const file = path.join(tempDir(), 'ok.trace.json');
  fs.writeFileSync(file, exportJson(trace));
  const again = await readTraceFile(file);
  assert.deepEqual(again.header, header);
  assert.deepEqual(again.steps, trace.steps);
});
