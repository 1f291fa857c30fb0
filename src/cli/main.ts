/**
 * The `distal-dvt-cds` command line (bin/distal-dvt-cds.js runs the compiled copy). `runCli` is the whole program
 * minus the process: tests call it in-process with a captured io. Every failure ends as one line on stderr and a
 * documented exit code (EXIT), never a stack trace.
 */
import { checkKnowledgeCommand } from './check-knowledge-command';
import { CliError, firstLine } from './cli-error';
import { evaluateCommand } from './evaluate-command';
import { helpCommand, USAGE } from './help-command';
import { scenariosCommand } from './scenarios-command';
import { seedCommand } from './seed-command';
import { summaryCommand } from './summary-command';
import { EXIT, type CliCommand, type CliIO } from './types';

export const PROGRAM = 'distal-dvt-cds';

export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  evaluate: evaluateCommand,
  scenarios: scenariosCommand,
  'check-knowledge': checkKnowledgeCommand,
  seed: seedCommand,
  summary: summaryCommand,
  help: helpCommand,
};

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr(USAGE);
    return EXIT.USAGE;
  }
  if (name === '--help' || name === '-h') return helpCommand(args, io);
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.stderr(`${PROGRAM}: unknown command "${name}" (try '${PROGRAM} help')\n`);
    return EXIT.USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    if (name !== 'summary') return helpCommand([], io);
  }
  try {
    return await command(args, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`${PROGRAM}: ${err.message}\n`);
      return err.exitCode;
    }
    // Unexpected: still one line (no stack, no data), and a non-zero code a script can see.
    io.stderr(`${PROGRAM}: ${name} failed: ${firstLine(err)}\n`);
    return EXIT.INPUT;
  }
}

/** The real process's io. */
export function processIo(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
}
