// The web server's side of the privileged helper (appliance/usr/lib/copi/privileged behind
// /run/copi-privileged.sock): one request line out, one result line back. The server never runs as root;
// it can only ask for these few actions, and the helper checks every argument again.
import { connect } from 'node:net';
import type { WifiSettings } from '../wifi/network.ts';

export type HelperResult = { ok: true } | { ok: false; reason: string };

export interface PrivilegedHelper {
  /** False when no helper socket is configured (npm start, tests): changes then apply only on the box. */
  available: boolean;
  wifi(settings: WifiSettings): Promise<HelperResult>;
  setTime(epochSeconds: number): Promise<HelperResult>;
  reboot(): Promise<HelperResult>;
  shutdown(): Promise<HelperResult>;
  /** Starts copi-update.service on /var/lib/copi/updates/pending.copi-update (app/update/). */
  update(): Promise<HelperResult>;
}

// Restarting hostapd can take a few seconds on a Pi; the unit kills an instance after 30 s.
const timeoutMs = 25_000;
const base64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

/** A client for the helper's socket, or one that says it is unavailable when `socketPath` is null. */
export function privilegedHelper(socketPath: string | null): PrivilegedHelper {
  const send = (line: string): Promise<HelperResult> => {
    if (!socketPath) return Promise.resolve({ ok: false, reason: 'unavailable' });
    return new Promise((resolve) => {
      let answer = '';
      let settled = false;
      const finish = (result: HelperResult) => {
        if (settled) return;
        settled = true;
        socket.destroy();
        resolve(result);
      };
      const socket = connect(socketPath);
      socket.setEncoding('utf8');
      socket.setTimeout(timeoutMs, () => finish({ ok: false, reason: 'timeout' }));
      socket.on('connect', () => socket.write(`${line}\n`));
      socket.on('data', (chunk: string) => {
        answer += chunk;
        if (answer.includes('\n') || answer.length > 200) finish(parseAnswer(answer));
      });
      socket.on('end', () => finish(parseAnswer(answer)));
      socket.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, reason: error.code ?? 'connection' }));
    });
  };
  return {
    available: socketPath !== null,
    wifi: ({ ssid, passphrase, country }) => send(`wifi ${base64(ssid)} ${passphrase === '' ? '-' : base64(passphrase)} ${country}`),
    setTime: (epochSeconds) => send(`time ${Math.floor(epochSeconds)}`),
    reboot: () => send('reboot'),
    shutdown: () => send('shutdown'),
    update: () => send('update'),
  };
}

function parseAnswer(answer: string): HelperResult {
  const line = answer.split('\n')[0].trim();
  if (line === 'ok') return { ok: true };
  const reason = /^error ([\w-]{1,40})$/.exec(line)?.[1];
  return { ok: false, reason: reason ?? 'no-answer' };
}
