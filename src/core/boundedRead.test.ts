import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { FileReadError, FileTooLargeError, readRegularFile } from './boundedRead';

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-lens-read-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const isRoot = process.getuid?.() === 0;
const noFifo = process.platform === 'win32' ? 'no FIFOs on Windows' : false;

/** The read's failure, which must come within `ms` (a read that hangs would otherwise hang the suite). */
async function failure(read: Promise<Buffer>, ms = 2000): Promise<Error> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still reading after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([read, timeout]);
  } catch (error) {
    return error as Error;
  } finally {
    clearTimeout(timer);
  }
  throw new Error('the read succeeded');
}

test('a regular file under the cap is read whole', async () => {
  const file = path.join(dir, 'small.json');
  fs.writeFileSync(file, '{"a": 1}');
  assert.equal((await readRegularFile(file, 9, 'the file')).toString('utf8'), '{"a": 1}');
});

test('a file of the cap or more is refused, naming its size and the cap', async () => {
  const file = path.join(dir, 'big.json');
  fs.writeFileSync(file, 'x'.repeat(10));
  const error = await failure(readRegularFile(file, 10, 'the task file'));
  assert.ok(error instanceof FileTooLargeError);
  assert.equal(error.bytes, 10);
  assert.match(
    error.message,
    /^.*big\.json: the task file is too large: 0\.0 MiB \(10 bytes\); it must be smaller than 0\.0 MiB \(10 bytes\)$/,
  );
});

test('a FIFO with no writer is refused at once, not waited on', { skip: noFifo }, async () => {
  const fifo = path.join(dir, 'x.arc.json');
  execFileSync('mkfifo', [fifo]);
  const error = await failure(readRegularFile(fifo, 1024, 'the task file'));
  assert.ok(error instanceof FileReadError);
  assert.equal(error.message, `${fifo}: cannot read the task file: it is a FIFO (named pipe), not a regular file`);
});

test(
  'a device is refused, so /dev/zero cannot fill memory',
  { skip: fs.existsSync('/dev/zero') ? false : 'no /dev/zero' },
  async () => {
    const error = await failure(readRegularFile('/dev/zero', 1024 * 1024 * 1024, 'the trace'));
    assert.equal(error.message, '/dev/zero: cannot read the trace: it is a device, not a regular file');
  },
);

test('a directory, a missing file and a path through a file are refused in one line each', async () => {
  const file = path.join(dir, 'plain.json');
  fs.writeFileSync(file, '{}');
  const cases: [string, string][] = [
    [dir, 'it is a directory, not a regular file'],
    [path.join(dir, 'none.json'), 'no such file'],
    [path.join(file, 'inside.json'), 'a folder on its path is a file'],
  ];
  for (const [target, reason] of cases) {
    const error = await failure(readRegularFile(target, 1024, "the bundle's manifest"));
    assert.ok(error instanceof FileReadError);
    assert.equal(error.message, `${target}: cannot read the bundle's manifest: ${reason}`);
  }
});

test(
  'a file without read permission is refused',
  { skip: isRoot ? 'running as root, which reads a chmod-000 file anyway' : false },
  async () => {
    const file = path.join(dir, 'locked.json');
    fs.writeFileSync(file, '{}');
    fs.chmodSync(file, 0o000);
    const error = await failure(readRegularFile(file, 1024, 'the task file'));
    assert.equal(error.message, `${file}: cannot read the task file: permission denied`);
  },
);

// Files in /proc stat as 0 bytes but have content: the cap must count what is read, not what stat said.
test(
  'the cap counts the bytes read, not the size stat reports',
  { skip: fs.existsSync('/proc/self/maps') ? false : 'no /proc' },
  async () => {
    assert.equal(fs.statSync('/proc/self/maps').size, 0);
    const error = await failure(readRegularFile('/proc/self/maps', 64, 'the file'));
    assert.ok(error instanceof FileTooLargeError);
    assert.equal(error.bytes, 64);
  },
);
