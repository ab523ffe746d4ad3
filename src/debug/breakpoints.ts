// Breakpoints on a recursion. Its lines are not where things happen, so every breakpoint is a function
// breakpoint whose "function" is an expression over the step: a named event (`halt`, `answer_correct`,
// `answer_changed`, `nonfinite`) or anything else (`q_halt > 0`, `answer_changed && sup >= 3`), optionally with a
// condition and a hit condition.
// A recursion is a fixed recording, so a hit count is a property of the step: the Nth step, in run
// order, where the breakpoint's event and condition hold. Going backwards does not recount.

import type { Trace } from '../core/trace';
import {
  compileExpression,
  ExpressionError,
  holds,
  MAX_EXPRESSION_LENGTH,
  type Expression,
} from '../core/watchExpression';
import { NAME_CHECK_SCOPE, stepScope } from './stepScope';

export interface BreakpointSpec {
  readonly name: string;
  readonly condition?: string;
  readonly hitCondition?: string;
}

/** What setFunctionBreakpoints answers for one breakpoint. */
export type BreakpointStatus = { readonly verified: true } | { readonly verified: false; readonly message: string };

type HitTest = (count: number) => boolean;

interface Compiled {
  readonly label: string;
  readonly expression: Expression;
  readonly condition: Expression | null;
  readonly hit: HitTest;
}

function checked(text: string, what: string): Expression {
  try {
    const expression = compileExpression(text);
    expression.evaluate(NAME_CHECK_SCOPE);
    return expression;
  } catch (error) {
    throw new ExpressionError(`${what} ${JSON.stringify(text)}: ${(error as Error).message}`);
  }
}

/** `5` or `==5`: the 5th hit; `>=5`, `>5`, `<5`, `<=5`; `%5`: every 5th. */
export function parseHitCondition(text: string): HitTest {
  // Capped as expressions are; the text is not quoted back when it is that long.
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(`the hit condition is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  // Trimmed first, so the pattern is anchored at both ends of non-blank text and cannot backtrack over
  // runs of spaces (the untrimmed pattern took seconds on 100,000 spaces).
  const match = /^(==?|>=|>|<=|<|%)?\s*(\d+)$/.exec(text.trim());
  if (!match)
    throw new ExpressionError(`hit condition ${JSON.stringify(text)}: write a count such as 3, >=3, <3 or %3`);
  const n = Number(match[2]);
  switch (match[1]) {
    case '>=':
      return (k) => k >= n;
    case '>':
      return (k) => k > n;
    case '<=':
      return (k) => k <= n;
    case '<':
      return (k) => k < n;
    case '%':
      return n === 0 ? () => false : (k) => k % n === 0;
    default:
      return (k) => k === n;
  }
}

function compile(spec: BreakpointSpec): Compiled {
  const name = spec.name.trim();
  return {
    label: name,
    expression: checked(name, 'breakpoint'),
    condition: spec.condition?.trim() ? checked(spec.condition, 'condition') : null,
    hit: spec.hitCondition?.trim() ? parseHitCondition(spec.hitCondition) : () => true,
  };
}

/** A breakpoint that stopped the run, and why. */
export interface Hit {
  readonly label: string;
  readonly count: number;
}

export class Breakpoints {
  private compiled: Compiled[] = [];
  /** Per breakpoint, per step index: how many steps up to it matched (for hit counts). */
  private counts = new WeakMap<Trace, number[][]>();

  /** Replaces every breakpoint; answers each one's status in order. */
  set(specs: readonly BreakpointSpec[]): BreakpointStatus[] {
    this.compiled = [];
    this.counts = new WeakMap();
    return specs.map((spec) => {
      try {
        this.compiled.push(compile(spec));
        return { verified: true };
      } catch (error) {
        return { verified: false, message: (error as Error).message };
      }
    });
  }

  get size(): number {
    return this.compiled.length;
  }

  /**
   * The first breakpoint that stops at step `index`, or null. An expression that fails to evaluate stops, so the
   * user sees why.
   */
  hitAt(trace: Trace, index: number): Hit | null {
    const perBreakpoint = this.countsFor(trace);
    for (let b = 0; b < this.compiled.length; b++) {
      const bp = this.compiled[b];
      let matches: boolean;
      try {
        matches = this.matches(bp, trace, index);
      } catch (error) {
        return { label: `${bp.label} (${(error as Error).message})`, count: 0 };
      }
      if (!matches) continue;
      const count = this.countUpTo(perBreakpoint[b], bp, trace, index);
      if (bp.hit(count)) return { label: bp.label, count };
    }
    return null;
  }

  private matches(bp: Compiled, trace: Trace, index: number): boolean {
    const scope = stepScope(trace, index);
    return holds(bp.expression.evaluate(scope)) && (!bp.condition || holds(bp.condition.evaluate(scope)));
  }

  private countsFor(trace: Trace): number[][] {
    let counts = this.counts.get(trace);
    if (!counts) this.counts.set(trace, (counts = this.compiled.map(() => [])));
    return counts;
  }

  /** Matches in steps 0..index, extending the memo as the run grows; a failing condition counts as no match. */
  private countUpTo(memo: number[], bp: Compiled, trace: Trace, index: number): number {
    for (let i = memo.length; i <= index; i++) {
      let matched: boolean;
      try {
        matched = this.matches(bp, trace, i);
      } catch {
        matched = false;
      }
      memo.push((i > 0 ? memo[i - 1] : 0) + (matched ? 1 : 0));
    }
    return memo[index];
  }
}
