/** English, where the app runs and what that costs (organisers' dashboard): part of `en` (see en.ts). */
export const enHosting = {
  'hosting.cacheOff.heading': 'The page cache is off on this address',
  'hosting.cacheOff.why':
    'This dashboard is served from {host}. On a *.workers.dev address Cloudflare’s Cache API does nothing, so the campaign page, the count and the wall are not shared between visitors through Cloudflare’s cache. The app still works:',
  'hosting.cacheOff.builds':
    'each copy of the Worker builds each public page and count itself, at most once every {seconds} seconds (a few database reads and a few milliseconds of CPU each time), instead of once per Cloudflare location;',
  'hosting.cacheOff.purge': 'a message you hide can stay on the page for up to {stale} seconds on other copies of the Worker;',
  'hosting.cacheOff.requests': 'every page view and every live update is a Worker request either way: on Workers Free the whole account has {requests} a day.',
  'hosting.cacheOff.fix': 'Put the Worker on a domain of your own to turn the cache on: the steps are in {doc} in the app’s source (“Custom domain”), and in {link}.',
  'hosting.cacheOff.linkText': 'Cloudflare’s guide to custom domains',
} as const;
