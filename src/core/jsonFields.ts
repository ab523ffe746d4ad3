// Typed fields of untrusted JSON (a trace file, a bundle's manifest): each check returns the value typed or
// fails naming its JSON path, so every file is read the same way. What differs per file is a rule, not a copy.

/** Raises a failure at JSON path `at`; `what` says what was expected there. */
export type Fail = (at: string, what: string) => never;

/** A `Fail` throwing `ErrorType` with `file: at: what`, the one-line form every reader's errors take. */
export function failIn(file: string, ErrorType: new (message: string) => Error): Fail {
  return (at, what) => {
    throw new ErrorType(`${file}: ${at}: ${what}`);
  };
}

/** Integers from `min` to `max`; without `max`, any safe integer from `min` on. */
export interface Range {
  readonly min: number;
  readonly max?: number;
}

/**
 * Which values `number` reads: only finite numbers; any number JSON gives (an overflowing literal like 1e999
 * gives Infinity); or also "NaN", "Infinity" and "-Infinity", as JSON has no other way to write them.
 */
export type NumberRule = 'finite' | 'any' | 'spelledNonFinite';

export interface FieldRules {
  readonly fail: Fail;
  /** 'finite' when not given, the safe default: a NaN or an infinity poisons whatever reads the field. */
  readonly numbers?: NumberRule;
  /** End a scalar's failure with `, got <value as JSON>`; objects and lists are never shown, being large. */
  readonly showFound?: boolean;
  /** Write oneOf's choices as JSON strings, `"trm", "hrm"`, rather than `trm, hrm`. */
  readonly quoteChoices?: boolean;
}

const SPELLED: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Checks of one field at a JSON path. Messages are built only on failure: a trace has millions of fields. */
export class JsonFields {
  readonly fail: Fail;

  constructor(private readonly rules: FieldRules) {
    this.fail = rules.fail;
  }

  object(v: unknown, at: string): Record<string, unknown> {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    return this.fail(at, 'expected an object');
  }

  /** A list; `of` names its elements in the failure: `expected a list of steps`. */
  list(v: unknown, at: string, of: string): unknown[] {
    return Array.isArray(v) ? v : this.fail(at, `expected a list of ${of}`);
  }

  string(v: unknown, at: string): string {
    return typeof v === 'string' ? v : this.reject(v, at, 'expected a string');
  }

  nonEmptyString(v: unknown, at: string): string {
    return typeof v === 'string' && v !== '' ? v : this.reject(v, at, 'expected a non-empty string');
  }

  int(v: unknown, at: string, { min, max = Infinity }: Range): number {
    if (Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max) return v as number;
    const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
    return this.reject(v, at, `expected an integer ${range}`);
  }

  oneOf<T extends string>(v: unknown, at: string, choices: readonly T[]): T {
    if (choices.includes(v as T)) return v as T;
    const shown = this.rules.quoteChoices ? choices.map((c) => JSON.stringify(c)) : choices;
    return this.reject(v, at, `expected one of ${shown.join(', ')}`);
  }

  /** A number under the rules' NumberRule; a spelled one is returned as the number it stands for. */
  number(v: unknown, at: string): number {
    const rule = this.rules.numbers ?? 'finite';
    if (typeof v === 'number' && (rule !== 'finite' || Number.isFinite(v))) return v;
    if (rule !== 'spelledNonFinite') return this.reject(v, at, 'expected a number');
    if (typeof v === 'string' && Object.hasOwn(SPELLED, v)) return SPELLED[v];
    return this.reject(v, at, 'expected a number, "NaN", "Infinity" or "-Infinity"');
  }

  /** Decodes a list of numbers in place (the parsed JSON is the caller's), so a long list is not copied. */
  numbers(v: unknown, at: string): number[] {
    const xs = this.list(v, at, 'numbers');
    for (let i = 0; i < xs.length; i++) xs[i] = this.number(xs[i], `${at}[${i}]`);
    return xs as number[];
  }

  private reject(v: unknown, at: string, what: string): never {
    return this.fail(at, this.rules.showFound ? `${what}, got ${JSON.stringify(v)}` : what);
  }
}
