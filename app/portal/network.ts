// Who is asking and which name they asked for, as the portal needs them, and the box's own portal URLs.
import { isIPv4 } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { PortalConfig } from '../core/config.ts';
import type { Ctx } from '../core/http/env.ts';

/**
 * The client's IP address from the TCP connection itself (never X-Forwarded-For, which anyone can write).
 * null when the request did not come through a socket (the in-memory app.request of tests).
 */
export function clientAddress(c: Ctx): string | null {
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  const address = env?.incoming?.socket?.remoteAddress;
  if (!address) return null;
  // A server listening on :: sees IPv4 clients as ::ffff:10.42.0.23.
  return address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
}

/** The Host header reduced to a name to compare: lower case, no port, no trailing dot, no IPv6 brackets. */
export function requestHost(c: Ctx): string {
  const raw = (c.req.header('host') ?? '').trim().toLowerCase();
  const name = raw.startsWith('[') ? raw.replace(/^\[([^\]]*)\].*$/, '$1') : raw.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

/** Whether an IPv4 address lies in the box's Wi-Fi network (address/prefix). */
export function inNetwork(address: string, portal: PortalConfig): boolean {
  if (!isIPv4(address)) return false;
  const mask = (~0 << (32 - portal.prefix)) >>> 0; // prefix is 8–30 (config.ts)
  return ((ipv4ToNumber(address) & mask) >>> 0) === ((ipv4ToNumber(portal.address) & mask) >>> 0);
}

const ipv4ToNumber = (address: string) => address.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/**
 * The portal's URLs, always built from the configured address of the box and never from the request's Host
 * (a forged Host must not turn the box into a redirector). Port 80: phones on the Wi-Fi reach the app there,
 * directly or through the nftables redirect (appliance/etc/nftables.conf).
 */
export function portalUrls(portal: PortalConfig) {
  const base = `http://${portal.address}`;
  return { box: `${base}/`, page: `${base}/portal`, api: `${base}/api/v1/captive-portal` };
}
