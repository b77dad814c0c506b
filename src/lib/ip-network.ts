/**
 * The network a client address stands for, for per-IP limits and the spam filter's
 * "network": an IPv4 address is itself; an IPv6 address is its /64, written
 * `2001:db8:0:1::/64`, since one home or phone is given a whole /64 and picks any address
 * in it (45 addresses of one /64 are one client, not 45). An IPv4-mapped IPv6 address is
 * its IPv4 address. Anything else is returned as it came.
 */
export function ipNetwork(ip: string): string {
  if (!ip.includes(':')) return ip;
  const groups = expand(ip.trim().toLowerCase());
  if (!groups) return ip;
  if (groups.slice(0, 6).join(':') === '0:0:0:0:0:ffff') {
    const [hi = 0, lo = 0] = groups.slice(6).map((g) => parseInt(g, 16));
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address without leading zeros; null when it is not one. */
function expand(ip: string): string[] | null {
  const zone = ip.indexOf('%');
  const bare = zone === -1 ? ip : ip.slice(0, zone);
  const halves = bare.split('::');
  if (halves.length > 2) return null;
  const part = (s: string | undefined) => (s ? s.split(':') : []);
  const head = part(halves[0]);
  let tail = part(halves[1]);
  // An embedded IPv4 address (`::ffff:192.0.2.1`) fills the last two groups.
  const last = tail.at(-1) ?? head.at(-1) ?? '';
  if (last.includes('.')) {
    const four = last.split('.').map(Number);
    if (four.length !== 4 || four.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return null;
    const v4 = [((four[0] ?? 0) << 8) | (four[1] ?? 0), ((four[2] ?? 0) << 8) | (four[3] ?? 0)].map((n) => n.toString(16));
    if (tail.length) tail = [...tail.slice(0, -1), ...v4];
    else head.splice(head.length - 1, 1, ...v4);
  }
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.replace(/^0+(?=.)/, ''));
}
