// The small expression language of the debugger's Watch view, conditional breakpoints and the Debug
// Console: `q_halt > 0`, `changed > 0 && sup >= 3`, `cell(3, 4) == 7`. Numbers, booleans and null;
// arithmetic, comparisons, `&&`/`and`, `||`/`or`, `!`/`not`, parentheses, names and calls. A name or
// function is looked up only when evaluated, so one parsed expression serves every step.

export type Value = number | boolean | null;

export interface Scope {
  /** The value of a name, or undefined when the scope has no such name. */
  variable(name: string): Value | undefined;
  /** Calls a function of the scope; undefined when there is no such function. */
  call(name: string, args: readonly Value[]): Value | undefined;
  /** Names offered in the "unknown name" error. */
  readonly knownNames: readonly string[];
}

/** An expression that does not parse or cannot be evaluated; the message says where and why. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

type Node =
  | { readonly kind: 'literal'; readonly value: Value }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[] }
  | { readonly kind: 'unary'; readonly op: '-' | '!'; readonly operand: Node }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Node; readonly right: Node };

type BinaryOp = '+' | '-' | '*' | '/' | '%' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

interface Token {
  readonly text: string;
  readonly type: 'number' | 'name' | 'op' | 'end';
  readonly at: number;
}

const OPERATORS = [
  '===',
  '!==',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '(',
  ')',
  ',',
];
const WORD_OPERATORS: Record<string, string> = { and: '&&', or: '||', not: '!' };
/** Longest expression accepted; debugger hit conditions are held to it too. */
export const MAX_EXPRESSION_LENGTH = 500;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(rest);
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (number) tokens.push({ text: number[0], type: 'number', at: i });
    else if (word && WORD_OPERATORS[word[0]]) tokens.push({ text: WORD_OPERATORS[word[0]], type: 'op', at: i });
    else if (word) tokens.push({ text: word[0], type: 'name', at: i });
    // `===` and `!==` mean what `==` and `!=` mean here: there is no type coercion to avoid.
    else if (op) tokens.push({ text: op.length === 3 ? op.slice(0, 2) : op, type: 'op', at: i });
    else throw new ExpressionError(`at column ${i + 1}: unexpected character ${JSON.stringify(text[i])}`);
    i += (number ?? word)?.[0].length ?? op!.length;
  }
  tokens.push({ text: '', type: 'end', at: text.length });
  return tokens;
}

/** Binding power of each binary operator: higher binds tighter. */
const PRECEDENCE: Record<BinaryOp, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

function isComparison(op: BinaryOp): boolean {
  return PRECEDENCE[op] === 3 || PRECEDENCE[op] === 4;
}

function isBinary(text: string): text is BinaryOp {
  return Object.hasOwn(PRECEDENCE, text);
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Node {
    const node = this.expression(0);
    const next = this.peek();
    if (next.type !== 'end') throw this.error(next, `unexpected ${JSON.stringify(next.text)}`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private take(): Token {
    return this.tokens[this.position++];
  }

  private error(token: Token, what: string): ExpressionError {
    return new ExpressionError(`at column ${token.at + 1}: ${what}`);
  }

  private expected(token: Token, what: string): ExpressionError {
    return this.error(
      token,
      token.type === 'end'
        ? `the expression ends too early; expected ${what}`
        : `expected ${what}, got ${JSON.stringify(token.text)}`,
    );
  }

  private expect(text: string): void {
    const token = this.take();
    if (token.text !== text || token.type !== 'op') throw this.expected(token, JSON.stringify(text));
  }

  /** Precedence climbing: parses operators binding tighter than `min`. */
  private expression(min: number): Node {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (token.type !== 'op' || !isBinary(token.text) || PRECEDENCE[token.text] <= min) return left;
      this.take();
      const op = token.text;
      // Comparisons do not chain: `1 < x < 3` is almost always a mistake.
      if (isComparison(op) && left.kind === 'binary' && isComparison(left.op))
        throw this.error(token, 'comparisons do not chain; join them with &&');
      left = { kind: 'binary', op, left, right: this.expression(PRECEDENCE[op]) };
    }
  }

  private unary(): Node {
    const token = this.peek();
    if (token.type === 'op' && (token.text === '-' || token.text === '!')) {
      this.take();
      return { kind: 'unary', op: token.text, operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): Node {
    const token = this.take();
    if (token.type === 'number') return { kind: 'literal', value: Number(token.text) };
    if (token.type === 'op' && token.text === '(') {
      const inner = this.expression(0);
      this.expect(')');
      return inner;
    }
    if (token.type !== 'name') throw this.expected(token, 'a number, a name or "("');
    if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true' };
    if (token.text === 'null') return { kind: 'literal', value: null };
    if (this.peek().text !== '(') return { kind: 'name', name: token.text };
    this.take();
    const args: Node[] = [];
    if (this.peek().text !== ')') {
      do args.push(this.expression(0));
      while (this.peek().text === ',' && this.take());
    }
    this.expect(')');
    return { kind: 'call', name: token.text, args };
  }
}

function number(value: Value, op: string): number {
  if (typeof value !== 'number') throw new ExpressionError(`"${op}" needs numbers, got ${JSON.stringify(value)}`);
  return value;
}

function truthy(value: Value): boolean {
  return value !== null && value !== false && value !== 0;
}

function evaluate(node: Node, scope: Scope): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'name': {
      const value = scope.variable(node.name);
      if (value === undefined)
        throw new ExpressionError(`unknown name "${node.name}"; known names: ${scope.knownNames.join(', ')}`);
      return value;
    }
    case 'call': {
      const value = scope.call(
        node.name,
        node.args.map((a) => evaluate(a, scope)),
      );
      if (value === undefined) throw new ExpressionError(`unknown function "${node.name}"`);
      return value;
    }
    case 'unary': {
      const operand = evaluate(node.operand, scope);
      if (node.op === '!') return !truthy(operand);
      return operand === null ? null : -number(operand, '-');
    }
    case 'binary':
      return binary(node.op, node.left, node.right, scope);
  }
}

function binary(op: BinaryOp, leftNode: Node, rightNode: Node, scope: Scope): Value {
  // && and || short-circuit, so `target_known && cell(0, 0) == 1` never reads a missing target.
  if (op === '&&') return truthy(evaluate(leftNode, scope)) ? truthy(evaluate(rightNode, scope)) : false;
  if (op === '||') return truthy(evaluate(leftNode, scope)) ? true : truthy(evaluate(rightNode, scope));
  const left = evaluate(leftNode, scope);
  const right = evaluate(rightNode, scope);
  if (op === '==') return left === right;
  if (op === '!=') return left !== right;
  // A missing value (no target, so no loss) is neither above nor below anything, and sums to nothing.
  if (left === null || right === null) return ['<', '<=', '>', '>='].includes(op) ? false : null;
  const a = number(left, op);
  const b = number(right, op);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

export interface Expression {
  readonly text: string;
  evaluate(scope: Scope): Value;
}

/** Parses an expression once; throws ExpressionError naming the column at fault. */
export function compileExpression(text: string): Expression {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(`the expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  if (text.trim() === '') throw new ExpressionError('the expression is empty');
  const node = new Parser(tokenize(text)).parse();
  return { text, evaluate: (scope) => evaluate(node, scope) };
}

/** True when a condition holds: true, or a number other than 0. */
export function holds(value: Value): boolean {
  return truthy(value);
}

/** How the Watch view and the Debug Console print a value. */
export function formatValue(value: Value): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return String(value);
}
