import { createClient, type RedisClientType } from 'redis';

/** A Redis client that never queues commands while disconnected and keeps reconnecting. */
export interface RedisConnection {
  client: RedisClientType<any, any, any, any, any>;
  close(): Promise<void>;
}

/**
 * Connects to `url` in the background: the caller does not wait for Redis (an instance starts
 * and serves while Redis is down); commands fail at once while the link is down instead of
 * waiting in a queue, and reconnection is retried with a growing pause of at most two seconds.
 */
export function openRedisConnection(url: string, onError: (error: unknown) => void): RedisConnection {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2_000),
    },
  });
  let reported = false;
  client.on('error', (error: unknown) => {
    // The client emits an error for every failed reconnection attempt; one line is enough.
    if (!reported) onError(error);
    reported = true;
  });
  client.on('ready', () => {
    reported = false;
  });
  client.connect().catch(() => undefined);
  return {
    client: client as RedisClientType<any, any, any, any, any>,
    close: async () => {
      if (client.isOpen) await client.close().catch(() => undefined);
      try {
        client.destroy();
      } catch {
        // Already closed.
      }
    },
  };
}
