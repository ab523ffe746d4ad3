// `trm-lens <command> ...`: the headless entry on the same core as the extension. To add a command,
// write a module exporting a `Command` and add it to COMMANDS.

import { version } from '../../package.json';
import { EXIT, wantsHelp, type Command } from './command';
import { printErr } from './output';
import { reportCommand } from './report';
import { datasetRunCommand } from './run';
import { solveCommand } from './solve';
import { validateCommand } from './validate';
import { voteCommand } from './vote';

const COMMANDS: readonly Command[] = [validateCommand, solveCommand, voteCommand, datasetRunCommand, reportCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const list = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: trm-lens <command> [arguments]',
    '',
    'Commands:',
    ...list,
    '',
    'Options:',
    '  -h, --help     show this help',
    '  -v, --version  print the version',
    '',
    'Run `trm-lens <command> --help` for the arguments of a command.',
    '',
  ].join('\n');
}

async function main(args: readonly string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) {
    process.stderr.write(usage());
    return EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version}\n`);
    return EXIT.ok;
  }
  if (wantsHelp([name])) {
    process.stdout.write(usage());
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    printErr(`trm-lens: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  return command.run(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`trm-lens: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70; // internal software error (sysexits.h)
    },
  );
}
