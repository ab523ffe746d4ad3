// The `trm` debug adapter: a thin translation between the Debug Adapter Protocol and the recursion
// engine. One thread per test input (recursionThread.ts), stepping by Call Stack level (motion.ts),
// breakpoints on events and expressions (breakpoints.ts), Variables and Watch over the recorded step
// (variables.ts, stepScope.ts). It never imports `vscode`: VS Code runs it inline
// (DebugAdapterInlineImplementation) and the unit tests drive it over a socket with the DAP test client.

import {
  DebugSession,
  InitializedEvent,
  OutputEvent,
  Source,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ArcTask } from '../core/arcTask';
import { matchIdentifier } from '../core/engine';
import type { Manifest } from '../core/manifest';
import { UnknownIdentifierError, type SteppedSolve, type TaskSolveOptions } from '../core/taskSolve';
import { augmentedInput } from '../core/taskVote';
import { compileExpression, ExpressionError, formatValue } from '../core/watchExpression';
import { Breakpoints } from './breakpoints';
import { endsUnit, planStep, type StepCommand } from './motion';
import { RecursionThread, type Motion, type StartSolve, type Stop } from './recursionThread';
import { LINES, recursionListing } from './recursionSource';
import { STEP_EVENTS, STEP_FUNCTIONS, STEP_NAMES, stepScope } from './stepScope';
import { StopHandles } from './stopHandles';
import { runVariables, stepVariables, structured, type Children } from './variables';

/** A `trm` launch configuration after the extension resolved it (absolute paths, model chosen). */
export interface TrmLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The task file (`*.arc.json`, or a Kaggle combined file with `taskId`). */
  readonly task: string;
  readonly taskId?: string;
  /** Which test input, from 0; every test input gets a thread when absent. */
  readonly testIndex?: number;
  /** Folder of the model bundle. */
  readonly model: string;
  readonly provider?: string;
  /** Stop at the first update (default) instead of running to the halting step. */
  readonly stopOnEntry?: boolean;
  /** Run a task the model has no puzzle identifier for with the blank identifier; absent: the host asks. */
  readonly blankId?: boolean;
  /**
   * Run test `testIndex` under this puzzle identifier of the task (an augmentation of it), as a vote runs it:
   * the input rotated, reflected and recoloured as the identifier names.
   */
  readonly identifier?: string;
}

/** What a debugger thread's solve is told: which test input, under which identifier, until `signal` ends it. */
export type DebugSolveOptions = Pick<TaskSolveOptions, 'testIndex' | 'allowBlankId' | 'identifier'> & {
  readonly signal: AbortSignal;
};

/**
 * A model as the debugger runs it: its manifest (identifiers, grid encoding), and solves that run one update
 * per step the user takes, wherever the engine runs (the extension's solve worker, or in process).
 */
export interface DebugModel {
  readonly manifest: Manifest;
  start(task: ArcTask, options: DebugSolveOptions): Promise<SteppedSolve>;
}

/** What the adapter needs from its host: the task and the model, and who to tell what happens. */
export interface DebugEnvironment {
  loadTask(args: TrmLaunchArguments): Promise<ArcTask>;
  openModel(dir: string, provider: string): Promise<DebugModel>;
  /** Whether a task the model has no identifier for runs with the blank one, where the launch does not say. */
  allowBlankId?(unknown: UnknownIdentifierError, modelDir: string): Promise<boolean>;
  readonly observer?: DebugObserver;
}

/** The trace panel follows the debugger through these; it hears of new steps from the thread's trace. */
export interface DebugObserver {
  threadStarted(thread: RecursionThread): void;
  stopped(thread: RecursionThread): void;
  /** The session ended; these were its threads. */
  ended(threads: readonly RecursionThread[]): void;
}

/** Call Stack levels: a frame's id is its update's handle times LEVELS plus the level. */
const LEVELS = 3;

/** What a Call Stack frame stands for: a recorded update of a thread, whatever the thread did since. */
interface Frame {
  readonly thread: RecursionThread;
  readonly index: number;
}

