/**
 * `npm run campaign -- bootstrap [--url https://HOST]`: the first campaign on an empty
 * deployed database, without SQL. Makes a fresh token and prints the steps: it becomes the
 * Worker's `ADMIN_TOKEN` secret (an admin over the API), creates the campaign with `push`, makes
 * the campaign's own token for everyday use, and is deleted again. Nothing is stored here.
 */
import { randomBytes } from 'node:crypto';
import { originOf } from './where';

/** The steps, with a new token and the host filled in. */
export function bootstrapSteps(url: string | undefined, token = randomBytes(32).toString('base64url')): string {
  const origin = url === undefined ? 'https://YOUR-HOST' : originOf(url);
  return `A new admin token for the command line (shown once; nothing is stored on this machine):

  ${token}

1. Give it to the deployed Worker as its ADMIN_TOKEN secret (paste it when wrangler asks):
     npx wrangler secret put ADMIN_TOKEN
2. Create your campaign from its file (the same command updates it later):
     export SOLIDARITY_TOKEN=${token}
     npm run campaign -- push campaigns/<your-campaign>.json --url ${origin}
3. Make the campaign's own token for everyday use, and use that one from now on:
     npm run campaign -- token <slug> --label "command line" --url ${origin}
     export SOLIDARITY_TOKEN=<the token it prints>
4. Turn the admin token off (run bootstrap again when you need to create another campaign):
     npx wrangler secret delete ADMIN_TOKEN

Or without a token: set ADMIN_EMAILS in wrangler.toml, deploy, sign in at ${origin}/admin
with that address and create the campaign under "New campaign".`;
}
