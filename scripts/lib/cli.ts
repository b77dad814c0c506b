/** What every script does with an error: say it as a sentence, exit non-zero. */
import { CliError } from './cli-error';
import { WranglerFailed } from './wrangler';

export { CliError };

/** Runs a script's main function; a `CliError` or a failed wrangler run prints its message and exits 1. */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof CliError || err instanceof WranglerFailed) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
