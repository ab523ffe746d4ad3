// The vote panel's state and the words it shows, without a DOM: the vote shown, whether another is under
// way or the last one failed, and each candidate's line and voters. The view (voteView.ts) renders from it.

import type { HostToVote, SavedSource, VoteCandidateView, VoteResult, VoteRunView } from '../../src/shared/protocol';
import { Changes } from '../common/changes';

export type VoteStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string };

/** What changed: `result` a new vote (everything), `status` the running or error line. */
export type VoteChange = 'result' | 'status';

const IDLE: VoteStatus = { kind: 'idle' };

/** The notice every vote carries: where the puzzle is shown as given, and where as the model saw it. */
export const ORIENTATION_NOTICE =
  'Candidates are mapped back to the puzzle as given, and so is a run when it opens in a trace panel; choose ' +
  '"puzzle as the model saw it" there for the augmented input, target and answers (rotated, reflected, ' +
  'colours permuted).';

const fmt = (p: number) => p.toFixed(3);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export class VoteModel {
  private result_: VoteResult | null = null;
  private source_: SavedSource | null = null;
  private status_: VoteStatus = IDLE;
  private readonly changes = new Changes<VoteChange>();

  get result(): VoteResult | null {
    return this.result_;
  }

  /** The saved vote shown, which the page keeps in its webview state so the panel comes back after a reload. */
  get source(): SavedSource | null {
    return this.source_;
  }

  get status(): VoteStatus {
    return this.status_;
  }

  onChange(listener: (change: VoteChange) => void): () => void {
    return this.changes.listen(listener);
  }

  receive(message: HostToVote): void {
    switch (message.type) {
      case 'vote/show':
        this.result_ = message.result;
        this.source_ = message.source;
        this.status_ = IDLE;
        return this.changes.emit('result');
      case 'vote/running':
        this.status_ = { kind: 'running', text: message.label };
        return this.changes.emit('status');
      case 'vote/error':
        this.status_ = { kind: 'error', text: message.message };
        return this.changes.emit('status');
    }
  }

  /** `Vote: taskA, test 1, on tiny-arc (cpu)`. */
  title(): string {
    const r = this.result_;
    return r ? `Vote: ${r.taskName}, test ${r.testIndex + 1}, on ${r.modelName} (${r.provider})` : 'Vote';
  }

  /** `3 runs, 1 skipped, 2 candidates`. */
  counts(): string {
    const r = this.result_;
    if (!r) return '';
    return [plural(r.runs.length, 'run'), `${r.skipped.length} skipped`, plural(r.candidates.length, 'candidate')].join(
      ', ',
    );
  }

  /** pass@1 and pass@2, or why they are not scored. */
  score(): string {
    const r = this.result_;
    if (!r) return '';
    if (r.passAt1 === null)
      return 'The task file has no output for this test input, so pass@1 and pass@2 are not scored.';
    const yes = (v: boolean | null) => (v ? 'yes' : 'no');
    return `pass@1 ${yes(r.passAt1)}, pass@2 ${yes(r.passAt2)}`;
  }

  /** `2 votes, mean halt probability 0.734`. */
  candidateLine(candidate: VoteCandidateView): string {
    return `${plural(candidate.count, 'vote')}, mean halt probability ${fmt(candidate.meanHaltProbability)}`;
  }

  verdict(candidate: VoteCandidateView): string | null {
    if (candidate.correct === null) return null;
    return candidate.correct ? 'equals the test output' : 'differs from the test output';
  }

  /** The runs that voted for a candidate, in run order. */
  voters(candidate: VoteCandidateView): VoteRunView[] {
    const byPosition = new Map(this.result_?.runs.map((run) => [run.position, run]));
    return candidate.voters.flatMap((position) => byPosition.get(position) ?? []);
  }

  /** A voter's button: its identifier and halt probability. */
  voterLabel(run: VoteRunView): string {
    return `${run.identifier} · p ${fmt(run.haltProbability)}`;
  }

  voterTitle(run: VoteRunView): string {
    return `Open the trace of ${run.identifier} (${plural(run.steps, 'step')}), shown as the puzzle was given`;
  }

  debugTitle(run: VoteRunView): string {
    return `Debug ${run.identifier}: step through this run in VS Code's debugger`;
  }
}

/** Cell size in pixels: small grids large enough to read, a 30×30 grid within about 300 pixels. */
export function cellSize(height: number, width: number): number {
  return Math.max(6, Math.min(20, Math.floor(300 / Math.max(1, height, width))));
}
