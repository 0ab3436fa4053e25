// Builds the workspace (tsc -b, then the widget and dashboard bundles) only when it has never been built or a source changed since the
// last build, so starting the server or the CLI does not recompile anything on every run.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'node_modules', '.cache', 'chatbuddy', 'build-stamp');

/** The packages `tsc -b` builds (the root tsconfig's references). */
function builtPackages() {
  const { references } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  return references.map((reference) => join(root, reference.path));
}

/**
 * The widget and the dashboard are bundled by esbuild, not tsc: their own build scripts write
 * dist/widget.js and dist/app.js (with dist/app.css).
 */
const widget = join(root, 'packages', 'widget');
const dashboard = join(root, 'packages', 'dashboard');
const bundles = [
  { folder: widget, output: join(widget, 'dist', 'widget.js') },
  { folder: dashboard, output: join(dashboard, 'dist', 'app.js') },
];

/** Newest modification time (ms) of the files that shape the build; tests do not count. */
function newestSource(packages) {
  let newest = 0;
  const visit = (path) => {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats) return;
    if (stats.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (!/\.test\.ts$/.test(path)) newest = Math.max(newest, stats.mtimeMs);
  };
  for (const file of ['tsconfig.json', 'tsconfig.base.json', 'pnpm-lock.yaml']) visit(join(root, file));
  for (const folder of packages) {
    for (const entry of ['src', 'package.json', 'tsconfig.json']) visit(join(folder, entry));
  }
  return newest;
}

/** Whether `dist` is missing in any package or older than its sources. */
export function needsBuild() {
  const packages = [...builtPackages(), widget, dashboard];
  if (packages.some((folder) => !existsSync(join(folder, 'dist')))) return true;
  if (bundles.some((bundle) => !existsSync(bundle.output))) return true;
  const built = statSync(stamp, { throwIfNoEntry: false });
  return !built || newestSource(packages) > built.mtimeMs;
}

/** Builds when needed (progress on stderr, so stdout stays the command's); false when tsc failed. */
export function ensureBuilt() {
  if (!needsBuild()) return true;
  const started = new Date();
  process.stderr.write('Building Chat Buddy (first run, or sources changed)…\n');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-b'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) return false;
  for (const bundle of bundles) {
    const bundled = spawnSync(process.execPath, [join(bundle.folder, 'build.mjs')], {
      cwd: root,
      stdio: ['ignore', 2, 2],
    });
    if (bundled.status !== 0) return false;
  }
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, '');
  // Sources saved during the build are newer than the stamp and trigger the next build.
  utimesSync(stamp, started, started);
  return true;
}
