import { BlockList, isIP } from 'node:net';

/**
 * IP ranges in CIDR notation (RFC 4632, RFC 4291 §2.3), matched with node's BlockList. An
 * IPv4-mapped IPv6 address (::ffff:192.0.2.1, what a dual-stack socket reports) is matched as the
 * IPv4 address it carries.
 */
export interface IpRanges {
  readonly cidrs: readonly string[];
  has(address: string): boolean;
}

export function normalizeIp(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return (mapped ? mapped[1]! : trimmed).toLowerCase();
}

/** The canonical form of one CIDR (a bare address is a /32 or /128), or an error message. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6'; cidr: string } | { error: string } {
  const [rawAddress = '', rawPrefix, extra] = text.trim().split('/');
  if (extra !== undefined) return { error: `${text} is not a CIDR range` };
  const address = normalizeIp(rawAddress);
  const version = isIP(address);
  if (version === 0) return { error: `${text} is not an IP address or CIDR range` };
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  const prefix = rawPrefix === undefined ? max : /^\d{1,3}$/.test(rawPrefix) ? Number(rawPrefix) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return { error: `${text}: the prefix length must be 0 to ${max}` };
  return { address, prefix, family, cidr: `${address}/${prefix}` };
}

export function ipRanges(cidrs: readonly string[]): IpRanges {
  const list = new BlockList();
  const canonical: string[] = [];
  for (const text of cidrs) {
    const parsed = parseCidr(text);
    if ('error' in parsed) throw new Error(parsed.error);
    list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    canonical.push(parsed.cidr);
  }
  return {
    cidrs: canonical,
    has(address) {
      const ip = normalizeIp(address);
      const version = isIP(ip);
      if (version === 0) return false;
      return list.check(ip, version === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
