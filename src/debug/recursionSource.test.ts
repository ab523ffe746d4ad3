import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceHeader } from '../core/trace';
import { traceHeader } from '../core/trace.fixtures';
import { LINES, recursionListing } from './recursionSource';

function headerOf(family: 'trm' | 'hrm', haltRule: TraceHeader['model']['schedule']['haltRule']): TraceHeader {
  const header = traceHeader();
  const schedule = { hCycles: 2, lCycles: 3, haltMaxSteps: 16, haltRule };
  return { ...header, model: { ...header.model, family, schedule } };
}

const line = (listing: string, n: number) => listing.split('\n')[n - 1];

test("a TRM listing runs both updates through its one net, with the bundle's schedule and halting rule", () => {
  const listing = recursionListing(headerOf('trm', 'q_halt_positive'));
  assert.match(line(listing, LINES.latent), /^ {12}z = net\(z, y \+ x\) +# latent update$/);
  assert.match(line(listing, LINES.answer), /^ {8}y = net\(y, z\) +#/);
  assert.match(line(listing, LINES.halting), /q_head\(y\) +# halts where q_halt > 0, the first time$/);
  assert.match(listing, /for sup in range\(16\):.*\n {4}for cycle in range\(2\):.*\n {8}for latent in range\(3\):/);
  assert.doesNotMatch(listing, /L_level|H_level|z_H/);
});

test("an HRM listing names its two networks and states as HRM's code does, on the same lines", () => {
  const listing = recursionListing(headerOf('hrm', 'q_halt_gt_continue'));
  assert.match(line(listing, LINES.latent), /^ {12}z_L = L_level\(z_L, z_H \+ x\) +# low-level update/);
  assert.match(line(listing, LINES.answer), /^ {8}z_H = H_level\(z_H, z_L\) +# high-level update/);
  assert.match(line(listing, LINES.halting), /q_head\(z_H\) +# halts where q_halt > q_continue, the first time$/);
  assert.doesNotMatch(listing, /\bnet\(/);
  assert.equal(listing.split('\n').length, recursionListing(headerOf('trm', 'q_halt_positive')).split('\n').length);
});
