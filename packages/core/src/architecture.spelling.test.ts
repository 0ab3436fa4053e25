import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory())
      return ['node_modules', 'dist', 'public'].includes(entry) ? [] : sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(path) ? [path] : [];
  });
}

/**
 * Spellings that are not ours to change: the JavaScript API, SQL keywords, an option of the OpenAI
 * SDK, a column name stored in every database (renaming it needs a migration), and an English
 * word the stemmer's vocabulary test pins.
 */
const foreign = [
  /\.normalize\(/g,
  /\b(vacuum|explain \()analyse\b/gi,
  /\borganization: null\b/g,
  /\bsummarized_message_count\b/g,
  /\borganization: 'organ'/g,
];
const american = /\b\w*(analyz|normaliz|summariz|sanitiz|recogniz|organiz)\w*\b/gi;

describe('identifiers', () => {
  it('use British spelling (analyse, normalise, summarise, sanitise)', () => {
    const offenders = readdirSync(packagesDir).flatMap((name) =>
      ['src', 'scripts']
        .map((folder) => join(packagesDir, name, folder))
        .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory())
        .flatMap(sourceFiles)
        .filter((file) => file !== fileURLToPath(import.meta.url))
        .flatMap((file) => {
          let text = readFileSync(file, 'utf8');
          for (const pattern of foreign) text = text.replace(pattern, '');
          // Comments and strings are prose, not identifiers.
          text = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
          text = text.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
          return [...text.matchAll(american)].map((match) => `${relative(packagesDir, file)}: ${match[0]}`);
        }),
    );
    expect(offenders).toEqual([]);
  });
});
