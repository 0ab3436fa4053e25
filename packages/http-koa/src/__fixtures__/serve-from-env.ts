// One Chat Buddy server process configured from the environment, like `chatbuddy serve`. With
// CREATE_PROJECT set it creates a project first. Prints `READY <url> [<key>]`; stops on SIGTERM.
import { configFromEnv, createChatBuddy } from '@chatbuddy/runtime';
import { startServer } from '../server.js';

const runtime = await createChatBuddy(configFromEnv(process.env));
const key = process.env.CREATE_PROJECT ? (await runtime.projects.create({ name: 'Shared limits' })).apiKey : '';
const running = await startServer(runtime, { host: '127.0.0.1' });
process.stdout.write(`READY ${running.url} ${key}\n`);
process.once('SIGTERM', () => {
  void running.stop().then(() => process.exit(0));
});