const STOP_TEXT: Record<Stop['reason'], string> = {
  entry: 'Paused at the first update',
  step: 'Paused after a step',
  goto: 'Moved with the trace panel',
  pause: 'Paused',
  halt: 'Paused on the halting step',
  start: 'Back at the first update',
  end: 'End of the recursion: every supervision step ran',
  breakpoint: 'Paused on a breakpoint',
};

/** Resolves once; launch waits on it for the breakpoints VS Code sends after `initialized`. */
function latch(): { readonly wait: Promise<void>; readonly open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

export class TrmDebugSession extends DebugSession {
  private threads: RecursionThread[] = [];
  private readonly breakpoints = new Breakpoints();
  private readonly frames = new StopHandles<Frame>();
  private readonly handles = new StopHandles<Children>();
  private readonly configured = latch();
  /** Threads were started, so the observer hears once that they ended. */
  private launched = false;

  constructor(private readonly env: DebugEnvironment) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  /** Moves a stopped thread to a recorded update, as the trace panel asks; false when it cannot. */
  goto(threadId: number, index: number): boolean {
    const thread = this.thread(threadId);
    if (!thread || thread.position === index || !thread.goto(index)) return false;
    this.announce(thread, { reason: 'goto' });
    return true;
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsStepBack: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      // Hovering a name in the recursion listing (y, z, q_halt) shows its value at the current step.
      supportsEvaluateForHovers: true,
      supportsSingleThreadExecutionRequests: true,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured.open();
    this.sendResponse(response);
  }

  protected override async launchRequest(
    response: DebugProtocol.LaunchResponse,
    args: TrmLaunchArguments,
  ): Promise<void> {
    try {
      this.threads = await this.startThreads(args);
      this.launched = true;
      // The first update runs now, so a task the model cannot encode fails the launch with its reason.
      for (const thread of this.threads)
        if (!(await thread.reach(0))) throw new Error(`${thread.name}: the model ran no update`);
    } catch (error) {
      this.end();
      return this.fail(response, error);
    }
    this.sendResponse(response);
    await this.configured.wait;
    for (const thread of this.threads) void this.begin(thread, args.stopOnEntry !== false);
  }

  protected override async restartRequest(response: DebugProtocol.RestartResponse): Promise<void> {
    try {
      await Promise.all(this.threads.map((t) => t.restart()));
    } catch (error) {
      return this.fail(response, error);
    }
    this.frames.clear();
    this.handles.clear();
    this.sendResponse(response);
    for (const thread of this.threads) void this.begin(thread, true);
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.end();
    this.sendResponse(response);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.end();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: this.threads.map((t) => new Thread(t.id, t.name)) };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(
    response: DebugProtocol.StackTraceResponse,
    args: DebugProtocol.StackTraceArguments,
  ): void {
    const thread = this.thread(args.threadId);
    if (!thread || thread.position >= thread.trace.steps.length) {
      response.body = { stackFrames: [], totalFrames: 0 };
      return this.sendResponse(response);
    }
    const step = thread.trace.steps[thread.position];
    const { schedule } = thread.trace.header.model;
    const frames: DebugProtocol.StackFrame[] = [];
    // One listing per thread: source reference = thread id.
    const source = new Source(`recursion (${thread.name}).py`, undefined, thread.id);
    const id = this.frames.create({ thread, index: thread.position });
    const frame = (level: number, name: string, line: number) =>
      frames.push({
        id: id * LEVELS + level,
        name,
        source,
        line: this.convertDebuggerLineToClient(line),
        column: this.convertDebuggerColumnToClient(1),
      });
    const updateLine = step.kind === 'latent' ? LINES.latent : LINES.answer;
    if (thread.depth === 'update')
      frame(
        0,
        step.lCycle === null
          ? 'answer update: y = net(y, z)'
          : `latent update ${step.lCycle + 1} of ${schedule.lCycles}: z = net(z, y + x)`,
        updateLine,
      );
    if (thread.depth !== 'supervision') frame(1, `cycle ${step.hCycle + 1} of ${schedule.hCycles}`, updateLine);
    frame(
      2,
      `supervision step ${step.supStep + 1} of ${schedule.haltMaxSteps}${step.halts ? ' (halts)' : ''}`,
      endsUnit(step, 'supervision', schedule) ? LINES.halting : updateLine,
    );
    response.body = { stackFrames: frames, totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    const thread = this.thread(args.source?.sourceReference ?? args.sourceReference);
    if (!thread) return this.fail(response, new Error(`no source ${args.sourceReference}`));
    response.body = { content: recursionListing(thread.trace.header), mimeType: 'text/x-python' };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const frame = this.frames.get(Math.floor(args.frameId / LEVELS));
    // A frame from stops ago, which the client no longer shows: nothing to say about it.
    if (!frame) {
      response.body = { scopes: [] };
      return this.sendResponse(response);
    }
    const { thread, index } = frame;
    const expand = (children: Children) => this.handles.create(children);
    response.body = {
      scopes: [
        {
          name: `Step ${index + 1}`,
          presentationHint: 'locals',
          expensive: false,
          variablesReference: expand(async () => stepVariables(thread, index, expand)),
        },
        { name: 'Run', expensive: false, variablesReference: expand(async () => runVariables(thread)) },
      ],
    };
    this.sendResponse(response);
  }

  protected override async variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): Promise<void> {
    const children = this.handles.get(args.variablesReference);
    if (!children) {
      // Asked for by a view of a stop long gone (quick stepping); the view of the newer stop follows.
      response.body = { variables: [] };
      return this.sendResponse(response);
    }
    try {
      response.body = { variables: await children(args.start ?? 0, args.count || Number.MAX_SAFE_INTEGER) };
      this.sendResponse(response);
    } catch (error) {
      this.fail(response, error);
    }
  }

  protected override setFunctionBreakPointsRequest(
    response: DebugProtocol.SetFunctionBreakpointsResponse,
    args: DebugProtocol.SetFunctionBreakpointsArguments,
  ): void {
    const statuses = this.breakpoints.set(args.breakpoints);
    response.body = {
      breakpoints: statuses.map((s) => (s.verified ? { verified: true } : { verified: false, message: s.message })),
    };
    this.sendResponse(response);
  }

  protected override setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    // A recursion has no source lines: say so on every line breakpoint rather than ignore it.
    const message =
      'TRM Lens breaks on events and expressions, not lines: add a function breakpoint ' +
      '(halt, answer_correct, answer_changed, or an expression such as q_halt > 0).';
    response.body = { breakpoints: (args.breakpoints ?? []).map(() => ({ verified: false, message })) };
    this.sendResponse(response);
  }

  protected override continueRequest(
    response: DebugProtocol.ContinueResponse,
    args: DebugProtocol.ContinueArguments,
  ): void {
    response.body = { allThreadsContinued: false };
    this.run(response, args.threadId, (thread) => this.continueMotion(thread, thread.position));
  }

  protected override reverseContinueRequest(
    response: DebugProtocol.ReverseContinueResponse,
    args: DebugProtocol.ReverseContinueArguments,
  ): void {
    this.run(response, args.threadId, (thread) => ({
      from: thread.position,
      forward: false,
      target: () => null,
      breakpoints: this.breakpoints,
    }));
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.run(response, args.threadId, (thread) => this.stepMotion(thread, 'over'));
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.run(response, args.threadId, (thread) => this.stepMotion(thread, 'into'));
  }

  protected override stepOutRequest(
    response: DebugProtocol.StepOutResponse,
    args: DebugProtocol.StepOutArguments,
  ): void {
    this.run(response, args.threadId, (thread) => this.stepMotion(thread, 'out'));
  }

  protected override stepBackRequest(
    response: DebugProtocol.StepBackResponse,
    args: DebugProtocol.StepBackArguments,
  ): void {
    this.run(response, args.threadId, (thread) => this.stepMotion(thread, 'back'));
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse, args: DebugProtocol.PauseArguments): void {
    this.thread(args.threadId)?.pause();
    this.sendResponse(response);
  }

  protected override async evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): Promise<void> {
    const text = args.expression.trim();
    if (text === 'help') {
      response.body = { result: helpText(), variablesReference: 0 };
      return this.sendResponse(response);
    }
    const frame = this.evaluationFrame(args.frameId);
    if (frame === 'gone')
      return this.fail(response, new Error('that stop is gone; the thread has moved on'), '', false);
    if (!frame) return this.fail(response, new Error('nothing to evaluate: no update has run yet'));
    const { thread, index } = frame;
    const expand = (children: Children) => this.handles.create(children);
    const variable = structured(thread, index, text, expand);
    if (variable) {
      response.body = {
        result: variable.value,
        variablesReference: variable.variablesReference,
        indexedVariables: variable.indexedVariables,
      };
      return this.sendResponse(response);
    }
    try {
      response.body = {
        result: formatValue(compileExpression(text).evaluate(stepScope(thread.trace, index))),
        variablesReference: 0,
      };
      this.sendResponse(response);
    } catch (error) {
      this.fail(response, error, args.context === 'repl' ? ' (type help for the names)' : '');
    }
  }

  /** The update an evaluation is about: its frame's (answered for that update even when the thread has
   * moved since), else the first thread's position; 'gone' for a frame from stops ago. */
  private evaluationFrame(frameId: number | undefined): Frame | 'gone' | undefined {
    if (frameId !== undefined) return this.frames.get(Math.floor(frameId / LEVELS)) ?? 'gone';
    const thread = this.threads[0];
    return thread && thread.position < thread.trace.steps.length ? { thread, index: thread.position } : undefined;
  }

  // ------------------------------------------------------------------ motions

  /** To the halting step ahead, or the end; breakpoints on the way stop it first. */
  private continueMotion(thread: RecursionThread, from: number): Motion {
    return {
      from,
      forward: true,
      target: (j) => (thread.trace.steps[j].halts ? { reason: 'halt' } : null),
      breakpoints: this.breakpoints,
    };
  }

  private stepMotion(thread: RecursionThread, command: StepCommand): Motion {
    const plan = planStep(command, thread.depth);
    thread.depth = plan.depth;
    if (plan.continues) return this.continueMotion(thread, thread.position);
    const schedule = thread.trace.header.model.schedule;
    const target = (j: number): Stop | null =>
      endsUnit(thread.trace.steps[j], plan.depth, schedule) ? { reason: 'step' } : null;
    return { from: thread.position, forward: plan.forward, target, breakpoints: this.breakpoints };
  }

  /** Answers the request at once (the thread is running), then moves and reports where it stopped. */
  private run(response: DebugProtocol.Response, threadId: number, motion: (thread: RecursionThread) => Motion): void {
    const thread = this.thread(threadId);
    if (!thread) return this.fail(response, new Error(`no thread ${threadId}`));
    if (thread.running) return this.fail(response, new Error(`${thread.name} is running; pause it first`));
    this.sendResponse(response);
    void this.moveAndReport(thread, motion(thread));
  }

  private async begin(thread: RecursionThread, stopOnEntry: boolean): Promise<void> {
    this.env.observer?.threadStarted(thread);
    if (stopOnEntry) {
      try {
        if (!(await thread.reach(0))) throw new Error('the model ran no update');
      } catch (error) {
        return this.report(thread, error);
      }
      return this.announce(thread, { reason: 'entry' });
    }
    await this.moveAndReport(thread, this.continueMotion(thread, -1));
  }

  private async moveAndReport(thread: RecursionThread, motion: Motion): Promise<void> {
    let stop: Stop;
    try {
      stop = await thread.move(motion);
    } catch (error) {
      return this.report(thread, error);
    }
    this.announce(thread, stop);
  }

  private announce(thread: RecursionThread, stop: Stop): void {
    this.frames.advance();
    this.handles.advance();
    const event = new StoppedEvent(
      stop.reason === 'breakpoint' ? 'function breakpoint' : stop.reason === 'halt' ? 'step' : stop.reason,
      thread.id,
    ) as DebugProtocol.StoppedEvent;
    event.body.description =
      stop.reason === 'breakpoint'
        ? `Paused on breakpoint ${stop.hit.label} (hit ${stop.hit.count})`
        : STOP_TEXT[stop.reason];
    event.body.text = event.body.description;
    event.body.allThreadsStopped = false;
    this.sendEvent(event);
    this.env.observer?.stopped(thread);
  }

  /** A failure while running (the engine threw): the thread stays where it was, and says why. */
  private report(thread: RecursionThread, error: unknown): void {
    this.sendEvent(new OutputEvent(`TRM Lens: ${thread.name}: ${messageOf(error)}\n`, 'stderr'));
    this.announce(thread, { reason: 'pause' });
  }

  private async startThreads(args: TrmLaunchArguments): Promise<RecursionThread[]> {
    if (typeof args.task !== 'string' || !args.task)
      throw new Error('the launch configuration needs "task": the path of an .arc.json file');
    if (typeof args.model !== 'string' || !args.model)
      throw new Error('the launch configuration needs "model": the folder of a model bundle');
    const task = await this.env.loadTask(args);
    const indices = args.testIndex === undefined ? task.test.map((_, i) => i) : [args.testIndex];
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= task.test.length)
        throw new Error(
          `${args.task}: "testIndex" ${i} is out of range; ` +
            `the task has ${task.test.length} test input(s), numbered from 0`,
        );
    }
    const model = await this.env.openModel(args.model, args.provider ?? 'auto');
    if (args.identifier !== undefined) return [await this.augmentedThread(args, model, task)];
    const blankId = typeof args.blankId === 'boolean' ? args.blankId : await this.askBlankId(model, task, args.model);
    const threads: RecursionThread[] = [];
    try {
      for (const i of indices) {
        const pair = task.test[i];
        const name = `test ${i + 1} (${pair.input.length}×${pair.input[0]?.length ?? 0})`;
        const start: StartSolve = (signal) => model.start(task, { testIndex: i, allowBlankId: blankId, signal });
        threads.push(await RecursionThread.open(i + 1, name, i, start));
      }
    } catch (error) {
      threads.forEach((t) => t.dispose());
      throw error;
    }
    return threads;
  }

  /** The one thread of a launch that names an identifier: its test input as that augmentation shows it. */
  private augmentedThread(args: TrmLaunchArguments, model: DebugModel, task: ArcTask): Promise<RecursionThread> {
    if (typeof args.identifier !== 'string' || args.testIndex === undefined)
      throw new Error('"identifier" names one run of a vote: it needs "testIndex" too, and must be a string');
    const run = augmentedInput(model, task, args.testIndex, args.identifier);
    const i = args.testIndex;
    const pair = run.task.test[i];
    const name = `test ${i + 1} as ${run.identifier.name} (${pair.input.length}×${pair.input[0]?.length ?? 0})`;
    const start: StartSolve = (signal) => model.start(run.task, { testIndex: i, identifier: run.identifier, signal });
    return RecursionThread.open(i + 1, name, i, start);
  }

  /** The host's answer for a task the model has no identifier for; false (the launch then says why) without a host. */
  private async askBlankId(model: DebugModel, task: ArcTask, modelDir: string): Promise<boolean> {
    if (matchIdentifier(model, task.id).kind === 'known' || !this.env.allowBlankId) return false;
    return this.env.allowBlankId(new UnknownIdentifierError(task.id, model.manifest.name), modelDir);
  }

  private thread(id: number): RecursionThread | undefined {
    return this.threads.find((t) => t.id === id);
  }

  private end(): void {
    this.threads.forEach((t) => t.dispose());
    if (this.launched) this.env.observer?.ended(this.threads);
    this.launched = false;
  }

  private fail(response: DebugProtocol.Response, error: unknown, hint = '', showUser = true): void {
    const text = `${messageOf(error)}${hint}`;
    this.sendErrorResponse(response, {
      id: error instanceof ExpressionError ? 2001 : 2000,
      format: text.replace(/[{}]/g, ''),
      showUser: showUser && !(error instanceof ExpressionError),
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function helpText(): string {
  const lines = [
    'Names:',
    ...Object.entries(STEP_NAMES).map(([n, d]) => `  ${n}: ${d}`),
    'Functions:',
    ...Object.entries(STEP_FUNCTIONS).map(([n, d]) => `  ${n}: ${d}`),
  ];
  lines.push('Structured (expand them): answer, target, input, confidence, changed, y, z');
  lines.push(
    'Events (true where they happen; use them as function breakpoints): ' +
      Object.entries(STEP_EVENTS)
        .map(([n, e]) => `${n} (${e.description})`)
        .join(', '),
  );
  lines.push('Operators: + - * / %, < <= > >= == !=, && || ! (and, or, not), parentheses.');
  return lines.join('\n');
}
