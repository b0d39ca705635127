import { StartupError } from '../startup-error';

/** Runs a command-line entry point: a StartupError prints as its one sentence, exit 1. */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof StartupError) console.error(`quarterdeck: ${error.message}`);
      else console.error(error);
      process.exit(1);
    },
  );
}
