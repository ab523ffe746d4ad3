// A `trm-lens` subcommand, as the dispatcher in cli.ts lists and runs it.

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
