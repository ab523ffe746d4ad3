import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { exportJson } from '../../core/trace';
import { KEEP_SAVED_VOTES, readSavedRunTrace, readSavedVote, saveVote, SavedVoteError } from './savedVote';
import { finishedVote, output } from './vote.fixtures';
import { voteResult } from './voteResult';

const storage = () => fs.mkdtempSync(path.join(os.tmpdir(), 'trm-lens-votes-'));

test('a saved vote reads back as the panel showed it, each run with its trace', async () => {
  const finished = await finishedVote(output);
  const task = 'file:///taskA.arc.json';
  const vote = { key: `vote ${task}#0@model`, task, result: voteResult(finished), runs: finished.runs };
  const file = await saveVote(storage(), 'taskA', vote);
  const saved = await readSavedVote(file);
  assert.equal(saved.key, vote.key);
  assert.equal(saved.task, task);
  assert.deepEqual(saved.result, vote.result);
  assert.deepEqual(saved.traced, [0, 1]);
  for (const run of finished.runs) {
    const trace = await readSavedRunTrace(file, saved, run.position);
    assert.equal(trace && exportJson(trace), exportJson(run.trace));
  }
  assert.equal(await readSavedRunTrace(file, saved, 2), null, 'the skipped row has no trace');
});

test('traces past the byte budget are not written, and their runs say so by having none', async () => {
  const finished = await finishedVote(output);
  const first = Buffer.byteLength(exportJson(finished.runs[0]!.trace));
  const vote = { key: 'k', task: 't', result: voteResult(finished), runs: finished.runs };
  const file = await saveVote(storage(), 'taskA', vote, first);
  const saved = await readSavedVote(file);
  assert.deepEqual(saved.traced, [0]);
  assert.equal(await readSavedRunTrace(file, saved, 1), null);
  assert.deepEqual(fs.readdirSync(path.dirname(file)).sort(), ['run-0.trace.json', 'vote.json']);
});

test('only the newest saved votes are kept', async () => {
  const finished = await finishedVote(null);
  const vote = { key: 'k', task: 't', result: voteResult(finished), runs: [] };
  const folder = storage();
  const files: string[] = [];
  for (let i = 0; i <= KEEP_SAVED_VOTES; i++) {
    files.push(await saveVote(folder, 'taskA', vote));
    await new Promise((resolve) => setTimeout(resolve, 2)); // one timestamp each
  }
  assert.equal(fs.readdirSync(folder).length, KEEP_SAVED_VOTES);
  assert.ok(!fs.existsSync(files[0]!), 'the oldest went');
  assert.ok(fs.existsSync(files.at(-1)!), 'the newest stayed');
});

test('a saved vote that is not one names the file and the JSON path at fault', async () => {
  const folder = storage();
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(folder, name), text);
    return path.join(folder, name);
  };
  const result = { runs: [], candidates: [] };
  const cases: [string, RegExp][] = [
    ['{', /: not JSON$/],
    ['{"format":"trm-lens-trace","version":1}', /\$\.format: not a saved vote/],
    ['{"format":"trm-lens-saved-vote","version":1,"key":"k","result":{"runs":[]},"traced":[]}', /\$\.result:/],
    ['{"format":"trm-lens-saved-vote","version":1,"key":"k","result":{"runs":[],"candidates":[]}}', /\$\.task:/],
    [
      JSON.stringify({ format: 'trm-lens-saved-vote', version: 1, key: 'k', task: 't', result, traced: [-1] }),
      /\$\.traced:/,
    ],
  ];
  for (const [i, [text, message]] of cases.entries()) {
    const file = write(`v${i}.json`, text);
    await assert.rejects(readSavedVote(file), (e: Error) => {
      assert.ok(e instanceof SavedVoteError && e.message.startsWith(file), e.message);
      assert.match(e.message, message);
      return true;
    });
  }
});
