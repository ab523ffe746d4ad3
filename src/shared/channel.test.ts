import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Channel, ChannelClosedError } from './channel';
import { parsePanelMessage, type HostToPanel, type NotifyLane, type PanelLane, type StepDetail } from './protocol';
import { tagNonFinite, untagNonFinite } from './wireNumbers';

type HostLane = NotifyLane<HostToPanel>;

const detail = (index: number): StepDetail => ({
  index,
  answer: { height: 1, width: 1, cells: [index] },
  confidence: [1],
  yNormCells: [0],
  zNormCells: [0],
  motionCells: null,
  entropyCells: null,
  latentAnswer: null,
  changeCounts: [0],
});

/** Both ends of the trace panel's channel; messages wait in `wire` until `deliver` (as postMessage does). */
function pair() {
  const wire: (() => void)[] = [];
  const dropped = { host: [] as string[], page: [] as string[] };
  // Through JSON, as a webview message is structured-cloned: neither end gets the other's objects.
  const carry = (to: () => { handle(raw: unknown): void }) => (message: unknown) => {
    const copy = JSON.parse(JSON.stringify(message)) as unknown;
    wire.push(() => to().handle(copy));
  };
  const host: Channel<HostLane, PanelLane> = new Channel({
    post: carry(() => page),
    parse: parsePanelMessage,
    onDropped: (reason) => dropped.host.push(reason),
  });
  const page: Channel<PanelLane, HostLane> = new Channel({
    post: carry(() => host),
    parse: (raw) => raw as HostToPanel,
    onDropped: (reason) => dropped.page.push(reason),
  });
  const deliver = async () => {
    while (wire.length > 0) {
      wire.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { host, page, wire, dropped, deliver };
}

test('a request is answered by the reply with its id', async () => {
  const { host, page, deliver } = pair();
  host.onRequest({ 'panel/details': ({ from, count }) => Array.from({ length: count }, (_, i) => detail(from + i)) });
  const details = page.request({ type: 'panel/details', from: 4, count: 2 });
  await deliver();
  assert.deepEqual(await details, [detail(4), detail(5)]);
});

test('replies that come back out of order settle the request each answers', async () => {
  const { host, page, deliver } = pair();
  const answers: ((details: StepDetail[]) => void)[] = [];
  host.onRequest({ 'panel/details': () => new Promise<StepDetail[]>((resolve) => answers.push(resolve)) });
  const first = page.request({ type: 'panel/details', from: 0, count: 1 });
  const second = page.request({ type: 'panel/details', from: 1, count: 1 });
  await deliver();
  assert.equal(answers.length, 2);
  answers[1]([detail(1)]);
  await deliver();
  answers[0]([detail(0)]);
  await deliver();
  assert.deepEqual(await first, [detail(0)]);
  assert.deepEqual(await second, [detail(1)]);
});

test('a reply to no pending request is dropped and reported', async () => {
  const { host, page, dropped, deliver } = pair();
  host.onRequest({ 'panel/details': () => [detail(0)] });
  const waiting = page.request({ type: 'panel/details', from: 0, count: 1 });
  page.handle({ type: 'channel/reply', id: 99, result: [detail(7)] });
  assert.deepEqual(dropped.page, ['a reply to request 99, which nothing waits for']);
  await deliver();
  assert.deepEqual(await waiting, [detail(0)], 'the request still gets its own reply');
  page.handle({ type: 'channel/reply', id: 1, result: [detail(7)] });
  assert.equal(dropped.page.length, 2, 'an id is answered once');
});

test('a message from the webview that does not parse reaches no handler and is reported', () => {
  const { host, dropped } = pair();
  const seen: unknown[] = [];
  host.onNotification((message) => seen.push(message));
  host.onRequest({ 'panel/details': (request) => (seen.push(request), []) });
  host.handle({ type: 'panel/moved', index: -1 });
  host.handle({ type: 'channel/request', id: 1, request: { type: 'panel/details', from: 0, count: 100000 } });
  host.handle({ type: 'panel/ready' });
  assert.deepEqual(seen, [{ type: 'panel/ready' }]);
  assert.equal(dropped.host.length, 2);
  assert.match(dropped.host[0], /^a malformed message: panel\/moved: index must be a whole number/);
  assert.match(dropped.host[1], /^a malformed message: panel\/details: .*count 1\.\.256/);
});

test('notifications reach the handler of the other end by type, in order', async () => {
  const { host, page, deliver } = pair();
  const seen: string[] = [];
  page.onNotification((message) => seen.push(message.type));
  host.notify({ type: 'panel/solving', label: 'Solving' });
  host.notify({ type: 'panel/follow', index: 3 });
  await deliver();
  assert.deepEqual(seen, ['panel/solving', 'panel/follow']);
});

test('a handler that fails answers with its error, and the request rejects with it', async () => {
  const { host, page, dropped, deliver } = pair();
  host.onRequest({
    'panel/details': () => {
      throw new Error('no trace');
    },
  });
  const details = page.request({ type: 'panel/details', from: 0, count: 1 });
  const rejected = assert.rejects(
    details,
    (error: unknown) => error instanceof Error && error.message === 'panel/details: no trace',
  );
  await deliver();
  await rejected;
  assert.deepEqual(dropped.host, ['request panel/details failed: no trace']);
});

test('a request nothing handles is answered with an error rather than left waiting', async () => {
  const { page, deliver } = pair();
  const details = page.request({ type: 'panel/details', from: 0, count: 1 });
  const rejected = assert.rejects(
    details,
    (error: unknown) => error instanceof Error && error.message === 'panel/details: nothing handles it',
  );
  await deliver();
  await rejected;
});

test('disposing rejects the requests still waiting, and the channel then sends and takes nothing', async () => {
  const { host, page, wire, deliver } = pair();
  host.onRequest({ 'panel/details': () => [detail(0)] });
  const waiting = page.request({ type: 'panel/details', from: 0, count: 1 });
  page.dispose();
  await assert.rejects(
    waiting,
    (error: unknown) => error instanceof ChannelClosedError && /panel\/details/.test(error.message),
  );
  await deliver(); // the host answers; the reply finds the page closed
  await assert.rejects(page.request({ type: 'panel/details', from: 0, count: 1 }), ChannelClosedError);
  page.notify({ type: 'panel/ready' });
  assert.equal(wire.length, 0, 'nothing posted after dispose');
});

test(
  'NaN and infinities in a reply and in a notification arrive as numbers ' + 'when the ends tag and untag them',
  async () => {
    const wire: unknown[] = [];
    const json = (message: unknown) => JSON.parse(JSON.stringify(message)) as unknown;
    const host: Channel<HostLane, PanelLane> = new Channel({
      post: (message) => wire.push(json(tagNonFinite(message))),
      parse: parsePanelMessage,
    });
    const page: Channel<PanelLane, HostLane> = new Channel({
      post: (message) => host.handle(json(message)),
      parse: (raw) => untagNonFinite(raw) as HostToPanel,
    });
    const diverged: StepDetail = { ...detail(0), confidence: [NaN], yNormCells: [Infinity], zNormCells: [-Infinity] };
    host.onRequest({ 'panel/details': () => [diverged] });
    const details = page.request({ type: 'panel/details', from: 0, count: 1 });
    host.notify({ type: 'panel/follow', index: NaN });
    const seen: HostToPanel[] = [];
    page.onNotification((message) => seen.push(message));
    for (const message of wire) page.handle(message);
    assert.deepEqual(await details, [diverged]);
    assert.deepEqual(seen, [{ type: 'panel/follow', index: NaN }]);
  },
);
