/** A CLI sub-command: parses its own args, writes through io, returns the process exit code. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export type CliCommand = (args: readonly string[], io: CliIO) => Promise<number>;

/** Exit codes a script can rely on (documented in the README). */
export const EXIT = {
  OK: 0,
  /** The command ran but found problems (scenario mismatch, invalid knowledge). */
  FINDINGS: 1,
  /** Bad usage: unknown command or option, missing argument. */
  USAGE: 2,
  /** Input could not be read or parsed (file missing, not JSON, not a CDS request or Bundle). */
  INPUT: 3,
  /** A remote server failed (seed). */
  REMOTE: 4,
} as const;
