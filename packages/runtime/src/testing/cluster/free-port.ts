import { createServer } from 'node:net';

/** Whether nothing listens on `port` of the loopback interface. */
export async function isPortFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The first free port of `[first, last]`, starting at `first + offset` and wrapping around. */
export async function freePortInRange(first: number, last: number, offset = 0): Promise<number> {
  const size = last - first + 1;
  for (let step = 0; step < size; step += 1) {
    const port = first + ((offset + step) % size);
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free port between ${first} and ${last}`);
}
