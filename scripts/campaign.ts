/**
 * The operator's tool for campaign files. Without `--url` a command acts on the local D1
 * (`--persist-to <dir>` for one kept elsewhere); with `--url https://HOST` on the deployed
 * Worker, through its own admin API with the token in SOLIDARITY_TOKEN (docs/deploying.md).
 *
 *   npm run campaign -- new <slug>                       write campaigns/<slug>.json to edit
 *   npm run campaign -- validate campaigns/<file>.json   check a file without writing anything
 *   npm run campaign -- push campaigns/<file>.json       create or update a campaign (--force: over browser edits)
 *   npm run campaign -- pull <slug>                      write the database's version (--out <file>, --force)
 *   npm run campaign -- token <slug> [--label text] [--scope read|edit]
 *                                                        make an API token (printed once; read unless --scope edit)
 *   npm run campaign -- tokens <slug>                    list a campaign's API tokens
 *   npm run campaign -- revoke <slug> <token id>         revoke an API token
 *   npm run campaign -- verify-ledger <slug>             recompute the delivery ledger, report differences
 *   npm run campaign -- bootstrap [--url https://HOST]   the steps to the first campaign on a deployed Worker
 */
import { parseArgs } from 'node:util';
import { bootstrapSteps } from './lib/bootstrap';
import { readCampaign } from './lib/campaign-file-reader';
import { newCampaign } from './lib/campaign-new';
import { pushCampaign } from './lib/campaign-push';
import { pullCampaign } from './lib/campaign-sync';
import { listTokens, makeToken, revokeToken } from './lib/campaign-tokens';
import { CliError, runMain } from './lib/cli';
import { verifyLedger } from './lib/verify-ledger';
import { whereFrom } from './lib/where';

const USAGE = `Usage: npm run campaign -- <command>
  new <slug>                  write campaigns/<slug>.json from a template
  validate <file.json>        check a campaign file
  push <file.json> [--force]  create or update the campaign (--force: even over browser edits)
  pull <slug> [--out <file>]  write the database's version to campaigns/<slug>.json (--force: over a file that differs)
  token <slug> [--label text] [--scope read|edit]
                              make an API token: read (exports; the default) or edit (content too)
  tokens <slug>               list a campaign's API tokens
  revoke <slug> <id>          revoke an API token
  verify-ledger <slug>        recompute the delivery ledger, report differences
  bootstrap                   how to create the first campaign on a deployed Worker
Where: the local database by default (--persist-to <dir>: one kept elsewhere), or
       --url https://HOST: the deployed Worker, with the token in the environment variable SOLIDARITY_TOKEN`;

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        remote: { type: 'boolean', default: false },
        'persist-to': { type: 'string' },
        label: { type: 'string', default: '' },
        scope: { type: 'string', default: 'read' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new CliError(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parse();
  const [command, ...rest] = positionals;
  // Commands that touch no database; the rest learn where to act below.
  if (command === 'new') {
    const path = newCampaign(rest[0]);
    console.log(`Wrote ${path}. Edit it (docs/campaign-file.md explains each field), then:`);
    console.log(`  npm run campaign -- validate ${path}\n  npm run campaign -- push ${path}`);
    return;
  }
  if (command === 'validate') {
    const { file } = readCampaign(rest[0]);
    console.log(`${rest[0]} is a valid campaign file: “${file.title}” (${file.slug}) with ${file.targets.length} targets.`);
    return;
  }
  if (command === 'bootstrap') return console.log(bootstrapSteps(values.url));
  const known = ['push', 'pull', 'token', 'tokens', 'revoke', 'verify-ledger'];
  if (!command || !known.includes(command)) throw new CliError(command ? `There is no command "${command}".\n\n${USAGE}` : USAGE);
  const w = whereFrom({ url: values.url, persistTo: values['persist-to'], remote: values.remote }, process.env);
  if (command === 'push') {
    if (!rest[0]) throw new CliError('Name a campaign file, e.g. npm run campaign -- push campaigns/zhanaozen-solidarity.json');
    return console.log(await pushCampaign(rest[0], w, values.force));
  }
  if (command === 'pull') {
    const said = await pullCampaign(rest[0], w, { out: values.out, force: values.force });
    if (said) console.log(said);
    return;
  }
  if (command === 'token') return makeToken(rest[0], values.label, values.scope, w);
  if (command === 'tokens') return listTokens(rest[0], w);
  if (command === 'revoke') return revokeToken(rest[0], rest[1], w);
  return verifyLedger(rest[0], w);
}

await runMain(main);
