/**
 * What `npm start` shows of `wrangler dev`'s output: nothing of its start-up (banner, build,
 * bindings table) unless it fails before it is ready; after that, what the Worker logs and
 * real warnings and errors, without the lines that are only noise here: the custom build, the
 * bindings table on reloads, the `Request.cf` lookup that fails offline, a request log line
 * per successful request, and the crons' own runs. No Node APIs, so tests run it.
 */

// eslint-style control characters of a terminal's colours.
const ANSI = /\u001b\[[0-9;]*m/g;

const NOISE = [
  /^\[custom build\]/,
  /^⎔ /,
  /^\[wrangler:info\] ✨/,
  /^\[wrangler:info\] Ready on /,
  /Unable to fetch the `Request\.cf` object/,
  /^Error: getaddrinfo .*workers\.cloudflare\.com/,
  /^\s+at .*(GetAddrInfoReqWrap|node:internal)/,
  /^The file .* changed, restarting build/,
  /^Cloudflare collects anonymous telemetry/,
  // Request lines of answers that went well; 5xx stay.
  /^\[wrangler:info\] [A-Z]+ \S+ [1-4]\d\d /,
];

/** A filter that remembers where it is: in a table or a cron run's log, or not. */
export class DevOutputFilter {
  private skipping: 'bindings' | 'cron' | null = null;

  /** The line as it should be shown, or null to leave it out. */
  line(raw: string): string | null {
    const text = raw.replace(ANSI, '');
    if (this.skipping === 'bindings') {
      if (text.trim() === '') this.skipping = null;
      return null;
    }
    if (this.skipping === 'cron') {
      if (text === '}') this.skipping = null;
      return null;
    }
    if (/^Your Worker has access to the following bindings/.test(text)) {
      this.skipping = 'bindings';
      return null;
    }
    // The minute cron's summary when it did nothing worth saying; a failure logs otherwise.
    if (/^outbox: cron run \{$/.test(text)) {
      this.skipping = 'cron';
      return null;
    }
    if (NOISE.some((re) => re.test(text))) return null;
    return raw;
  }
}
