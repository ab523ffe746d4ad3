import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ModelManifests } from './modelManifests';

const root = path.resolve(__dirname, '../../../..');

test("a manifest rewritten in the same folder is read again: the viewer draws the rebuilt model's look", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-viewer-look-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(path.join(root, 'models', 'sudoku6-tiny'), dir, { recursive: true });
  const manifests = new ModelManifests();
  assert.equal((await manifests.of(dir))?.encoding.palette, 'digits');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const rebuilt = { ...manifest, encoding: { ...manifest.encoding, palette: 'arc' } };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(rebuilt));
  assert.equal((await manifests.of(dir))?.encoding.palette, 'arc');
});
