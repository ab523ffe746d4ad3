// Model manifests read once per folder and read again when the manifest changes (size or mtime), so a
// bundle rebuilt in the same folder is seen as it now is. The viewer asks on every edit of a document and
// the model picker on every Solve; neither should read the file each time.

import * as path from 'node:path';
import { readManifest, type Manifest } from '../../core/bundle';
import { fileStamp } from './bundleCache';

export class ModelManifests {
  /** Per model folder: the manifest's stamp (bundleCache.ts) when it was read, and the manifest. */
  private readonly byDir = new Map<string, { readonly stamp: string; readonly manifest: Promise<Manifest | null> }>();

  /** The manifest of a model folder, or null when it does not read as one. */
  async of(modelDir: string): Promise<Manifest | null> {
    const stamp = await fileStamp(path.join(modelDir, 'manifest.json'));
    let entry = this.byDir.get(modelDir);
    if (entry?.stamp !== stamp) {
      entry = { stamp, manifest: readManifest(modelDir).catch(() => null) };
      this.byDir.set(modelDir, entry);
    }
    return entry.manifest;
  }
}
