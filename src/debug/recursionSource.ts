// The recursion as a short program, so the Call Stack points at a line and the editor shows where the
// debugger stands: the debugger opens it read-only (a DAP source by reference), with this bundle's numbers.
// TRM and HRM get their own listing (HRM names its two networks and states as its code does), with the
// statements on the same lines, so LINES holds for both.

import type { TraceHeader } from '../core/trace';

/** Line (from 1) of each frame's statement. */
export const LINES = { latent: 5, answer: 6, halting: 7 } as const;

type Statement = readonly [code: string, comment: string];

/** The latent and answer updates as each family's code writes them. */
const UPDATES: Readonly<Record<'trm' | 'hrm', { latent: Statement; answer: Statement }>> = {
  trm: {
    latent: ['            z = net(z, y + x)', 'latent update'],
    answer: ['        y = net(y, z)', 'answer update: answer = argmax(lm_head(y))'],
  },
  hrm: {
    latent: ['            z_L = L_level(z_L, z_H + x)', 'low-level update (the Variables call z_L z)'],
    answer: ['        z_H = H_level(z_H, z_L)', 'high-level update (y): answer = argmax(lm_head(z_H))'],
  },
};

export function recursionListing(header: TraceHeader): string {
  const { schedule, name, family } = header.model;
  const updates = UPDATES[family === 'hrm' ? 'hrm' : 'trm'];
  const answerState = family === 'hrm' ? 'z_H' : 'y';
  const rule = schedule.haltRule === 'q_halt_positive' ? 'q_halt > 0' : 'q_halt > q_continue';
  const statements: Statement[] = [
    [`for sup in range(${schedule.haltMaxSteps}):`, 'supervision step (Step Over)'],
    [`    for cycle in range(${schedule.hCycles}):`, 'H cycle (Step Into)'],
    [`        for latent in range(${schedule.lCycles}):`, 'L cycle (Step Into again)'],
    updates.latent,
    updates.answer,
    [`    q_halt, q_continue = q_head(${answerState})`, `halts where ${rule}, the first time`],
  ];
  const lines = [
    `# ${name} on ${header.task.id}, test ${header.task.testIndex + 1}: the recursion TRM Lens steps through.`,
  ];
  for (const [code, comment] of statements) lines.push(`${code.padEnd(40)}# ${comment}`);
  lines.push('');
  return lines.join('\n');
}
