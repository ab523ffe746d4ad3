// Writes a task as `.arc.json` text the way ARC files are usually read by people: one grid row per
// line. Used for tasks taken out of a Kaggle combined file, whose members have no file of their own.
// Pure (no `vscode` import), so that "parse what we wrote gives back the task" is a unit test.

import type { ArcPair, ArcTask, Grid } from '../../core/arcTask';

function gridText(grid: Grid, indent: string): string {
  const rows = grid.map((row) => `${indent}  [${row.join(', ')}]`);
  return `[\n${rows.join(',\n')}\n${indent}]`;
}

function pairText(pair: ArcPair, indent: string): string {
  const inner = `${indent}  `;
  const members = [`${inner}"input": ${gridText(pair.input, inner)}`];
  if (pair.output) members.push(`${inner}"output": ${gridText(pair.output, inner)}`);
  return `${indent}{\n${members.join(',\n')}\n${indent}}`;
}

function pairsText(pairs: readonly ArcPair[]): string {
  if (pairs.length === 0) return '[]';
  return `[\n${pairs.map((pair) => pairText(pair, '    ')).join(',\n')}\n  ]`;
}

export function formatTaskJson(task: ArcTask): string {
  return `{\n  "train": ${pairsText(task.train)},\n  "test": ${pairsText(task.test)}\n}\n`;
}

/** The task id a file name stands for: `007bbfb7.arc.json` -> `007bbfb7`. */
export function taskIdFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.arc\.json$/i, '').replace(/\.json$/i, '');
}
