import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const coreSrc = join(packagesDir, 'core', 'src');

interface Manifest {
  name?: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function manifest(name: string): Manifest {
  return JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8'));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory())
      return entry === 'node_modules' || entry === 'dist' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((match) => (match[1] ?? match[2])!);
}

const isTestSupport = (file: string) =>
  /\.test\.ts$/.test(file) || relative(coreSrc, file).startsWith('testing');
const workspaceDependencies = (name: string) =>
  Object.keys(manifest(name).dependencies ?? {}).filter((dependency) => dependency.startsWith('@chatbuddy/'));

describe('architecture', () => {
  it('core depends on zod only', () => {
    expect(Object.keys(manifest('core').dependencies ?? {})).toEqual(['zod']);
  });

  it('core source imports nothing but its own files and zod (tests and fakes may use vitest and fast-check)', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(coreSrc)) {
      const allowed = isTestSupport(file)
        ? ['zod', 'vitest', 'fast-check', 'node:fs', 'node:path', 'node:url']
        : ['zod'];
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith('.') && !allowed.includes(specifier))
          offenders.push(`${relative(coreSrc, file)} imports ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('core reads no environment, wall clock or ambient randomness outside its test fakes', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(coreSrc)) {
      if (isTestSupport(file)) continue;
      const text = readFileSync(file, 'utf8');
      for (const pattern of [
        /process\.env/,
        /Date\.now\(/,
        /Math\.random\(/,
        /new Date\(\)/,
        /\brequire\(/,
      ]) {
        if (pattern.test(text)) offenders.push(`${relative(coreSrc, file)}: ${pattern.source}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('adapter packages depend on core only, never on each other', () => {
    for (const name of readdirSync(packagesDir).filter((entry) => entry.startsWith('adapters-'))) {
      expect(workspaceDependencies(name), name).toEqual(['@chatbuddy/core']);
    }
  });

  it('driving adapters depend on core and runtime; the widget and dashboard on nothing at run time', () => {
    // http-koa serves the built files of the widget (GET /widget.js) and of the dashboard (GET /app)
    // and never imports their code.
    expect(workspaceDependencies('http-koa').sort()).toEqual([
      '@chatbuddy/core',
      '@chatbuddy/dashboard',
      '@chatbuddy/runtime',
      '@chatbuddy/widget',
    ]);
    expect(workspaceDependencies('cli').sort()).toEqual([
      '@chatbuddy/core',
      '@chatbuddy/evaluation',
      '@chatbuddy/http-koa',
      '@chatbuddy/runtime',
    ]);
    expect(Object.keys(manifest('widget').dependencies ?? {})).toEqual([]);
    expect(Object.keys(manifest('dashboard').dependencies ?? {})).toEqual([]);
    expect(workspaceDependencies('runtime')).not.toContain('@chatbuddy/http-koa');
  });

  it('http-koa reads the built widget and dashboard files only and never imports those packages', () => {
    const httpSrc = join(packagesDir, 'http-koa', 'src');
    const offenders = sourceFiles(httpSrc).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => /^@chatbuddy\/(widget|dashboard)/.test(specifier))
        .map((specifier) => `${relative(httpSrc, file)} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
    const readers = sourceFiles(httpSrc).filter((file) =>
      readFileSync(file, 'utf8').includes("resolve('@chatbuddy/widget/widget.js')"),
    );
    expect(readers.map((file) => relative(httpSrc, file))).toEqual(['routes/widget-script.ts']);
    const dashboardReaders = sourceFiles(httpSrc).filter((file) =>
      readFileSync(file, 'utf8').includes('resolve(`@chatbuddy/dashboard/'),
    );
    expect(dashboardReaders.map((file) => relative(httpSrc, file))).toEqual(['routes/dashboard-app.ts']);
  });

  it('adapter folders, scripts included, import no other adapter and hold no evaluation code', () => {
    const adapters = readdirSync(packagesDir).filter((entry) => entry.startsWith('adapters-'));
    const offenders: string[] = [];
    for (const name of adapters) {
      const root = join(packagesDir, name);
      const others = adapters.filter((other) => other !== name);
      for (const file of sourceFiles(root)) {
        for (const specifier of importsOf(file)) {
          const target = specifier.startsWith('.')
            ? relative(packagesDir, join(dirname(file), specifier))
            : specifier;
          const other = others.find((adapter) => target.split(/[/\\]/).includes(adapter));
          if (other || /(^|[/\\])evaluation([/\\]|$)/.test(target))
            offenders.push(`${name}/${relative(root, file)} imports ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('nobody but the CLI depends on the evaluation package', () => {
    const dependants = readdirSync(packagesDir).filter((name) => {
      const { dependencies = {}, devDependencies = {} } = manifest(name);
      return '@chatbuddy/evaluation' in { ...dependencies, ...devDependencies };
    });
    expect(dependants).toEqual(['cli']);
    expect(workspaceDependencies('runtime')).not.toContain('@chatbuddy/evaluation');
    expect(workspaceDependencies('http-koa')).not.toContain('@chatbuddy/evaluation');
  });

  it('the evaluation package, its scripts included, is typechecked', () => {
    const check = JSON.parse(readFileSync(join(packagesDir, '..', 'tsconfig.check.json'), 'utf8'));
    const build = JSON.parse(readFileSync(join(packagesDir, '..', 'tsconfig.json'), 'utf8'));
    expect(check.include).toEqual(expect.arrayContaining(['packages/*/src', 'packages/evaluation/scripts']));
    expect(build.references).toContainEqual({ path: 'packages/evaluation' });
    expect(manifest('evaluation')).toMatchObject({ name: '@chatbuddy/evaluation', private: true });
  });

  it('only the runtime and the driving adapters import inversify', () => {
    for (const name of readdirSync(packagesDir).filter((entry) => entry !== 'runtime')) {
      expect(Object.keys(manifest(name).dependencies ?? {}), name).not.toContain('inversify');
    }
  });
});
