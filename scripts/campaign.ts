/**
 * The operator's tool for campaign files.
 *
 *   npm run campaign -- new <slug>                              write campaigns/<slug>.json to edit
 *   npm run campaign -- validate campaigns/<file>.json          check a file without writing anything
 *   npm run campaign -- push campaigns/<file>.json [--remote]   upsert a campaign (local D1 by default;
 *                                                               --force overwrites edits made in the browser)
 *   npm run campaign -- pull <slug> [--remote]                  write the database's version to campaigns/<slug>.json
 *   npm run campaign -- token <slug> [--label text] [--scope read|edit] [--remote]
 *                                                               make an API token (printed once; read unless --scope edit)
 *   npm run campaign -- tokens <slug> [--remote]                list a campaign's API tokens
 *   npm run campaign -- revoke <slug> <token id> [--remote]     revoke an API token
 *   npm run campaign -- verify-ledger <slug> [--remote]         recompute the delivery ledger, report differences
 *
 * `--persist-to <dir>` passes through to wrangler for a local database kept elsewhere
 * (the browser tests use a fresh one); `--verbose` shows wrangler's own output.
 *
 * Pushing writes SQL through `wrangler d1 execute`, so the same command works for the
 * local database and the deployed one.
 */
import { parseArgs } from 'node:util';
import { readCampaign } from './lib/campaign-file-reader';
import { newCampaign } from './lib/campaign-new';
import { pushCampaign } from './lib/campaign-push';
import { pullCampaign } from './lib/campaign-sync';
import { listTokens, makeToken, revokeToken } from './lib/campaign-tokens';
import { CliError, runMain } from './lib/cli';
import { verifyLedger } from './lib/verify-ledger';
import type { Target } from './lib/wrangler';

const USAGE = `Usage: npm run campaign -- <command>
  new <slug>                  write campaigns/<slug>.json from a template
  validate <file.json>        check a campaign file
  push <file.json> [--force]  create or update the campaign in the database (--force: even over browser edits)
  pull <slug>                 write the database's version to campaigns/<slug>.json
  token <slug> [--label text] [--scope read|edit]
                              make an API token: read (exports; the default) or edit (content too)
  tokens <slug>               list a campaign's API tokens
  revoke <slug> <id>          revoke an API token
  verify-ledger <slug>        recompute the delivery ledger from the database, report differences
Options: --remote (the deployed database) | --persist-to <dir> (a local database elsewhere), --verbose`;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        remote: { type: 'boolean', default: false },
        'persist-to': { type: 'string' },
        label: { type: 'string', default: '' },
        scope: { type: 'string', default: 'read' },
        verbose: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new CliError(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const target: Target = { remote: values.remote, persistTo: values['persist-to'] };
  if (target.remote && target.persistTo) throw new CliError('--remote and --persist-to do not go together.');

  switch (command) {
    case 'new': {
      const path = newCampaign(rest[0]);
      console.log(`Wrote ${path}. Edit it (README.md, "Define a campaign", explains each field), then:`);
      console.log(`  npm run campaign -- validate ${path}\n  npm run campaign -- push ${path}`);
      return;
    }
    case 'validate': {
      const { file } = readCampaign(rest[0]);
      console.log(`${rest[0]} is a valid campaign file: “${file.title}” (${file.slug}) with ${file.targets.length} targets.`);
      return;
    }
    case 'push':
      if (!rest[0]) throw new CliError('Name a campaign file, e.g. npm run campaign -- push campaigns/zhanaozen-solidarity.json');
      console.log(await pushCampaign(rest[0], target, values.verbose, values.force));
      return;
    case 'pull':
      console.log(await pullCampaign(rest[0], target));
      return;
    case 'token':
      return makeToken(rest[0], values.label, values.scope, target);
    case 'tokens':
      return listTokens(rest[0], target);
    case 'revoke':
      return revokeToken(rest[0], rest[1], target);
    case 'verify-ledger':
      return verifyLedger(rest[0], target, values.verbose);
    default:
      throw new CliError(command ? `There is no command "${command}".\n\n${USAGE}` : USAGE);
  }
}

await runMain(main);
