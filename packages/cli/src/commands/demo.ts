import type { Command } from 'commander';
import type { CommandIo } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import { type DemoProject, ensureDemoProject } from './demo-project.js';
import {
  addListenOptions,
  listenOverrides,
  processShutdownSignal,
  type ShutdownSignal,
  serveUntilStopped,
} from './serving.js';

function describeDemo(demo: DemoProject, url: string): string {
  return [
    `Demo page:       ${url}/`,
    `Project id:      ${demo.projectId}`,
    `Publishable key: ${demo.publishableKey}`,
    ...(demo.apiKey
      ? [
          `Secret key:      ${demo.apiKey}`,
          '(the secret key is shown only this once; store it to use the API)',
        ]
      : []),
    'Open the demo page and ask the chat widget about shipping, returns or prices. Ctrl-C stops.',
    '',
  ].join('\n');
}

/**
 * `chatbuddy demo`: creates (once) a demo project with the documents of a fictional shop, then
 * serves the API like `serve`, with the widget live on the development home page.
 */
export function registerDemoCommand(
  program: Command,
  openRuntime: RuntimeOpener,
  io: CommandIo,
  shutdown: ShutdownSignal = processShutdownSignal,
): void {
  addListenOptions(
    program
      .command('demo')
      .description(
        'Create a demo project (a fictional shop) once, then serve the API with the widget on the home page',
      ),
  )
    .option('--json', 'print {url, projectId, publishableKey, apiKey?, created} on stdout, then keep serving')
    .action(async (options: { port?: string; host?: string; json?: boolean }) => {
      const runtime = await openRuntime(listenOverrides(options));
      let demo: DemoProject;
      try {
        demo = await ensureDemoProject(runtime);
      } catch (error) {
        await runtime.close();
        throw error;
      }
      await serveUntilStopped(runtime, io, shutdown, (url) => {
        if (options.json) {
          const { apiKey, ...shown } = demo;
          io.stdout(`${JSON.stringify({ url: `${url}/`, ...shown, ...(apiKey ? { apiKey } : {}) })}\n`);
        } else io.stdout(describeDemo(demo, url));
      });
    });
}
