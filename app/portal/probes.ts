// The connectivity probes of phones and computers, and the exact "online" answer each expects.
// Anything else than that answer makes the OS open its captive-portal window (facts.md §5).

export interface ProbeAnswer {
  status: 200 | 204;
  contentType?: string;
  body: string;
}

export interface Probe {
  os: string;
  answer: ProbeAnswer;
}

const noContent: ProbeAnswer = { status: 204, body: '' };
const text = (body: string): ProbeAnswer => ({ status: 200, contentType: 'text/plain; charset=utf-8', body });
const page = (body: string): ProbeAnswer => ({ status: 200, contentType: 'text/html; charset=utf-8', body });

const appleSuccess = page('<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>');
const networkManagerOnline = text('NetworkManager is online\n');

/** Host (lower case, no port) → path → answer; the path "*" stands for any path of that host. */
const byHost: Record<string, Record<string, Probe>> = {
  'captive.apple.com': { '*': { os: 'Apple', answer: appleSuccess } },
  'www.apple.com': { '/library/test/success.html': { os: 'Apple', answer: appleSuccess } },
  'www.appleiphonecell.com': { '*': { os: 'Apple', answer: appleSuccess } },
  'www.msftconnecttest.com': { '/connecttest.txt': { os: 'Windows', answer: text('Microsoft Connect Test') } },
  'ipv6.msftconnecttest.com': { '/connecttest.txt': { os: 'Windows', answer: text('Microsoft Connect Test') } },
  'www.msftncsi.com': { '/ncsi.txt': { os: 'Windows', answer: text('Microsoft NCSI') } },
  'detectportal.firefox.com': {
    '/success.txt': { os: 'Firefox', answer: text('success\n') },
    '/canonical.html': {
      os: 'Firefox',
      answer: page('<meta http-equiv="refresh" content="0;url=https://support.mozilla.org/kb/captive-portal"/>'),
    },
  },
  'nmcheck.gnome.org': { '/check_network_status.txt': { os: 'GNOME', answer: networkManagerOnline } },
  'ping.archlinux.org': { '/nm-check.txt': { os: 'Arch Linux', answer: networkManagerOnline } },
  'connectivity-check.ubuntu.com': { '*': { os: 'Ubuntu', answer: noContent } },
};

/**
 * Android and its many vendors (Google, Huawei, Xiaomi, Samsung…) ask "/generate_204" of ever more hosts:
 * the path alone identifies them.
 */
const byPath: Record<string, Probe> = {
  '/generate_204': { os: 'Android', answer: noContent },
  '/gen_204': { os: 'Android', answer: noContent },
};

/** The probe a request is, from its Host (already normalised) and path; null for any other request. */
export function findProbe(host: string, path: string): Probe | null {
  const paths = Object.hasOwn(byHost, host) ? byHost[host] : undefined;
  return (paths && (own(paths, path) ?? own(paths, '*'))) ?? own(byPath, path) ?? null;
}

const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);
