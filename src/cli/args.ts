/**
 * Option parsing for the sub-commands, on node:util parseArgs (strict): an unknown option or a missing value is a
 * usage error (exit 2) with parseArgs' own one-line message.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { firstLine, usageError } from './cli-error';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

export function parseCommandArgs(command: string, args: readonly string[], options: Options): ParsedArgs {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (err) {
    throw usageError(`${command}: ${firstLine(err, 'invalid arguments')} (see 'distal-dvt-cds help')`);
  }
}

/** A string option's value (parseArgs already guarantees the type for `type: 'string'`). */
export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flagOption(parsed: ParsedArgs, name: string): boolean {
  return parsed.values[name] === true;
}
