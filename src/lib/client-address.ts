import { isIPv4, isIPv6 } from 'node:net';

/**
 * The part of a client's address that one party controls, as a throttle key: an IPv4
 * address, or the /64 prefix of an IPv6 one (one home or server gets a whole /64, so
 * counting single IPv6 addresses would count nothing). IPv4-mapped IPv6 (`::ffff:1.2.3.4`,
 * how a dual-stack socket reports IPv4 clients) is the IPv4 address. Undefined when there
 * is no usable address.
 */
export function addressThrottleKey(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const address = ip.trim().replace(/%.*$/, ''); // drop an IPv6 zone id
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return undefined;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, in lowercase hex without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  // A trailing dotted IPv4 part (`::1.2.3.4`) is two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => parseInt(g, 16).toString(16));
}
