/**
 * Runs `work` with the test runner's own `uncaughtException`/`unhandledRejection` listeners
 * detached, recording what reaches the process instead; the listeners are restored afterwards.
 * Without any listener an escaped error would end the process, so the recorder stays attached
 * alongside whatever `work` installs.
 */
export async function recordingProcessErrors<T>(
  work: (escaped: unknown[]) => Promise<T>,
): Promise<{ result: T; escaped: unknown[] }> {
  const events = ['uncaughtException', 'unhandledRejection'] as const;
  type Listener = (...args: unknown[]) => void;
  const saved = events.map(
    (event) => [event, process.listeners(event as 'uncaughtException') as Listener[]] as const,
  );
  const escaped: unknown[] = [];
  const record = (error: unknown) => escaped.push(error);
  for (const event of events) {
    process.removeAllListeners(event);
    process.on(event, record);
  }
  try {
    return { result: await work(escaped), escaped };
  } finally {
    for (const [event, listeners] of saved) {
      process.off(event, record);
      for (const listener of listeners) process.on(event, listener);
    }
  }
}
