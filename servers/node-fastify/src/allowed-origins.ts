/**
 * Which web pages may open the WebSocket room. A browser lets any page it shows open a WebSocket
 * to any server, cookies included, and sends the page's Origin with the handshake (RFC 6455
 * 10.2: the server is expected to check it), so without a check any site the user visits can
 * join the room. python-fastapi-tuned's allowed_origins.py applies the same rule.
 *
 * ALLOWED_ORIGINS is a comma-separated list of origins, each exact (`https://app.example`) or on
 * any port (`http://localhost:*`). Unset or empty, it is the loopback origins on any port: pages
 * served from this machine. A handshake without an Origin does not come from a browser page
 * (browsers always send one) and is allowed: verdict's own driver, curl, other servers.
 */

export const LOOPBACK_ORIGINS = 'http://127.0.0.1:*,http://localhost:*,http://[::1]:*';

export interface AllowedOrigin {
  protocol: string;
  hostname: string;
  /** '' for the scheme's default port, '*' for any port. */
  port: string;
}

/** The parts of an origin `scheme://host[:port]`, or undefined when it is anything else (`null`, a path). */
function originParts(text: string): AllowedOrigin | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const bare = url.pathname === '/' && !text.endsWith('/') && !/[?#]/.test(text) && !url.username && !url.password;
  if (!bare || !/^https?:$/.test(url.protocol)) return undefined;
  return { protocol: url.protocol, hostname: url.hostname, port: url.port };
}

/** Parses ALLOWED_ORIGINS; throws a one-line error naming the entry that is not an origin. */
export function parseAllowedOrigins(list: string | undefined): AllowedOrigin[] {
  const entries = (list?.trim() ? list : LOOPBACK_ORIGINS)
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.map((entry) => {
    const anyPort = entry.endsWith(':*');
    const parts = originParts(anyPort ? entry.slice(0, -2) : entry);
    if (!parts || (anyPort && parts.port !== '')) {
      throw new Error(
        `ALLOWED_ORIGINS: '${entry}' is not an origin; write scheme://host or scheme://host:port (or :* for any ` +
          `port), comma-separated`,
      );
    }
    return anyPort ? { ...parts, port: '*' } : parts;
  });
}

export function isAllowedOrigin(origin: string, allowed: AllowedOrigin[]): boolean {
  const parts = originParts(origin);
  if (!parts) return false;
  return allowed.some(
    (a) => a.protocol === parts.protocol && a.hostname === parts.hostname && (a.port === '*' || a.port === parts.port),
  );
}
