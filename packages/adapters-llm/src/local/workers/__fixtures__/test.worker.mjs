// A worker for the pool's tests: echoes, dies, or answers late on request.
import { parentPort, threadId } from 'node:worker_threads';

parentPort.on('message', (message) => {
  if (message === 'die') process.exit(3);
  if (message === 'slow') setTimeout(() => parentPort.postMessage({ threadId }), 10_000);
  else parentPort.postMessage({ echo: message, threadId });
});
