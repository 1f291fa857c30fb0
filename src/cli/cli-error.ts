/**
 * The one error a command throws to stop with a message: the dispatcher prints it as a single line
 * (`distal-dvt-cds: <message>`) and exits with its code. Never a stack trace.
 */
import { EXIT } from './types';

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string): CliError => new CliError(EXIT.USAGE, message);
export const inputError = (message: string): CliError => new CliError(EXIT.INPUT, message);

/** The first line of any thrown value's message (errors from Node built-ins may come from another realm). */
export function firstLine(err: unknown, fallback = 'unexpected error'): string {
  const message =
    typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string' ? err.message : String(err);
  return message.split('\n')[0] || fallback;
}
