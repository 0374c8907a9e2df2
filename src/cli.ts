// The console of the `gerbang` command, shared by its commands (main.ts) and `serve` (serve.ts).

/** A mistake in how the command was called (or a busy port): one line, no stack trace. */
export class UsageError extends Error {}

export function say(line: string) {
  process.stdout.write(`${line}\n`);
}
