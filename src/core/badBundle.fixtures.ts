// Bad bundles for the tests: a copy of a committed fixture bundle in a temp folder with one thing broken.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const root = path.resolve(__dirname, '../../..');
export const fixtures = path.join(root, 'test', 'fixtures');
export const variants = path.join(fixtures, 'graph-variants');

/** A temp folder holding `bundle/` (a copy of `fixture`'s bundle, then `mutate`d); remove it when done. */
export function brokenBundle(
  fixture: 'tiny-trm' | 'tiny-arc',
  mutate: (dir: string) => void,
): { dir: string; remove(): void } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-bad-bundle-'));
  const dir = path.join(parent, 'bundle');
  fs.cpSync(path.join(fixtures, fixture, 'bundle'), dir, { recursive: true });
  mutate(dir);
  return { dir, remove: () => fs.rmSync(parent, { recursive: true, force: true }) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests break manifests field by field, any shape
export function editManifest(dir: string, edit: (m: Record<string, any>) => void): void {
  const file = path.join(dir, 'manifest.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(m);
  fs.writeFileSync(file, JSON.stringify(m, null, 1));
}

/** Replaces `name` in the bundle by a symlink to `target`. */
export function symlink(dir: string, name: string, target: string): void {
  fs.rmSync(path.join(dir, name));
  fs.symlinkSync(target, path.join(dir, name));
}

/** tiny-trm with its embed graph's weights kept in a separate file (graph-variants/embed.onnx). */
export function withExternalEmbed(dir: string, graph = 'embed.onnx'): void {
  fs.copyFileSync(path.join(variants, graph), path.join(dir, 'embed.onnx'));
  fs.copyFileSync(path.join(variants, 'embed.weights.bin'), path.join(dir, 'embed.weights.bin'));
}

/** tiny-arc as the format-version-1 exporter wrote it: the table inside embed.onnx, which takes `puzzle_ids`. */
export function asVersion1(dir: string): void {
  fs.copyFileSync(path.join(variants, 'tiny-arc-v1.embed.onnx'), path.join(dir, 'embed.onnx'));
  fs.copyFileSync(path.join(variants, 'tiny-arc-v1.manifest.json'), path.join(dir, 'manifest.json'));
  fs.rmSync(path.join(dir, 'puzzle_emb.f32'));
}
