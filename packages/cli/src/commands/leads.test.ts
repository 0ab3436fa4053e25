import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inMemoryLeadSeeder, makeDirectoryLead, seedProject } from '@chatbuddy/core/testing';
import { type ChatBuddy, createChatBuddy } from '@chatbuddy/runtime';
import { inMemoryResources } from '@chatbuddy/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

let runtime: ChatBuddy;
let ports: ReturnType<typeof inMemoryResources>['ports'];
let projectId: string;
let folder: string;

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const shared: ChatBuddy = { ...runtime, close: async () => {} };
  const status = await runCli(argv, {
    openRuntime: async () => shared,
    io: { stdout: (text) => out.push(text), stderr: (text) => err.push(text) },
  });
  return { status, out: out.join(''), err: err.join('') };
}

beforeAll(async () => {
  const built = inMemoryResources();
  ports = built.ports;
  runtime = await createChatBuddy({ nodeEnv: 'test', logLevel: 'silent' }, { resources: built.resources });
  projectId = (await seedProject(ports)).id;
  const seed = inMemoryLeadSeeder(ports.db);
  await seed.lead(
    makeDirectoryLead(projectId, { name: 'Ada\nLovelace', email: 'ada@example.com', verifiedAt: new Date() }),
  );
  await seed.lead(makeDirectoryLead(projectId, { name: '=SUM(A1:A9)', email: 'sum@example.com' }));
  folder = await mkdtemp(join(tmpdir(), 'chatbuddy-leads-'));
});
afterAll(async () => {
  await runtime.close();
  await rm(folder, { recursive: true, force: true });
});

describe('chatbuddy leads', () => {
  it('lists leads as a table, filtered, or as JSON', async () => {
    const table = await run(['leads', 'list', '--project', projectId]);
    expect(table.status).toBe(0);
    expect(table.out).toMatch(/ID\s+NAME\s+EMAIL\s+VERIFIED/);
    expect(table.out).toContain('Ada Lovelace');
    const verified = await run(['leads', 'list', '--project', projectId, '--verified', 'true', '--json']);
    expect(JSON.parse(verified.out).items.map((lead: { email: string }) => lead.email)).toEqual([
      'ada@example.com',
    ]);
    const searched = await run(['leads', 'list', '--project', projectId, '--search', 'SUM', '--json']);
    expect(JSON.parse(searched.out).items).toHaveLength(1);
  });

  it('exports the CSV to standard output or to a file', async () => {
    const printed = await run(['leads', 'export', '--project', projectId]);
    expect(printed.status).toBe(0);
    expect(printed.out.startsWith('\uFEFF"id","name"')).toBe(true);
    expect(printed.out).toContain(`"'=SUM(A1:A9)"`);
    const file = join(folder, 'leads.csv');
    expect((await run(['leads', 'export', '--project', projectId, '--output', file])).status).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(printed.out);
    expect(await readdir(folder)).toEqual(['leads.csv']);
  });

  it('refuses a bad or unknown project without writing a file', async () => {
    const bad = await run(['leads', 'list', '--project', 'nope']);
    expect(bad.status).not.toBe(0);
    expect(bad.err).toContain('not a project id');
    const file = join(folder, 'missing.csv');
    const unknown = await run([
      'leads',
      'export',
      '--project',
      '00000000-0000-4000-8000-000000000001',
      '--output',
      file,
    ]);
    expect(unknown.status).not.toBe(0);
    expect(unknown.err).toContain('project_not_found');
    expect(await readdir(folder)).toEqual(['leads.csv']);
  });

  it('says on one line why --output cannot be written, and leaves no partial file', async () => {
    for (const output of [join(folder, 'missing', 'leads.csv'), folder]) {
      const result = await run(['leads', 'export', '--project', projectId, '--output', output]);
      expect(result.status).toBe(2);
      expect(result.err).toMatch(
        /^Error \(invalid_input\): Cannot write .*: (no such file or folder|it is a folder)\n$/,
      );
    }
    expect(await readdir(folder)).toEqual(['leads.csv']);
  });
});
