import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openBundle, type Bundle } from '../../core/bundle';
import { BundleCache } from './bundleCache';

const fixture = path.resolve(__dirname, '../../../../test/fixtures/tiny-trm/bundle');

/** A copy of the real fixture bundle, and a cache over the real openBundle that records which bundles it released. */
function setup(t: { after(fn: () => void): void }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-bundle-cache-'));
  fs.cpSync(fixture, dir, { recursive: true });
  const released: Bundle[] = [];
  const cache = new BundleCache(async (d, provider) => {
    const bundle = await openBundle(d, { provider });
    const release = async () => {
      released.push(bundle);
      await bundle.release();
    };
    return { ...bundle, release };
  });
  t.after(() => {
    cache.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dir, cache, released };
}

/** Rewrites a graph as a rebuild would: new bytes (a different doc_string, still a valid model), new mtime. */
function rebuildGraph(file: string): void {
  const docString = Buffer.from('rebuilt');
  fs.writeFileSync(file, Buffer.concat([fs.readFileSync(file), Buffer.from([0x32, docString.length]), docString]));
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(file, later, later);
}

const settle = () => new Promise((r) => setImmediate(r));

test('the same unchanged bundle folder gets the same sessions on every Solve', async (t) => {
  const { dir, cache } = setup(t);
  const a = await cache.acquire(dir, 'cpu');
  a.release();
  const b = await cache.acquire(dir, 'cpu');
  assert.equal(b.bundle.sessions, a.bundle.sessions);
  b.release();
});

test('a graph rebuilt in the same folder loads again: new sessions, new digest, the old ones released', async (t) => {
  const { dir, cache, released } = setup(t);
  const before = await cache.acquire(dir, 'cpu');
  before.release();
  rebuildGraph(path.join(dir, 'net.onnx'));
  const after = await cache.acquire(dir, 'cpu');
  assert.notEqual(after.bundle.sessions, before.bundle.sessions);
  assert.notEqual(after.bundle.digest, before.bundle.digest);
  await settle();
  assert.deepEqual(
    released.map((b) => b.sessions),
    [before.bundle.sessions],
  );
  after.release();
});

test('a touched manifest reloads too; replaced sessions are released when the solve using them ends', async (t) => {
  const { dir, cache, released } = setup(t);
  const running = await cache.acquire(dir, 'cpu');
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(path.join(dir, 'manifest.json'), later, later);
  const next = await cache.acquire(dir, 'cpu');
  assert.notEqual(next.bundle.sessions, running.bundle.sessions);
  assert.equal(next.bundle.digest, running.bundle.digest, 'same bytes, so the same digest');
  await settle();
  assert.equal(released.length, 0, 'not under a running solve');
  running.release();
  running.release();
  await settle();
  assert.deepEqual(
    released.map((b) => b.sessions),
    [running.bundle.sessions],
  );
  next.release();
});

test('dispose releases idle sessions at once and busy ones when their lease ends', async (t) => {
  const { dir, cache, released } = setup(t);
  const busy = await cache.acquire(dir, 'cpu');
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-bundle-cache-'));
  t.after(() => fs.rmSync(other, { recursive: true, force: true }));
  fs.cpSync(fixture, other, { recursive: true });
  (await cache.acquire(other, 'cpu')).release();
  cache.dispose();
  await settle();
  assert.deepEqual(
    released.map((b) => b.dir),
    [other],
  );
  busy.release();
  await settle();
  assert.deepEqual(
    released.map((b) => b.dir),
    [other, dir],
  );
});
