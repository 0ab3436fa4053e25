/**
 * The built `./chatbuddy serve` restarted on a data folder while chats arrive one after another
 * from the moment it listens: when it listens, when the search data is in memory, and the chats'
 * latencies meanwhile, until five seconds after the data is in memory (or `seconds`), and its
 * resident memory then.
 *
 *   pnpm run build && pnpm exec tsx packages/evaluation/scripts/memory/restart-under-traffic.ts \
 *     <dataDir> <apiKey> [seconds]
 *
 * `restart-folder.ts --grow` makes such a data folder (its project is in `bench-project.json`).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

/** The server's resident memory (Linux), read when the chats end. */
function residentMiB(pid: number | undefined): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? +(Number(match[1]) / 1024).toFixed(1) : null;
  } catch {
    return null;
  }
}

const [dataDir = '', apiKey = '', seconds = '60'] = process.argv
  .slice(2)
  .filter((argument) => argument !== '--');
const root = join(import.meta.dirname, '..', '..', '..', '..');
const port = 5100 + Math.floor(Math.random() * 900);
const started = performance.now();
const at = () => (performance.now() - started) / 1000;
const child = spawn(join(root, 'chatbuddy'), ['serve', '--port', String(port), '--host', '127.0.0.1'], {
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_PER_KEY_PER_MINUTE: '0',
    RATE_LIMIT_PER_IP_PER_MINUTE: '0',
    RATE_LIMIT_PER_SESSION_PER_MINUTE: '0',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let loadedAt: number | null = null;
let buffered = '';
const onOutput = (data: Buffer) => {
  buffered += data.toString();
  for (let index = buffered.indexOf('\n'); index >= 0; index = buffered.indexOf('\n')) {
    const line = buffered.slice(0, index);
    buffered = buffered.slice(index + 1);
    if (line.includes('search data loaded into memory')) loadedAt = at();
    if (line.includes('"level":40') || line.includes('"level":50')) process.stderr.write(`${line}\n`);
  }
};
child.stdout.on('data', onOutput);
child.stderr.on('data', onOutput);
const url = `http://127.0.0.1:${port}`;
let listening: number | null = null;
while (listening === null) {
  try {
    if ((await fetch(`${url}/health`)).ok) listening = at();
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const messages = ['How long do refunds take?', 'What is the warranty period?', 'Can I return a gift card?'];
const chats: { sent: number; ms: number; status: number }[] = [];
for (let index = 0; at() < Number(seconds) && (loadedAt === null || at() < loadedAt + 5); index += 1) {
  const sent = at();
  const response = await fetch(`${url}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ message: messages[index % messages.length] }),
  });
  await response.text();
  chats.push({ sent: +sent.toFixed(2), ms: Math.round((at() - sent) * 1000), status: response.status });
}
const rssMiB = residentMiB(child.pid);
child.kill('SIGTERM');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? null;
const bySecond = new Map<number, number[]>();
for (const chat of chats)
  bySecond.set(Math.floor(chat.sent), [...(bySecond.get(Math.floor(chat.sent)) ?? []), chat.ms]);
const loaded = loadedAt as number | null;
console.log(
  JSON.stringify({
    listening: +listening.toFixed(2),
    loaded: loaded === null ? null : +loaded.toFixed(2),
    chatsBeforeLoaded: chats.filter((chat) => loaded === null || chat.sent < loaded).length,
    firstChats: chats.slice(0, 4),
    medianBySecond: [...bySecond].map(([second, ms]) => `${second} s: ${median(ms)} ms × ${ms.length}`),
    statuses: [...new Set(chats.map((chat) => chat.status))],
    rssMiB,
    loadAverage: loadavg(),
  }),
);
await new Promise((resolve) => child.once('exit', resolve));
