import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PageLoads } from './pageLoads';

test("a trace shown while a visible page boots is posted at once, and that page's ready does not load it again", () => {
  const loads = new PageLoads();
  assert.equal(loads.mayAppend, false);
  assert.equal(loads.show(true), true);
  assert.equal(loads.mayAppend, true, 'appends queue behind the early load');
  assert.equal(loads.ready(true), 'sent');
  assert.equal(loads.show(true), true, 'Solve again on a ready page');
});

test('a hidden booting page waits for its ready, and gets no appends before the load', () => {
  const loads = new PageLoads();
  assert.equal(loads.show(false), false);
  assert.equal(loads.mayAppend, false);
  assert.equal(loads.ready(true), 'load');
  assert.equal(loads.mayAppend, true);
});

test('a page that says ready again (reloaded, or its early load was dropped) gets the trace again', () => {
  const loads = new PageLoads();
  loads.show(true);
  loads.ready(true);
  assert.equal(loads.ready(true), 'load');
});

test('a page ready before any trace gets the first trace when it is shown', () => {
  const loads = new PageLoads();
  assert.equal(loads.ready(false), 'nothing');
  assert.equal(loads.mayAppend, false);
  assert.equal(loads.show(false), true, 'a ready page listens, visible or not');
  assert.equal(loads.mayAppend, true);
});
