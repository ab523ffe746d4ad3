// The one place the trace panel meets the recursion engine: reading a `*.trace.json` into the
// panel's view of a trace, and starting a solve whose steps stream into a panel. Everything else in
// the panel works on PanelTrace (panelTrace.ts) and never sees the engine's types.

import * as vscode from 'vscode';
import type { Bundle } from '../core/bundle';
import { stepsPerSupervision } from '../core/engine';
import { startTaskSolve, UnknownIdentifierError, type TaskSolve } from '../core/taskSolve';
import { checkTraceSize, exportCsv, exportJson, importTrace, type StoredStep, type Trace } from '../core/trace';
import type { CellGrid, StepDetail, StepSummary, TraceMeta } from '../shared/protocol';
import type { BundleCache } from './bundleCache';
import { safeStem, type PanelTrace } from './panelTrace';
import type { LiveSolve, SolveJob, StartSolve } from './solveController';

function gridOf(rows: readonly (readonly number[])[]): CellGrid {
  return { height: rows.length, width: rows[0]?.length ?? 0, cells: rows.flat() };
}

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

function summaryOf(s: StoredStep): StepSummary {
  return {
    index: s.index, supStep: s.supStep, hCycle: s.hCycle, lCycle: s.lCycle, kind: s.kind, haltProb: s.haltProb, halts: s.halts,
    loss: s.loss, cellAccuracy: s.cellAccuracy, exact: s.exact, yNorm: s.yNorm, zNorm: s.zNorm, ms: s.ms, changed: s.changed,
  };
}

/** Per-position norms are over the model's canvas (puzzle positions first); the panel wants them per answer cell. */
function detailOf(s: StoredStep, trace: Trace): StepDetail {
  const answer = gridOf(s.answer);
  const { puzzleEmbLen, encoding } = trace.header.model;
  const perCell = (perPos: readonly number[]) => {
    const out = new Array<number>(answer.height * answer.width);
    for (let r = 0; r < answer.height; r++) {
      for (let c = 0; c < answer.width; c++) out[r * answer.width + c] = round(perPos[puzzleEmbLen + r * encoding.width + c] ?? 0, 4);
    }
    return out;
  };
  return { index: s.index, answer, confidence: s.confidence.map((c) => round(c, 3)), yNormCells: perCell(s.yNormPerPos), zNormCells: perCell(s.zNormPerPos) };
}

function metaOf(trace: Trace): TraceMeta {
  const h = trace.header;
  return {
    taskName: h.task.id,
    testIndex: h.task.testIndex,
    modelName: h.model.name,
    provider: h.provider.name,
    schedule: h.model.schedule,
    palette: h.model.encoding.palette,
    cellLabels: h.model.encoding.cellLabels,
    input: gridOf(h.task.input),
    target: h.task.target ? gridOf(h.task.target) : null,
  };
}

/** The panel's view of an engine trace: summaries kept as they come, details made on demand. */
function panelTraceOf(trace: Trace): PanelTrace & { readonly summaries: StepSummary[] } {
  const summaries = trace.steps.map(summaryOf);
  return {
    meta: metaOf(trace),
    summaries,
    steps: summaries,
    detail: (index) => detailOf(trace.steps[index], trace),
    fileStem: safeStem(trace.header.task.id, trace.header.model.name),
    exportJson: () => exportJson(trace),
    exportCsv: () => exportCsv(trace),
  };
}

/** A panel view of a trace the engine is still recording: `take` adds the newest record to it and returns what a panel appends. */
export interface LivePanelTrace {
  readonly view: PanelTrace;
  take(): { readonly summary: StepSummary; readonly detail: StepDetail };
}

export function livePanelTrace(trace: Trace): LivePanelTrace {
  const view = panelTraceOf(trace);
  return {
    view,
    take() {
      const stored = trace.steps[view.summaries.length];
      const summary = summaryOf(stored);
      view.summaries.push(summary);
      return { summary, detail: detailOf(stored, trace) };
    },
  };
}

export async function readTraceFile(uri: vscode.Uri): Promise<PanelTrace> {
  checkTraceSize((await vscode.workspace.fs.stat(uri)).size, uri.fsPath);
  const bytes = await vscode.workspace.fs.readFile(uri);
  return panelTraceOf(importTrace(Buffer.from(bytes).toString('utf8'), uri.fsPath));
}

async function askBlankId(error: UnknownIdentifierError): Promise<boolean> {
  const run = 'Run with the blank identifier';
  const answer = await vscode.window.showWarningMessage(`TRM Lens: ${error.message}.`, { modal: true }, run);
  return answer === run;
}

/** Starts solves on sessions from `bundles`, holding them until the solve's steps end. */
export function engineSolver(bundles: BundleCache): StartSolve {
  return async (job) => {
    const lease = await bundles.acquire(job.settings.model.dir, job.settings.provider);
    try {
      return await startOn(lease.bundle, job, () => lease.release());
    } catch (error) {
      lease.release();
      throw error;
    }
  };
}

async function startOn(bundle: Bundle, job: SolveJob, done: () => void): Promise<LiveSolve> {
  const options = { testIndex: job.testIndex, stopAtHalt: job.settings.stopAtHalt, signal: job.signal };
  let solve: TaskSolve;
  try {
    solve = startTaskSolve(bundle, job.task, options);
  } catch (e) {
    if (!(e instanceof UnknownIdentifierError) || !(await askBlankId(e))) throw e;
    solve = startTaskSolve(bundle, job.task, { ...options, allowBlankId: true });
  }
  const live = livePanelTrace(solve.trace);
  const engineSteps = solve.steps;
  async function* steps(): AsyncGenerator<{ summary: StepSummary; detail: StepDetail }> {
    try {
      for await (const _ of engineSteps) yield live.take();
    } finally {
      done();
    }
  }
  const skipped = bundle.provider.skipped;
  return {
    trace: live.view,
    modelName: bundle.manifest.name,
    expectedSteps: bundle.manifest.schedule.haltMaxSteps * stepsPerSupervision(bundle),
    steps: steps(),
    provider: () => ({ name: bundle.provider.name, report: skipped.length ? `Skipped: ${skipped.join('; ')}` : `Ran on ${bundle.provider.name}.` }),
  };
}
