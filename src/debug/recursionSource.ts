// The recursion as a short program, so the Call Stack points at a line and the editor shows where the
// debugger stands: the debugger opens it read-only (a DAP source by reference), with this bundle's numbers.

import type { TraceHeader } from '../core/trace';

/** Line (from 1) of each frame's statement. */
export const LINES = { latent: 5, answer: 6, halting: 7 } as const;

export function recursionListing(header: TraceHeader): string {
  const { schedule, name } = header.model;
  const rule = schedule.haltRule === 'q_halt_positive' ? 'q_halt > 0' : 'q_halt > q_continue';
  const statements: [string, string][] = [
    [`for sup in range(${schedule.haltMaxSteps}):`, 'supervision step (Step Over)'],
    [`    for cycle in range(${schedule.hCycles}):`, 'H cycle (Step Into)'],
    [`        for latent in range(${schedule.lCycles}):`, 'L cycle (Step Into again)'],
    ['            z = net(z, y + x)', 'latent update'],
    ['        y = net(y, z)', 'answer update: answer = argmax(lm_head(y))'],
    ['    q_halt, q_continue = q_head(y)', `halts where ${rule}, the first time`],
  ];
  const lines = [
    `# ${name} on ${header.task.id}, test ${header.task.testIndex + 1}: the recursion TRM Lens steps through.`,
  ];
  for (const [code, comment] of statements) lines.push(`${code.padEnd(40)}# ${comment}`);
  lines.push('');
  return lines.join('\n');
}
