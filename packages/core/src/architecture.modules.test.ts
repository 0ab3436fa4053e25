import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Core is organised by feature (docs/decisions/0008-core-by-feature.md). A file of a feature module
 * may import `ports/`, `shared/` and its own module; another module only through that module's
 * `index.ts`. `shared/` imports only `shared/` and `ports/`; `ports/` imports domain types from
 * module indexes or `shared/`, type-only. Tests, test fixtures and `testing/` may import anything.
 */
const coreSrc = dirname(fileURLToPath(import.meta.url));
const common = ['ports', 'shared'];
const support = ['testing'];

interface ImportEdge {
  /** Importing file, relative to core/src with `/` separators. */
  from: string;
  specifier: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(from: string, text: string): ImportEdge[] {
  const statements = /(?:^|\n)\s*(import|export)(\s+type)?[^'";]*?from\s+['"]([^'"]+)['"]/g;
  const bare = /(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [
    ...[...text.matchAll(statements)].map((match) => ({
      from,
      specifier: match[3]!,
      typeOnly: match[2] !== undefined,
    })),
    ...[...text.matchAll(bare)].map((match) => ({
      from,
      specifier: (match[1] ?? match[2])!,
      typeOnly: false,
    })),
  ];
}

const topFolder = (path: string) => (path.includes('/') ? path.split('/')[0]! : null);
const isTestSupport = (path: string) =>
  /\.test\.ts$/.test(path) || path.split('/').includes('__fixtures__') || support.includes(topFolder(path)!);

/** The reason an import breaks the module rule, or null when it is allowed. */
function ruleBroken(edge: ImportEdge): string | null {
  if (!edge.specifier.startsWith('.') || isTestSupport(edge.from)) return null;
  const own = topFolder(edge.from);
  if (own === null) return null;
  const target = posix.normalize(posix.join(posix.dirname(edge.from), edge.specifier));
  const other = topFolder(target);
  if (other === null || target.startsWith('..')) return 'imports a file outside core/src modules';
  if (other === own) return null;
  if (support.includes(other)) return `imports ${other}/, which is for tests only`;
  const throughIndex = target === `${other}/index.js`;
  if (own === 'shared') return common.includes(other) ? null : 'shared/ may import only shared/ and ports/';
  if (own === 'ports') {
    if (other === 'shared') return null;
    if (!throughIndex) return `ports/ must import ${other}/ through ${other}/index.js`;
    return edge.typeOnly ? null : 'ports/ may import only types from feature modules';
  }
  if (common.includes(other) || throughIndex) return null;
  return `must import ${other}/ through ${other}/index.js, not a deep path`;
}

function coreEdges(): ImportEdge[] {
  return sourceFiles(coreSrc).flatMap((file) => {
    const from = relative(coreSrc, file).split(sep).join('/');
    return importsOf(from, readFileSync(file, 'utf8'));
  });
}

const featureModules = () =>
  readdirSync(coreSrc).filter(
    (entry) =>
      statSync(join(coreSrc, entry)).isDirectory() && !common.includes(entry) && !support.includes(entry),
  );

describe('core feature modules', () => {
  it('import one another only through module indexes, and shared/ and ports/ stay below them', () => {
    const offenders = coreEdges().flatMap((edge) => {
      const reason = ruleBroken(edge);
      return reason === null ? [] : [`${edge.from} imports ${edge.specifier}: ${reason}`];
    });
    expect(offenders).toEqual([]);
  });

  it('each have an index.ts, re-exported by core/src/index.ts', () => {
    const rootIndex = readFileSync(join(coreSrc, 'index.ts'), 'utf8');
    for (const module of [...featureModules(), 'shared', 'ports']) {
      expect(existsSync(join(coreSrc, module, 'index.ts')), module).toBe(true);
      expect(rootIndex, module).toContain(`export * from './${module}/index.js';`);
    }
  });

  it('depend on one another at run time without cycles, so module indexes load in any order', () => {
    const modules = featureModules();
    const dependencies = new Map(modules.map((module) => [module, new Set<string>()]));
    for (const edge of coreEdges()) {
      const own = topFolder(edge.from);
      if (edge.typeOnly || isTestSupport(edge.from) || own === null || !dependencies.has(own)) continue;
      const other = topFolder(posix.normalize(posix.join(posix.dirname(edge.from), edge.specifier)));
      if (other !== null && other !== own && dependencies.has(other)) dependencies.get(own)!.add(other);
    }
    const reachable = (start: string): Set<string> => {
      const seen = new Set<string>();
      const pending = [...dependencies.get(start)!];
      while (pending.length > 0) {
        const next = pending.pop()!;
        if (seen.has(next)) continue;
        seen.add(next);
        pending.push(...dependencies.get(next)!);
      }
      return seen;
    };
    expect(modules.filter((module) => reachable(module).has(module))).toEqual([]);
  });

  it('reject deep imports across modules and upward imports from shared/ and ports/', () => {
    const edge = (from: string, specifier: string, typeOnly = false) => ({ from, specifier, typeOnly });
    expect(
      ruleBroken(edge('assistant/chat/x.ts', '../../projects/project-settings.input.js')),
    ).not.toBeNull();
    expect(ruleBroken(edge('assistant/chat/x.ts', '../../projects/index.js'))).toBeNull();
    expect(ruleBroken(edge('assistant/chat/x.ts', '../../shared/domain-error.js'))).toBeNull();
    expect(ruleBroken(edge('assistant/chat/x.ts', '../../ports/clock.port.js'))).toBeNull();
    expect(ruleBroken(edge('assistant/chat/x.ts', '../retrieval/retriever.js'))).toBeNull();
    expect(ruleBroken(edge('assistant/chat/x.ts', '../../testing/fixed-clock.js'))).not.toBeNull();
    expect(ruleBroken(edge('assistant/chat/x.test.ts', '../../projects/project.js'))).toBeNull();
    expect(ruleBroken(edge('shared/x.ts', '../accounts/index.js', true))).not.toBeNull();
    expect(ruleBroken(edge('ports/x.port.ts', '../accounts/user.js', true))).not.toBeNull();
    expect(ruleBroken(edge('ports/x.port.ts', '../accounts/index.js', true))).toBeNull();
    expect(ruleBroken(edge('ports/x.port.ts', '../accounts/index.js'))).not.toBeNull();
  });
});
