import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { BundleError } from './bundleError';
import { readBundleFile } from './bundleFiles';

test('a bundle file is read up to its byte cap and refused one byte over it', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'trm-bundle-files-')));
  try {
    const file = path.join(dir, 'net.onnx');
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
    fs.writeFileSync(file, bytes);
    assert.deepEqual(await readBundleFile(dir, file, 3000), bytes);
    await assert.rejects(readBundleFile(dir, file, 2999), (e: Error) => {
      assert.ok(e instanceof BundleError);
      assert.equal(e.message, `${file}: larger than the 2,999 bytes this bundle file may have`);
      return true;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
