// Baseline for throughput and latency: a Hono hello-world route on the same @hono/node-server as the box.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('*', (c) => c.text('Hello, world!'));
const server = serve({ fetch: app.fetch, hostname: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 8080) });
process.once('SIGTERM', () => server.close(() => process.exit(0)));
