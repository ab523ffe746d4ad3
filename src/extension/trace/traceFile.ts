// Reading a `*.trace.json` the user opened, or one Solve saved for restoring its panel, into a feed.

import * as vscode from 'vscode';
import { checkTraceSize, importTrace } from '../../core/trace';
import { readTraceFile as readLocalTrace } from '../../core/traceFile';
import { feedOf, type TraceFeed } from './traceFeed';

/** Reads a trace file, or throws naming the file and what is wrong with it. */
export type TraceReader = (uri: vscode.Uri) => Promise<TraceFeed>;

export const readTraceFile: TraceReader = async (uri) => feedOf(await traceAt(uri));

async function traceAt(uri: vscode.Uri) {
  // A local file is read bounded (a FIFO or /dev/zero named *.trace.json must not hang the host); other
  // schemes have only VS Code's file system to go through.
  if (uri.scheme === 'file') return readLocalTrace(uri.fsPath);
  checkTraceSize((await vscode.workspace.fs.stat(uri)).size, uri.toString());
  return importTrace(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'), uri.toString());
}
