// Model sessions kept from one Solve (or debug launch) to the next, per bundle folder and provider, and
// reloaded when the bundle is rebuilt in the same folder: each use first compares a cheap fingerprint
// of the manifest and the graph files (size and mtime) with the one the sessions were opened under.
// Replaced sessions are released once the last solve using them lets go, never under a running solve.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { openBundle, readManifest, type Bundle } from '../../core/bundle';
import type { ProviderChoice } from '../../core/providers';

export type OpenBundle = (dir: string, provider: ProviderChoice) => Promise<Bundle>;

/** A bundle held for one solve or debug session; `release` lets the cache free it once it is replaced. */
export interface BundleLease {
  readonly bundle: Bundle;
  release(): void;
}

interface Entry {
  readonly fingerprint: string;
  readonly bundle: Promise<Bundle>;
  users: number;
  /** Replaced by a newer build, or the cache was disposed: released when no one uses it. */
  retired: boolean;
}

/** Size and modification time of a file, or `missing` (the open then says what is wrong). */
export async function fileStamp(file: string): Promise<string> {
  try {
    const s = await fs.stat(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** The manifest's stamp and those of the graph files it names; throws as opening would on a bad manifest. */
export async function bundleFingerprint(dir: string): Promise<string> {
  const manifest = await readManifest(dir);
  const files = ['manifest.json', ...new Set(Object.values(manifest.graphs))];
  const stamps = await Promise.all(files.map(async (f) => `${f}=${await fileStamp(path.join(dir, f))}`));
  return stamps.join(';');
}

export class BundleCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly open: OpenBundle = (dir, provider) => openBundle(dir, { provider })) {}

  async acquire(dir: string, provider: ProviderChoice): Promise<BundleLease> {
    const key = `${provider}:${dir}`;
    const fingerprint = await bundleFingerprint(dir);
    let entry = this.entries.get(key);
    if (entry && entry.fingerprint !== fingerprint) {
      this.retire(entry);
      entry = undefined;
    }
    if (!entry) entry = this.add(key, fingerprint, this.open(dir, provider));
    const held = entry;
    held.users++;
    let bundle: Bundle;
    try {
      bundle = await held.bundle;
    } catch (error) {
      held.users--;
      throw error;
    }
    let released = false;
    return {
      bundle,
      release: () => {
        if (released) return;
        released = true;
        held.users--;
        this.releaseIfIdle(held);
      },
    };
  }

  /** Frees every idle session now, and sessions still in use when their last lease is released. */
  dispose(): void {
    for (const entry of this.entries.values()) this.retire(entry);
    this.entries.clear();
  }

  private add(key: string, fingerprint: string, bundle: Promise<Bundle>): Entry {
    const entry: Entry = { fingerprint, bundle, users: 0, retired: false };
    this.entries.set(key, entry);
    // A bundle that failed to open is not kept: the next Solve tries again (the user may fix it).
    bundle.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry;
  }

  private retire(entry: Entry): void {
    entry.retired = true;
    this.releaseIfIdle(entry);
  }

  private releaseIfIdle(entry: Entry): void {
    if (entry.retired && entry.users === 0)
      void entry.bundle.then(
        (b) => b.release(),
        () => undefined,
      );
  }
}
