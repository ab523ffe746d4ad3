// The trm debug adapter's protocol exchanges, driven by the DAP test client over a socket against the
// adapter run in this process, on the bundled model and real example puzzles. Expected values come from
// the engine run separately, so a wrong translation cannot agree with itself.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { loadTask } from '../cli/taskFile';
import { openBundle, type Bundle } from '../core/bundle';
import { brokenBundle, editManifest } from '../core/badBundle.fixtures';
import { formatValue } from '../core/watchExpression';
import { startTaskSolve } from '../core/taskSolve';
import { voteTask } from '../core/taskVote';
import type { Step } from '../core/step';
import { inProcessModel } from './inProcessModel';
import { TrmDebugSession, type TrmLaunchArguments } from './trmDebugSession';

const root = path.resolve(__dirname, '../../..');
const modelDir = path.join(root, 'models', 'sudoku6-tiny');
const example = path.join(root, 'examples', 'sudoku6', 'sudoku6-002.arc.json');

let bundle: Bundle;
let server: net.Server;
let port: number;
/** The same solve, run by the engine directly: what the debugger must show. */
let expected: readonly Step[];

before(async () => {
  bundle = await openBundle(modelDir, { provider: 'cpu' });
  const solve = startTaskSolve(bundle, await loadTask(example), { testIndex: 0 });
  for await (const _ of solve.steps);
  expected = solve.trace.steps;
  const env = {
    loadTask: async (args: TrmLaunchArguments) => loadTask(args.task, args.taskId),
    // The bundled model, opened once; another (a vote's test bundle) for the launch that names it.
    openModel: async (dir: string) =>
      inProcessModel(dir === modelDir ? bundle : await openBundle(dir, { provider: 'cpu' })),
  };
  server = net.createServer((socket) => {
    const session = new TrmDebugSession(env);
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

after(async () => {
  server.close();
  await bundle.release();
});

async function client(): Promise<DebugClient> {
  const dc = new DebugClient('node', 'in-process', 'trm');
  dc.defaultTimeout = 20000;
  await dc.start(port);
  return dc;
}

/** Launches, sets function breakpoints, and waits for the first stop. */
async function launch(
  dc: DebugClient,
  args: Partial<TrmLaunchArguments> = {},
  breakpoints: DebugProtocol.FunctionBreakpoint[] = [],
): Promise<DebugProtocol.StoppedEvent> {
  const initialized = dc.waitForEvent('initialized');
  await dc.initializeRequest({ adapterID: 'trm', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await Promise.all([
    dc.launchRequest({ task: example, model: modelDir, provider: 'cpu', ...args } as TrmLaunchArguments),
    (async () => {
      await initialized;
      await dc.setFunctionBreakpointsRequest({ breakpoints });
      await dc.configurationDoneRequest();
    })(),
  ]);
  return stopped;
}

async function evaluate(dc: DebugClient, expression: string, threadId = 1): Promise<string> {
  const frames = await dc.stackTraceRequest({ threadId });
  return (await dc.evaluateRequest({ expression, frameId: frames.body.stackFrames[0].id, context: 'watch' })).body
    .result;
}

/** Index of the update the thread stands at, read through the protocol (`step` counts from 1). */
async function position(dc: DebugClient): Promise<number> {
  return Number(await evaluate(dc, 'step')) - 1;
}

async function frameNames(dc: DebugClient): Promise<string[]> {
  return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames.map((f) => f.name);
}

async function act(dc: DebugClient, request: Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await request;
  return stopped;
}

test(
  'launch stops on entry at the first update, ' + 'with one thread per test input and the supervision frame',
  async () => {
    const dc = await client();
    try {
      const stop = await launch(dc);
      assert.equal(stop.body.reason, 'entry');
      assert.equal(stop.body.threadId, 1);
      const threads = await dc.threadsRequest();
      assert.deepEqual(
        threads.body.threads.map((t) => t.name),
        ['test 1 (6×6)'],
      );
      assert.deepEqual(await frameNames(dc), ['supervision step 1 of 16']);
      assert.equal(await position(dc), 0);
      const [top] = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
      const listing = (
        await dc.sourceRequest({ sourceReference: top.source!.sourceReference!, source: top.source })
      ).body.content.split('\n');
      assert.match(listing[1], /^for sup in range\(16\):/);
      assert.match(listing[top.line - 1], /z = net\(z, y \+ x\)/, 'the first update is a latent update');
      await act(dc, dc.nextRequest({ threadId: 1 }));
      const [end] = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
      assert.match(listing[end.line - 1], /q_head\(y\)/, 'a supervision step ends at the halting decision');
    } finally {
      await dc.stop();
    }
  },
);

test(
  'Step Over, Step Into, Step Out and Step Back move by supervision step, cycle and update, ' +
    'as the Call Stack shows',
  async () => {
    const dc = await client();
    try {
      await launch(dc);
      // The default model: 1 cycle of 2 latent updates and 1 answer update per supervision step.
      await act(dc, dc.nextRequest({ threadId: 1 }));
      assert.equal(await position(dc), 2);
      assert.equal(expected[2].kind, 'answer');
      await act(dc, dc.nextRequest({ threadId: 1 }));
      assert.equal(await position(dc), 5);
      await act(dc, dc.stepInRequest({ threadId: 1 }));
      assert.equal(await position(dc), 8, 'into a cycle: the end of the next cycle');
      assert.deepEqual(await frameNames(dc), ['cycle 1 of 1', 'supervision step 3 of 16']);
      await act(dc, dc.stepInRequest({ threadId: 1 }));
      assert.equal(await position(dc), 9, 'into an update: the next latent update');
      assert.deepEqual(await frameNames(dc), [
        'latent update 1 of 2: z = net(z, y + x)',
        'cycle 1 of 1',
        'supervision step 4 of 16',
      ]);
      await act(dc, dc.stepInRequest({ threadId: 1 }));
      assert.equal(await position(dc), 10);
      await act(dc, dc.stepBackRequest({ threadId: 1 }));
      assert.equal(await position(dc), 9, 'back one update at the update level');
      await act(dc, dc.stepOutRequest({ threadId: 1 }));
      assert.equal(await position(dc), 11, 'out to the end of the cycle');
      assert.deepEqual(await frameNames(dc), ['cycle 1 of 1', 'supervision step 4 of 16']);
      await act(dc, dc.stepBackRequest({ threadId: 1 }));
      assert.equal(await position(dc), 8, 'back one cycle');
      const start = await act(dc, dc.reverseContinueRequest({ threadId: 1 }));
      assert.equal(start.body.reason, 'start');
      assert.equal(await position(dc), 0);
    } finally {
      await dc.stop();
    }
  },
);

test('Continue runs to the halting step, then to the end of the recursion', async () => {
  const dc = await client();
  try {
    await launch(dc);
    const haltAt = expected.findIndex((s) => s.halts);
    assert.ok(haltAt > 0, 'this puzzle halts');
    const halt = await act(dc, dc.continueRequest({ threadId: 1 }));
    assert.match(halt.body.description ?? '', /halting step/);
    assert.equal(await position(dc), haltAt);
    assert.match((await frameNames(dc))[0], /\(halts\)$/);
    const end = await act(dc, dc.continueRequest({ threadId: 1 }));
    assert.equal(end.body.reason, 'end');
    assert.equal(await position(dc), expected.length - 1);
  } finally {
    await dc.stop();
  }
});

test('Variables show the step as the engine recorded it: halting head, answer rows, y and z summaries', async () => {
  const dc = await client();
  try {
    await launch(dc);
    await act(dc, dc.nextRequest({ threadId: 1 }));
    await act(dc, dc.nextRequest({ threadId: 1 }));
    const step = expected[5];
    const frames = await dc.stackTraceRequest({ threadId: 1 });
    const scopes = await dc.scopesRequest({ frameId: frames.body.stackFrames[0].id });
    assert.deepEqual(
      scopes.body.scopes.map((s) => s.name),
      ['Step 6', 'Run'],
    );
    const vars = (await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference })).body
      .variables;
    const byName = new Map(vars.map((v) => [v.name, v]));
    assert.equal(byName.get('position')?.value, 'supervision step 2 of 16 › cycle 1 of 1 › answer update');
    assert.equal(Number(byName.get('q_halt')?.value), Number(step.qHalt.toPrecision(6)));
    assert.equal(byName.get('halts')?.value, String(step.halts));
    assert.equal(byName.get('exact')?.value, String(step.exact));
    const rows = (await dc.variablesRequest({ variablesReference: byName.get('answer')!.variablesReference })).body
      .variables;
    assert.deepEqual(
      rows.map((r) => r.value.trim().split(/\s+/).map(Number)),
      step.answer,
    );
    const y = (await dc.variablesRequest({ variablesReference: byName.get('y')!.variablesReference })).body.variables;
    const yStats = new Map(y.map((v) => [v.name, v]));
    assert.ok(
      Math.abs(Number(yStats.get('rms')!.value) - step.yNorm) < 1e-4 * step.yNorm,
      'replayed y has the recorded RMS',
    );
    assert.ok(
      Number(yStats.get('min')!.value) <= Number(yStats.get('mean')!.value) &&
        Number(yStats.get('mean')!.value) <= Number(yStats.get('max')!.value),
    );
    const perPosition = yStats.get('rms per position')!;
    assert.equal(perPosition.indexedVariables, step.yNormPerPos.length);
    const page = (
      await dc.variablesRequest({
        variablesReference: perPosition.variablesReference,
        filter: 'indexed',
        start: 3,
        count: 2,
      })
    ).body.variables;
    assert.deepEqual(
      page.map((v) => Number(v.value)),
      step.yNormPerPos.slice(3, 5).map((v) => Number(v.toPrecision(6))),
    );
    assert.match(
      page[0].name,
      /^\[3\] \(0, 2\)$/,
      'position 3 is grid cell (0, 2) after one puzzle-embedding position',
    );
  } finally {
    await dc.stop();
  }
});

test('Watch expressions evaluate over the current step and report mistakes', async () => {
  const dc = await client();
  try {
    await launch(dc);
    await act(dc, dc.nextRequest({ threadId: 1 }));
    const step = expected[2];
    assert.equal(await evaluate(dc, 'q_halt > 0.5'), String(step.qHalt > 0.5));
    assert.equal(await evaluate(dc, 'changed'), String(step.changed.length));
    assert.equal(await evaluate(dc, 'cell(3, 4)'), String(step.answer[3][4]));
    const frames = await dc.stackTraceRequest({ threadId: 1 });
    await assert.rejects(
      dc.evaluateRequest({ expression: 'qhalt > 0', frameId: frames.body.stackFrames[0].id, context: 'watch' }),
      /unknown name "qhalt"/,
    );
  } finally {
    await dc.stop();
  }
});

test('function breakpoints: named events, conditions, hit counts, and a clear refusal of a bad one', async () => {
  const dc = await client();
  try {
    const changedFrom2 = expected.findIndex((s) => s.changed.length > 0 && s.supStep >= 1);
    assert.ok(changedFrom2 > 0, 'some cell changes after the first supervision step');
    const stop = await launch(dc, {}, [{ name: 'answer_changed', condition: 'sup >= 2' }]);
    assert.equal(stop.body.reason, 'entry');
    const hit = await act(dc, dc.continueRequest({ threadId: 1 }));
    assert.equal(hit.body.reason, 'function breakpoint');
    assert.equal(await position(dc), changedFrom2);

    const set = await dc.setFunctionBreakpointsRequest({
      breakpoints: [
        { name: 'answer_update', hitCondition: '3' },
        { name: 'qhalt > 0' },
        { name: 'halt', hitCondition: 'x' },
      ],
    });
    assert.deepEqual(
      set.body.breakpoints.map((b) => b.verified),
      [true, false, false],
    );
    assert.match(set.body.breakpoints[1].message ?? '', /unknown name "qhalt"/);
    assert.match(set.body.breakpoints[2].message ?? '', /hit condition "x"/);
    await act(dc, dc.reverseContinueRequest({ threadId: 1 }));
    assert.equal(await position(dc), 0);
    const halt = await act(dc, dc.continueRequest({ threadId: 1 }));
    assert.match(
      halt.body.description ?? '',
      /halting step/,
      'the second answer update halts; its hit count (2) does not match',
    );
    const third = await act(dc, dc.continueRequest({ threadId: 1 }));
    assert.match(third.body.description ?? '', /answer_update \(hit 3\)/);
    assert.equal(await position(dc), 8, 'the third answer update');
  } finally {
    await dc.stop();
  }
});

test('Pause stops a run on the way, short of where Continue was going', async () => {
  const dc = await client();
  try {
    await launch(dc);
    const haltAt = expected.findIndex((s) => s.halts);
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    // Sent together: the adapter reads the pause while the engine computes the first update of the run.
    const continued = dc.continueRequest({ threadId: 1 });
    await dc.pauseRequest({ threadId: 1 });
    await continued;
    const stop = await stopped;
    assert.equal(stop.body.reason, 'pause');
    const at = await position(dc);
    assert.ok(at >= 0 && at < haltAt, `paused at ${at}, before the halting step ${haltAt}`);
  } finally {
    await dc.stop();
  }
});

test('Restart runs the recursion again from the first update', async () => {
  const dc = await client();
  try {
    await launch(dc);
    await act(dc, dc.continueRequest({ threadId: 1 }));
    const entry = await act(dc, dc.restartRequest({}));
    assert.equal(entry.body.reason, 'entry');
    assert.equal(await position(dc), 0);
    assert.equal(await evaluate(dc, 'cell(0, 0)'), String(expected[0].answer[0][0]));
  } finally {
    await dc.stop();
  }
});

test('a task with two test inputs gets two threads that step independently', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-debug-'));
  const task = JSON.parse(fs.readFileSync(example, 'utf8'));
  const other = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'sudoku6', 'sudoku6-003.arc.json'), 'utf8'));
  const file = path.join(dir, 'two.arc.json');
  fs.writeFileSync(file, JSON.stringify({ ...task, test: [...task.test, ...other.test] }));
  const dc = await client();
  try {
    const entries: DebugProtocol.StoppedEvent[] = [];
    const both = new Promise<void>((resolve) =>
      dc.on('stopped', (e: DebugProtocol.StoppedEvent) => entries.push(e) === 2 && resolve()),
    );
    await launch(dc, { task: file });
    await both;
    assert.deepEqual(entries.map((e) => e.body.threadId).sort(), [1, 2]);
    assert.equal((await dc.threadsRequest()).body.threads.length, 2);
    await act(dc, dc.nextRequest({ threadId: 2 }));
    assert.equal(await evaluate(dc, 'step', 2), '3');
    assert.equal(await evaluate(dc, 'step', 1), '1', 'thread 1 did not move');
  } finally {
    await dc.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a launch that cannot start says which file or setting is wrong', async () => {
  const dc = await client();
  try {
    await dc.initializeRequest({ adapterID: 'trm', pathFormat: 'path' });
    await assert.rejects(
      dc.launchRequest({ task: '/nonexistent/p.arc.json', model: modelDir } as TrmLaunchArguments),
      /\/nonexistent\/p\.arc\.json: cannot read the task file: no such file/,
    );
    await assert.rejects(
      dc.launchRequest({ task: example, model: modelDir, testIndex: 4 } as TrmLaunchArguments),
      /"testIndex" 4 is out of range; the task has 1 test input/,
    );
    const arc = path.join(root, 'examples', 'arc', '007bbfb7.arc.json');
    await assert.rejects(
      dc.launchRequest({ task: arc, model: modelDir } as TrmLaunchArguments),
      /\$\.test\[0\]\.input/,
      'a 3x3 ARC grid does not fit the 6x6 Sudoku model: the launch says where',
    );
  } finally {
    await dc.stop();
  }
});

test('quick stepping: a request for a stop the thread has left is answered for that stop, not an error', async () => {
  const dc = await client();
  try {
    await launch(dc);
    // Stop 1 as VS Code sees it: its frame and scopes, whose variables it fetches late.
    const [first] = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    const [firstStep] = (await dc.scopesRequest({ frameId: first.id })).body.scopes;
    await act(dc, dc.nextRequest({ threadId: 1 }));
    assert.equal(await position(dc), 2, 'the thread moved on to the end of the first supervision step');
    // The late requests for stop 1 still read update 0, as recorded.
    const late = (await dc.scopesRequest({ frameId: first.id })).body.scopes;
    assert.equal(late[0].name, 'Step 1');
    const variables = (await dc.variablesRequest({ variablesReference: firstStep.variablesReference })).body.variables;
    const q = variables.find((v) => v.name === 'q_halt');
    assert.equal(Number(q?.value), Number(expected[0].qHalt.toPrecision(6)));
    assert.notEqual(expected[0].qHalt, expected[2].qHalt, 'the two stops differ, so the answer tells them apart');
    assert.equal(
      (await dc.evaluateRequest({ expression: 'step', frameId: first.id, context: 'watch' })).body.result,
      '1',
    );
    // Stops long gone: answered with nothing, quietly.
    await act(dc, dc.nextRequest({ threadId: 1 }));
    await act(dc, dc.nextRequest({ threadId: 1 }));
    assert.deepEqual((await dc.scopesRequest({ frameId: first.id })).body.scopes, []);
    assert.deepEqual(
      (await dc.variablesRequest({ variablesReference: firstStep.variablesReference })).body.variables,
      [],
    );
  } finally {
    await dc.stop();
  }
});

test('a task the model has no identifier for asks the host; a launch stating blankId is not asked', async () => {
  const arcModel = path.join(root, 'test', 'fixtures', 'tiny-arc', 'bundle');
  const arcBundle = await openBundle(arcModel, { provider: 'cpu' });
  const asked: string[] = [];
  let answer = false;
  const arcServer = net.createServer((socket) => {
    const session = new TrmDebugSession({
      loadTask: async (args: TrmLaunchArguments) => loadTask(args.task, args.taskId),
      openModel: async () => inProcessModel(arcBundle),
      allowBlankId: async (unknown, dir) => {
        asked.push(`${unknown.taskId} on ${unknown.modelName} in ${dir}`);
        return answer;
      },
    });
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => arcServer.listen(0, '127.0.0.1', resolve));
  const arcPort = (arcServer.address() as net.AddressInfo).port;
  const task = path.join(root, 'examples', 'arc', '0d3d703e.arc.json');
  const start = async (args: Partial<TrmLaunchArguments>) => {
    const dc = new DebugClient('node', 'in-process', 'trm');
    dc.defaultTimeout = 20000;
    await dc.start(arcPort);
    await dc.initializeRequest({ adapterID: 'trm', pathFormat: 'path' });
    return { dc, launched: dc.launchRequest({ task, model: arcModel, ...args } as TrmLaunchArguments) };
  };
  try {
    const declined = await start({});
    await assert.rejects(declined.launched, /task "0d3d703e" is not among the puzzle identifiers/);
    await declined.dc.stop();
    assert.deepEqual(asked, [`0d3d703e on ${arcBundle.manifest.name} in ${arcModel}`]);

    answer = true;
    const accepted = await start({});
    await accepted.launched;
    await accepted.dc.configurationDoneRequest();
    await accepted.dc.waitForEvent('stopped');
    assert.equal((await accepted.dc.evaluateRequest({ expression: 'step', context: 'watch' })).body.result, '1');
    await accepted.dc.stop();
    assert.equal(asked.length, 2);

    const stated = await start({ blankId: true });
    await stated.launched;
    await stated.dc.stop();
    const refused = await start({ blankId: false });
    await assert.rejects(refused.launched, /not among the puzzle identifiers/);
    await refused.dc.stop();
    assert.equal(asked.length, 2, 'a launch that states blankId is not asked about');
  } finally {
    arcServer.close();
    await arcBundle.release();
  }
});

test("a launch naming one of the task's identifiers debugs that augmentation, as a vote runs it", async (t) => {
  const names = ['taskA', 'taskA|||t1|||0213456789'];
  const copy = brokenBundle('tiny-arc', (dir) => editManifest(dir, (m) => (m.identifiers.names = names)));
  const pair = { input: [[2], [9], [2]], output: [[1], [9], [1]] };
  const file = path.join(copy.dir, 'taskA.arc.json');
  fs.writeFileSync(file, JSON.stringify({ train: [pair], test: [pair] }));
  const voting = await openBundle(copy.dir, { provider: 'cpu' });
  const dc = await client();
  t.after(async () => {
    await dc.stop();
    await voting.release();
    copy.remove();
  });
  const vote = await voteTask(voting, { id: 'taskA', train: [pair], test: [pair] }, { testIndex: 0 });
  const run = vote.runs.find((r) => r.identifier.name === names[1])!;
  await launch(dc, { task: file, model: copy.dir, testIndex: 0, identifier: names[1] });
  const threads = (await dc.threadsRequest()).body.threads;
  assert.deepEqual(
    threads.map((th) => th.name),
    ['test 1 as taskA|||t1|||0213456789 (1×3)'],
    'one thread, on the input rotated as the identifier names',
  );
  const plain = vote.runs.find((r) => r.identifier.name === names[0])!;
  const dz = (steps: readonly Step[]) => formatValue(steps[0].motion!.residual);
  assert.notEqual(dz(plain.trace.steps), dz(run.trace.steps), 'the augmented input moves z differently');
  assert.equal(await evaluate(dc, 'dz'), dz(run.trace.steps));
  await assert.rejects(
    (async () => {
      const other = await client();
      try {
        await other.initializeRequest({ adapterID: 'trm', pathFormat: 'path' });
        await other.launchRequest({
          task: file,
          model: copy.dir,
          testIndex: 0,
          identifier: 'taskB',
        } as TrmLaunchArguments);
      } finally {
        await other.stop();
      }
    })(),
    /model tiny-arc has no puzzle identifier "taskB" of task taskA/,
  );
});
