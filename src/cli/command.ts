// A `trm-lens` subcommand, as the dispatcher in cli.ts lists and runs it, and the run every command shares:
// help, then parsing, then the command, with its errors reported as the CLI reports every error.

import { EncodingError } from '../core/encoding';
import { PROVIDER_CHOICES, type ProviderChoice } from '../core/providers';
import { printErr, printOut } from './output';

export interface Command {
  readonly name: string;
  /** One line for `trm-lens --help`. */
  readonly summary: string;
  /** The whole help text, printed by `trm-lens NAME --help`. */
  readonly usage: string;
  /** Runs with the arguments after the command name; resolves to the process exit code. */
  run(args: readonly string[]): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/** A wrong argument: the command prints it with its usage and exits 2. */
export class UsageError extends Error {}

/** An output file (`--out`, `--csv`) that cannot be written. */
export class OutputError extends Error {}

type ErrorClass = abstract new (...args: never[]) => Error;

export interface CommandSpec<O extends { readonly file?: string }> {
  readonly name: string;
  readonly usage: string;
  parse(args: readonly string[]): O;
  run(options: O): Promise<number>;
  /** Errors whose message is the whole story (one line naming the file): printed without a stack. */
  readonly known: readonly ErrorClass[];
}

/** `--help`, parsing and running, with usage errors exiting 2 and known errors as one line exiting 1. */
export function runCommand<O extends { readonly file?: string }>(spec: CommandSpec<O>) {
  return async (args: readonly string[]): Promise<number> => {
    if (wantsHelp(args)) {
      printOut(`${spec.usage}\n`);
      return EXIT.ok;
    }
    let options: O | undefined;
    try {
      options = spec.parse(args);
      return await spec.run(options);
    } catch (e) {
      if (e instanceof UsageError) {
        printErr(`trm-lens ${spec.name}: ${e.message}\n${spec.usage}\n`);
        return EXIT.usage;
      }
      if (e instanceof EncodingError) {
        printErr(`${options?.file}: ${e.message}\n`);
        return EXIT.problems;
      }
      const known = [OutputError, RangeError, ...spec.known].some((k) => e instanceof k);
      const error = e as Error;
      printErr(`${known ? error.message : `trm-lens ${spec.name}: ${error.stack ?? e}`}\n`);
      return EXIT.problems;
    }
  };
}

/** The value after the option at `args[i]`; a missing one, or another option in its place, is a usage error. */
export function optionValue(args: readonly string[], i: number): string {
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${args[i]} needs a value`);
  return v;
}

/** `--test N`: a test input index from 0. */
export function testIndexOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError('--test needs an integer >= 0');
  return n;
}

/** `--provider P`: one of the execution providers the CLI offers. */
export function providerOption(v: string): ProviderChoice {
  if (!(PROVIDER_CHOICES as readonly string[]).includes(v)) {
    throw new UsageError(`--provider must be one of ${PROVIDER_CHOICES.join(', ')}`);
  }
  return v as ProviderChoice;
}
