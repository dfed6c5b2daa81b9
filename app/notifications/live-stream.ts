// GET /notifications/live: Server-Sent Events for an open page. On connect and on each poke, one
// `notifications` event with the unread count and the newest notification; a comment line every 25 s
// keeps proxies and phones from dropping a quiet connection. The listener goes when the client does.
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { Ctx } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { signedIn, type Viewer } from '../permissions/visibility.ts';
import { liveSnapshot } from './actions.ts';
import type { Reader } from './message.ts';

export const heartbeatMs = 25_000;
/** How long EventSource waits before reconnecting after the stream ends (the box restarting, Wi-Fi lost). */
export const retryMs = 5_000;

export function liveNotifications(deps: Deps) {
  return function liveNotificationsStream(c: Ctx) {
    const viewer = signedIn(c.get('viewer'));
    const reader: Reader = { t: c.get('t'), locale: c.get('locale'), timezone: deps.box.timezone };
    c.header('X-Accel-Buffering', 'no'); // a reverse proxy in front of the box must not hold events back
    return streamSSE(c, (stream) => followPerson(deps, viewer, reader, stream));
  };
}

async function followPerson(deps: Deps, viewer: Viewer, reader: Reader, stream: SSEStreamingApi) {
  let ended!: () => void;
  const done = new Promise<void>((resolve) => { ended = resolve; });
  // One send at a time; pokes arriving meanwhile make one more send with the newest state, not one each.
  let sending = false;
  let again = false;
  const send = async () => {
    if (sending) { again = true; return; }
    sending = true;
    try {
      do {
        again = false;
        const snapshot = liveSnapshot(deps, viewer, reader);
        await stream.writeSSE({ event: 'notifications', data: JSON.stringify(snapshot) });
      } while (again && !stream.aborted && !stream.closed);
    } finally {
      sending = false;
    }
  };
  const unsubscribe = deps.live.subscribe(viewer.personId, () => { send().catch(ended); }, ended);
  stream.onAbort(ended);
  const heartbeat = setInterval(() => { void stream.write(': ping\n\n'); }, heartbeatMs);
  try {
    await stream.write(`retry: ${retryMs}\n\n`);
    await send();
    await done;
  } finally {
    clearInterval(heartbeat);
    unsubscribe();
  }
}
