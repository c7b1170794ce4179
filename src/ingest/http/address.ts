// Which IP addresses Readout must not fetch from (private, loopback, link-local, reserved), and why. Part of
// ingest/http.ts, the only code in Readout that opens sockets to the outside world; this file opens none.
import { isIP } from 'node:net';

type Range = { network: string; prefix: number; reason: string };
type EmbeddedRange = { network: string; prefix: number; embedded: string; shift: bigint };

// First match wins, so narrower ranges come before the wider ones that contain them.
const ipv4Ranges: Range[] = [
  { network: '255.255.255.255', prefix: 32, reason: 'a broadcast address' },
  { network: '0.0.0.0', prefix: 32, reason: 'an unspecified address' },
  { network: '0.0.0.0', prefix: 8, reason: 'a reserved address ("this network")' },
  { network: '10.0.0.0', prefix: 8, reason: 'a private address' },
  { network: '100.64.0.0', prefix: 10, reason: 'a carrier-grade NAT address' },
  { network: '127.0.0.0', prefix: 8, reason: 'a loopback address' },
  { network: '169.254.0.0', prefix: 16, reason: 'a link-local address' },
  { network: '172.16.0.0', prefix: 12, reason: 'a private address' },
  { network: '192.0.0.0', prefix: 24, reason: 'a reserved address (IETF protocol assignments)' },
  { network: '192.0.2.0', prefix: 24, reason: 'a reserved address (documentation)' },
  { network: '192.88.99.0', prefix: 24, reason: 'a reserved address (6to4 relay)' },
  { network: '192.168.0.0', prefix: 16, reason: 'a private address' },
  { network: '198.18.0.0', prefix: 15, reason: 'a reserved address (benchmarking)' },
  { network: '198.51.100.0', prefix: 24, reason: 'a reserved address (documentation)' },
  { network: '203.0.113.0', prefix: 24, reason: 'a reserved address (documentation)' },
  { network: '224.0.0.0', prefix: 4, reason: 'a multicast address' },
  { network: '240.0.0.0', prefix: 4, reason: 'a reserved address' },
];

// IPv6 ranges that carry an IPv4 address: the IPv4 address inside decides.
const ipv6Embedded: EmbeddedRange[] = [
  { network: '::ffff:0:0', prefix: 96, embedded: 'IPv4-mapped', shift: 0n },
  { network: '64:ff9b::', prefix: 96, embedded: 'NAT64 for', shift: 0n },
  { network: '2002::', prefix: 16, embedded: '6to4 for', shift: 80n },
];

const ipv6Ranges: Range[] = [
  { network: '::', prefix: 128, reason: 'an unspecified address' },
  { network: '::1', prefix: 128, reason: 'a loopback address' },
  { network: '::', prefix: 96, reason: 'a reserved address (IPv4-compatible)' },
  { network: '64:ff9b:1::', prefix: 48, reason: 'a reserved address (local NAT64)' },
  { network: '100::', prefix: 64, reason: 'a reserved address (discard-only)' },
  { network: '2001:db8::', prefix: 32, reason: 'a reserved address (documentation)' },
  { network: '2001::', prefix: 23, reason: 'a reserved address (IETF protocol assignments)' },
  { network: 'fc00::', prefix: 7, reason: 'a private address (unique local)' },
  { network: 'fe80::', prefix: 10, reason: 'a link-local address' },
  { network: 'fec0::', prefix: 10, reason: 'a private address (site-local)' },
  { network: 'ff00::', prefix: 8, reason: 'a multicast address' },
];

/**
 * Why an address must not be fetched from, as "a loopback address", "a private address", …; null when it is
 * a public address. Takes IPv4 or IPv6 text (brackets and a zone are allowed); anything else is refused.
 */
export function classifyAddress(ip: string): string | null {
  const address = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(address);
  if (version === 4) return classifyIPv4(ipv4ToNumber(address));
  if (version !== 6) return 'not an IP address';
  const value = ipv6ToBigInt(address);
  for (const range of ipv6Embedded) {
    if (!inRange(value, ipv6ToBigInt(range.network), range.prefix, 128)) continue;
    const v4 = Number((value >> range.shift) & 0xffffffffn);
    const reason = classifyIPv4(v4);
    return reason && `${reason} (${range.embedded} ${numberToIPv4(v4)})`;
  }
  for (const range of ipv6Ranges)
    if (inRange(value, ipv6ToBigInt(range.network), range.prefix, 128)) return range.reason;
  // Global unicast is 2000::/3; everything outside it is unassigned or special.
  return inRange(value, 0x2n << 124n, 3, 128) ? null : 'a reserved address';
}

function classifyIPv4(value: number): string | null {
  for (const range of ipv4Ranges)
    if (inRange(BigInt(value), BigInt(ipv4ToNumber(range.network)), range.prefix, 32)) return range.reason;
  return null;
}

function inRange(value: bigint, network: bigint, prefix: number, width: number): boolean {
  const shift = BigInt(width - prefix);
  return value >> shift === network >> shift;
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function numberToIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function ipv6ToBigInt(ip: string): bigint {
  let text = ip;
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4ToNumber(dotted[2] as string);
    text = `${dotted[1]}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((acc, group) => (acc << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}
