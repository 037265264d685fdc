import "server-only";
import http from "node:http";
import net from "node:net";

/**
 * Where a sign-in comes from, for the throttle and the audit trail. The socket's peer address is
 * the only thing the client cannot choose; X-Forwarded-For is believed only hop by hop, from the
 * right, while the hop that wrote it is a proxy listed in TRUSTED_PROXIES (comma-separated
 * addresses or CIDR ranges, e.g. "10.0.0.0/8, 127.0.0.1"; empty by default: the socket address).
 *
 * Next.js gives route handlers no socket, and it only fills X-Forwarded-For when the client sent
 * none, so the server process stamps every request with its peer address in PEER_HEADER, replacing
 * any such header a client sent (installPeerAddressHeader, from instrumentation.ts).
 */
export const PEER_HEADER = "x-saltbitter-peer-address";
const installedKey = Symbol.for("saltbitter.peerAddressHeader");
type Installed = typeof globalThis & { [installedKey]?: true };

export function installPeerAddressHeader(): void {
  const g = globalThis as Installed;
  if (g[installedKey]) return;
  g[installedKey] = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_HEADER] = request.socket?.remoteAddress ?? "";
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}

/** The address used when the peer is unknown (the header was not installed): one shared bucket. */
export const UNKNOWN_NETWORK = "unknown";

type Headers = Record<string, string | string[] | undefined> | undefined;
const header = (headers: Headers, name: string) => {
  const value = headers?.[name];
  return Array.isArray(value) ? value.join(",") : value;
};

/**
 * The client's network, truncated as it is stored: IPv4 to its /24, IPv6 to its /48 (a site's
 * allocation: a client rotating through its own /64s stays one client). Not a full address: the
 * audit trail keeps no more than it needs, and the throttle counts per network.
 */
export function clientNetwork(headers: Headers, trusted: net.BlockList = trustedProxies()): string {
  const installed = (globalThis as Installed)[installedKey];
  const peer = installed ? normalizeAddress(header(headers, PEER_HEADER)) : null;
  if (!peer) return UNKNOWN_NETWORK;
  const forwarded = (header(headers, "x-forwarded-for") ?? "").split(",").map((hop) => hop.trim());
  let client = peer;
  // Walk left while the hop that told us is a trusted proxy and what it says is an address.
  for (let i = forwarded.length - 1; i >= 0 && isTrusted(trusted, client); i--) {
    const hop = normalizeAddress(forwarded[i]);
    if (!hop) break;
    client = hop;
  }
  return truncate(client);
}

const isTrusted = (list: net.BlockList, address: string) => list.check(address, net.isIPv4(address) ? "ipv4" : "ipv6");

let cached: { source: string; list: net.BlockList } | undefined;
/** TRUSTED_PROXIES parsed once per value; an entry that is no address or range stops the server from guessing. */
export function trustedProxies(source = process.env.TRUSTED_PROXIES ?? ""): net.BlockList {
  if (cached?.source === source) return cached.list;
  const list = new net.BlockList();
  for (const entry of source
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    // An address, optionally "/" and one to three digits: "10.0.0.0/" must not pass as /0 (every
    // address trusted), nor "10.0.0.0/8/32" as /8.
    const [, address = "", prefix] = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(entry) ?? [];
    const type = net.isIPv4(address) ? "ipv4" : net.isIPv6(address) ? "ipv6" : null;
    const bits = prefix === undefined ? (type === "ipv4" ? 32 : 128) : Number(prefix);
    if (!type || bits > (type === "ipv4" ? 32 : 128)) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, ::1)`);
    }
    list.addSubnet(address, bits, type);
  }
  cached = { source, list };
  return list;
}

/** A valid IPv4 or IPv6 address (IPv4-mapped IPv6 as IPv4), else null: a hop's text is never trusted as is. */
export function normalizeAddress(raw: string | undefined): string | null {
  if (!raw) return null;
  let address = raw.trim();
  if (address.startsWith("[") && address.includes("]")) address = address.slice(1, address.indexOf("]"));
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1];
  address = address.replace(/%.*$/, ""); // an IPv6 zone id names a local interface, not a client
  return net.isIP(address) ? address : null;
}

function truncate(address: string): string {
  if (net.isIPv4(address)) return `${address.split(".").slice(0, 3).join(".")}.0/24`;
  const groups = expandIPv6(address)
    .slice(0, 3)
    .map((g) => g.replace(/^0+(?=.)/, ""));
  return `${groups.join(":")}::/48`;
}

function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split(".").map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
}
