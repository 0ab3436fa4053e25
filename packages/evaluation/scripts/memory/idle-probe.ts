/** Starts the real server on the configuration in BENCH_SERVER_CONFIG and prints its memory once idle. */
import { startServer } from '@chatbuddy/http-koa';
import { type ChatBuddyConfigInput, createChatBuddy } from '@chatbuddy/runtime';

const mib = (bytes: number) => Math.round(bytes / 1048576);
const config = JSON.parse(process.env.BENCH_SERVER_CONFIG ?? '{}') as ChatBuddyConfigInput;
const runtime = await createChatBuddy({ port: 0, host: '127.0.0.1', logLevel: 'warn', ...config });
const running = await startServer(runtime);
await new Promise((resolve) => setTimeout(resolve, 2000));
globalThis.gc?.();
const usage = process.memoryUsage();
const modules = process.env.LIST_MODULES
  ? Object.keys((await import('node:module')).createRequire(import.meta.url).cache)
  : [];
console.log(
  JSON.stringify({
    rss: mib(usage.rss),
    heapUsed: mib(usage.heapUsed),
    heapTotal: mib(usage.heapTotal),
    external: mib(usage.external),
    arrayBuffers: mib(usage.arrayBuffers),
    modules: modules.length,
  }),
);
await running.stop();
