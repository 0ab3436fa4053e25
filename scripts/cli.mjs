// Runs the built `chatbuddy` CLI (building the workspace first only when it is missing or older
// than its sources). `./chatbuddy`, `pnpm start` and `pnpm run chatbuddy` all come through here.
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './build-if-stale.mjs';
import { stopWithLauncher } from './launcher-watch.mjs';

if (Number.parseInt(process.versions.node, 10) < 22) {
  process.stderr.write(
    `Chat Buddy needs Node 22 (this is ${process.version}); run it with ./chatbuddy, which uses the project's own Node.\n`,
  );
  process.exit(1);
}
if (!ensureBuilt()) {
  process.stderr.write('The build failed (see above).\n');
  process.exit(1);
}
if (process.env.npm_lifecycle_event === 'start' && process.argv[2] === 'serve') stopWithLauncher();
const bin = new URL('../packages/cli/dist/bin.js', import.meta.url);
process.argv.splice(1, 1, fileURLToPath(bin));
await import(bin.href);
