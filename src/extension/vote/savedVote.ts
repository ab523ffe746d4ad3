// A finished vote, saved where a vote panel restored after a window reload reads it back: one folder per vote
// in the host's own storage, holding vote.json (what the panel showed, and the panel's key) and each run's
// trace as run-<position>.trace.json. The newest KEEP_SAVED_VOTES folders are kept. A vote over many large
// augmentations stops writing traces at MAX_SAVED_TRACE_BYTES; those runs show after a reload, but their
// traces open only after voting again. Free of `vscode`, so it is tested on real files.

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { readRegularFile } from '../../core/boundedRead';
import { exportJson, type Trace } from '../../core/trace';
import { readTraceFile } from '../../core/traceFile';
import type { VoteResult } from '../../shared/protocol';

export const SAVED_VOTE_FORMAT = 'trm-lens-saved-vote';
const SAVED_VOTE_VERSION = 1;
export const KEEP_SAVED_VOTES = 10;
export const MAX_SAVED_TRACE_BYTES = 256 * 1024 * 1024;
const VOTE_FILE = 'vote.json';
/** vote.json holds the result the panel drew, a small fraction of the traces beside it. */
const MAX_VOTE_FILE_BYTES = 64 * 1024 * 1024;

export interface SavedVote {
  /** The vote panel's key: a vote on the same task test input and model shows in the restored panel. */
  readonly key: string;
  /** The task's document (a URI), which a run's Debug launches on. */
  readonly task: string;
  readonly result: VoteResult;
  /** The positions of the runs whose traces were saved, in run order. */
  readonly traced: readonly number[];
}

export interface VoteToSave {
  readonly key: string;
  readonly task: string;
  readonly result: VoteResult;
  readonly runs: readonly { readonly position: number; readonly trace: Trace }[];
}

export class SavedVoteError extends Error {
  override readonly name = 'SavedVoteError';
}

const runTraceName = (position: number) => `run-${position}.trace.json`;

/** Saves the vote in a new folder under `storage` and returns its vote.json; drops the oldest saved votes. */
export async function saveVote(
  storage: string,
  stem: string,
  vote: VoteToSave,
  maxTraceBytes = MAX_SAVED_TRACE_BYTES,
): Promise<string> {
  await fs.mkdir(storage, { recursive: true });
  // A random tail after the timestamp: two votes in one millisecond get two folders.
  const folder = await fs.mkdtemp(path.join(storage, `${stem}-${Date.now()}-`));
  const traced: number[] = [];
  let bytes = 0;
  for (const run of vote.runs) {
    const text = exportJson(run.trace);
    bytes += Buffer.byteLength(text);
    if (bytes > maxTraceBytes) break;
    await fs.writeFile(path.join(folder, runTraceName(run.position)), text);
    traced.push(run.position);
  }
  const saved: SavedVote = { key: vote.key, task: vote.task, result: vote.result, traced };
  const file = path.join(folder, VOTE_FILE);
  await fs.writeFile(file, JSON.stringify({ format: SAVED_VOTE_FORMAT, version: SAVED_VOTE_VERSION, ...saved }));
  await dropOldest(storage);
  return file;
}

/** Folder names end in a millisecond timestamp and a random tail; the newest KEEP_SAVED_VOTES stay. */
async function dropOldest(storage: string): Promise<void> {
  const stamp = (name: string) => Number(/-(\d+)-[A-Za-z0-9]+$/.exec(name)?.[1] ?? 0);
  const folders = (await fs.readdir(storage, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && stamp(e.name) > 0)
    .map((e) => e.name)
    .sort((a, b) => stamp(a) - stamp(b));
  for (const name of folders.slice(0, Math.max(0, folders.length - KEEP_SAVED_VOTES)))
    await fs.rm(path.join(storage, name), { recursive: true, force: true });
}

const record = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** The vote saved in `file`; an error names the file and what is wrong with it (a folder dropped, a bad edit). */
export async function readSavedVote(file: string): Promise<SavedVote> {
  const bytes = await readRegularFile(file, MAX_VOTE_FILE_BYTES, 'the saved vote');
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new SavedVoteError(`${file}: not JSON`);
  }
  const saved = record(raw);
  if (saved?.format !== SAVED_VOTE_FORMAT || saved.version !== SAVED_VOTE_VERSION)
    throw new SavedVoteError(`${file}: $.format: not a saved vote of this version of TRM Lens`);
  const result = record(saved.result);
  if (!result || !Array.isArray(result.runs) || !Array.isArray(result.candidates))
    throw new SavedVoteError(`${file}: $.result: expected a vote result with runs and candidates`);
  if (typeof saved.key !== 'string') throw new SavedVoteError(`${file}: $.key: expected a string`);
  if (typeof saved.task !== 'string') throw new SavedVoteError(`${file}: $.task: expected the task's URI`);
  const traced = saved.traced;
  if (!Array.isArray(traced) || !traced.every((p) => Number.isInteger(p) && p >= 0))
    throw new SavedVoteError(`${file}: $.traced: expected run positions`);
  return { key: saved.key, task: saved.task, result: result as unknown as VoteResult, traced: traced as number[] };
}

/** The trace of the run at `position` of the vote saved in `file`, or null when it was not saved. */
export async function readSavedRunTrace(file: string, vote: SavedVote, position: number): Promise<Trace | null> {
  if (!vote.traced.includes(position)) return null;
  return readTraceFile(path.join(path.dirname(file), runTraceName(position)));
}
