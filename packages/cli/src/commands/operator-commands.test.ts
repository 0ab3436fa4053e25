import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ProjectRepository } from '@chatbuddy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestRuntime } from '../testing/cli-test-runtime.js';

// One embedded runtime (real PGlite) for every command: starting it is the slow part. The suites run
// in order: projects starts with no users; chat answers from the files ingest indexed.
let cli: Awaited<ReturnType<typeof openTestRuntime>>;
let projectId: string;
let folder: string;

const refundPolicy = `# Refund policy

Customers can request a full refund within 30 days of purchase by emailing refunds@acme.example.
Refunds are paid back to the original card within five business days.
`;

beforeAll(async () => {
  cli = await openTestRuntime('operator');
}, 120_000);
afterAll(() => cli?.dispose());

describe('chatbuddy projects', () => {
  it('explains how to create a user when there is none', async () => {
    const result = await cli.run(['projects', 'create', '--name', 'Orphan']);
    expect(result.status).toBe(3);
    expect(result.err).toContain('user_not_found');
    expect(result.err).toContain('chatbuddy users create --admin');
  });

  it('creates, lists, rotates and deletes projects', async () => {
    const admin = await cli.createUser('ops@example.com');
    const jane = await cli.createUser('jane@example.com', 'user');
    const created = await cli.run(['projects', 'create', '--name', 'Acme Support', '--token-limit', '5000']);
    expect(created.status).toBe(0);
    expect(created.out).toMatch(
      /Created project "Acme Support" \(local\) id [0-9a-f-]{36}, owner ops@example\.com/,
    );
    expect(created.out).toMatch(/Secret key: +cb_sk_\S{20,}/);
    expect(created.out).toMatch(/Publishable key: +cb_pk_\S{20,}/);
    const unconfigured = await cli.run(['projects', 'create', '--name', 'Jane Shop', '--provider', 'ollama']);
    expect(unconfigured.status).toBe(2);
    expect(unconfigured.err).toContain('OLLAMA_BASE_URL');
    const owned = await cli.run([
      'projects',
      'create',
      '--name',
      'Jane Shop',
      '--owner',
      'Jane@Example.com',
      '--provider',
      'local',
      '--json',
    ]);
    const ownedBody = JSON.parse(owned.out);
    expect(ownedBody.project).toMatchObject({ name: 'Jane Shop', ownerId: jane.id, modelProvider: 'local' });
    expect(ownedBody.apiKey).toMatch(/^cb_sk_/);
    const acmeId = created.out.match(/id ([0-9a-f-]{36})/)![1]!;

    const listed = await cli.run(['projects', 'list']);
    expect(listed.status).toBe(0);
    expect(listed.out).toMatch(/ID\s+NAME\s+PROVIDER\s+TOKENS/);
    expect(listed.out).toContain('Acme Support');
    expect(listed.out).toContain('0/5000');
    expect(listed.out).not.toMatch(/cb_sk_\S{20,}/);
    const listedJson = JSON.parse((await cli.run(['projects', 'list', '--json'])).out);
    expect(listedJson.items.map((project: { name: string }) => project.name).sort()).toEqual([
      'Acme Support',
      'Jane Shop',
    ]);
    expect(listedJson.items.find((project: { id: string }) => project.id === acmeId).ownerId).toBe(admin.id);

    const rotated = JSON.parse(
      (
        await cli.run([
          'projects',
          'rotate-key',
          acmeId,
          '--kind',
          'publishable',
          '--grace-seconds',
          '60',
          '--json',
        ])
      ).out,
    );
    expect(rotated.kind).toBe('publishable');
    expect(rotated.apiKey).toMatch(/^cb_pk_/);
    const rotatedHuman = await cli.run(['projects', 'rotate-key', acmeId]);
    expect(rotatedHuman.out).toMatch(/New secret key: cb_sk_/);

    const refused = await cli.run(['projects', 'delete', acmeId]);
    expect(refused.status).toBe(2);
    expect(refused.err).toContain('--yes');
    const deleted = await cli.run(['projects', 'delete', acmeId, '--yes']);
    expect(deleted.status).toBe(0);
    expect(deleted.out).toContain('Deleted project "Acme Support"');
    const again = await cli.run(['projects', 'delete', acmeId, '--yes', '--json']);
    expect(again.status).toBe(3);
    expect(JSON.parse(again.err).error.code).toBe('project_not_found');
  });

  it('rejects bad arguments with a non-zero status and a clear message', async () => {
    const badId = await cli.run(['projects', 'rotate-key', 'not-a-uuid']);
    expect(badId.status).toBe(2);
    expect(badId.err).toContain('"not-a-uuid" is not a project id');
    const badLimit = await cli.run(['projects', 'create', '--name', 'X', '--token-limit', 'lots']);
    expect(badLimit.status).toBe(2);
    expect(badLimit.err).toContain('--token-limit must be a whole number');
    const badProvider = await cli.run(['projects', 'create', '--name', 'X', '--provider', 'skynet']);
    expect(badProvider.status).toBe(2);
    expect(badProvider.err).toMatch(/skynet.*invalid|invalid.*skynet/i);
    const noName = await cli.run(['projects', 'create']);
    expect(noName.status).toBe(2);
    expect(noName.err).toContain("required option '--name <name>' not specified");
    const unknownOwner = await cli.run([
      'projects',
      'create',
      '--name',
      'X',
      '--owner',
      'nobody@example.com',
    ]);
    expect(unknownOwner.status).toBe(3);
    expect(unknownOwner.err).toContain('No user has the email nobody@example.com');
    const badGrace = await cli.run([
      'projects',
      'rotate-key',
      '00000000-0000-4000-8000-000000000000',
      '--grace-seconds',
      '-5',
    ]);
    expect(badGrace.status).toBe(2);
    expect(badGrace.err).toContain('invalid_input');
  });
});

describe('chatbuddy ingest', () => {
  beforeAll(async () => {
    await cli.createUser('librarian@example.com', 'user');
    const created = await cli.run([
      'projects',
      'create',
      '--name',
      'Acme',
      '--owner',
      'librarian@example.com',
      '--json',
    ]);
    projectId = JSON.parse(created.out).project.id;
    folder = join(cli.dataDir, 'knowledge');
    await mkdir(join(folder, 'nested'), { recursive: true });
    await mkdir(join(folder, 'node_modules'), { recursive: true });
    await writeFile(join(folder, 'refunds.md'), refundPolicy);
    await writeFile(join(folder, 'nested', 'refunds-copy.md'), refundPolicy);
    await writeFile(join(folder, 'plans.csv'), 'plan,price,seats\nStarter,19 EUR,3\nBusiness,99 EUR,25\n');
    await writeFile(
      join(folder, 'hours.txt'),
      'Our support desk is open Monday to Friday from 9:00 to 17:00 CET.\n',
    );
    await writeFile(join(folder, 'setup.exe'), new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]));
    await writeFile(
      join(folder, 'broken.pdf'),
      '%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref',
    );
    await writeFile(join(folder, 'empty.md'), '');
    await writeFile(join(folder, '.secret.txt'), 'hidden file that must not be ingested');
    await writeFile(join(folder, 'node_modules', 'lib.txt'), 'dependency text that must not be ingested');
  }, 60_000);

  it('indexes a folder, skips duplicates, empty files and unsupported types, fails a corrupt PDF', async () => {
    const result = await cli.run(['ingest', folder, '--project', projectId]);
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/^7 files: 3 indexed \(\d+ chunks?\), 3 skipped, 1 failed/);
    expect(result.out).toMatch(/Skipped:\n[\s\S]*empty\.md: empty file, nothing to index\n[\s\S]*Failed:/);
    // Two workers race on the two identical files: either one is the duplicate.
    expect(result.out).toMatch(/refunds(-copy)?\.md: same content as document [0-9a-f-]{36}/);
    expect(result.out).toMatch(/setup\.exe: .*\.exe/);
    expect(result.out).toMatch(/Failed:\n\s+\S*broken\.pdf: /);
    expect(result.err).toMatch(/\[\d\/7\] indexed \S*hours\.txt \(\d+ chunks?\)/);
    expect(`${result.out}${result.err}`).not.toMatch(/secret|node_modules/);
  }, 60_000);

  it('prints a machine-readable report; a re-run only skips duplicates and exits 0', async () => {
    const result = await cli.run([
      'ingest',
      join(folder, 'refunds.md'),
      join(folder, 'hours.txt'),
      '--project',
      projectId,
      '--json',
    ]);
    expect(result.status).toBe(0);
    expect(result.err).toBe('');
    const report = JSON.parse(result.out);
    expect(report.totals).toMatchObject({ files: 2, indexed: 0, skipped: 2, failed: 0 });
    expect(report.files[0]).toMatchObject({ outcome: 'skipped', code: 'duplicate_document' });
  });

  it('stops at a failure every file would hit (provider not configured)', async () => {
    // A project whose provider was configured when it was made, and no longer is.
    const created = await cli.run(['projects', 'create', '--name', 'Offline Ollama', '--json']);
    const ollamaProject = JSON.parse(created.out).project.id;
    await cli.runtime
      .get<ProjectRepository>(ProjectRepository)
      .update(ollamaProject, { modelProvider: 'ollama' }, new Date());
    const result = await cli.run([
      'ingest',
      folder,
      '--project',
      ollamaProject,
      '--concurrency',
      '1',
      '--json',
    ]);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.out);
    expect(report.stoppedBecause).toMatch(/^provider_unavailable: The ollama provider is not configured/);
    expect(report.totals).toMatchObject({ files: 7, indexed: 0, skipped: 1, failed: 2, notProcessed: 4 });
  });

  it('never follows links out of the folder, never opens fifos or devices, and survives link loops', async () => {
    const links = join(cli.dataDir, 'links');
    const outside = join(cli.dataDir, 'outside');
    await mkdir(links, { recursive: true });
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'secret.txt'), 'The vault combination is 4-8-15-16-23-42.\n');
    await writeFile(join(links, 'returns.md'), '# Returns\n\nReturns are accepted within 14 days.\n');
    await symlink(join(outside, 'secret.txt'), join(links, 'secret.txt'));
    await symlink('returns.md', join(links, 'alias.md'));
    await symlink('loop-b', join(links, 'loop-a'));
    await symlink('loop-a', join(links, 'loop-b'));
    await symlink('.', join(links, 'itself'));
    await symlink('nowhere.md', join(links, 'broken.md'));
    execFileSync('mkfifo', [join(links, 'pipe.txt')]);
    const result = await cli.run(['ingest', links, '/dev/null', '--project', projectId, '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.out);
    const outcomes = Object.fromEntries(
      report.files.map((file: { path: string; outcome: string; code?: string }) => [
        file.path.split('/').pop(),
        file.code ?? file.outcome,
      ]),
    );
    expect(outcomes).toEqual({
      'returns.md': 'indexed',
      'alias.md': 'same_file',
      'broken.md': 'broken_link',
      itself: 'link_to_folder',
      'loop-a': 'symlink_loop',
      'loop-b': 'symlink_loop',
      'pipe.txt': 'not_a_regular_file',
      'secret.txt': 'outside_folder',
      null: 'not_a_regular_file',
    });
    expect(report.totals).toMatchObject({ files: 9, indexed: 1, skipped: 8, failed: 0 });
    const human = await cli.run(['ingest', links, '--project', projectId]);
    expect(human.out).toMatch(/secret\.txt: symbolic link to \S*secret\.txt, outside \S*links: not followed/);
    expect(human.out).toMatch(/pipe\.txt: a named pipe \(fifo\), not read/);
    expect(human.out).toMatch(/loop-a: symbolic link loop, not followed/);
    expect(human.out).toMatch(/alias\.md: same file as \S*returns\.md/);
    const answer = await cli.run(['chat', '--project', projectId, '-m', 'What is the vault combination?']);
    expect(answer.out).not.toContain('4-8-15');
  });

  it('rejects bad arguments before touching anything', async () => {
    const missing = await cli.run(['ingest', join(folder, 'nope'), '--project', projectId]);
    expect(missing.status).toBe(2);
    expect(missing.err).toContain('no such file or folder');
    const noProject = await cli.run(['ingest', folder]);
    expect(noProject.status).toBe(2);
    expect(noProject.err).toContain("required option '--project <projectId>' not specified");
    const unknown = await cli.run(['ingest', folder, '--project', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.status).toBe(3);
    // Where it looked: a project id from another installation (or another folder) is the usual cause.
    expect(unknown.err).toBe(`Error (project_not_found): Project not found in ${cli.dataDir} (DATA_DIR)\n`);
    const concurrency = await cli.run(['ingest', folder, '--project', projectId, '--concurrency', '0']);
    expect(concurrency.status).toBe(2);
    expect(concurrency.err).toContain('--concurrency must be a whole number from 1 to 16 (got "0")');
  });
});

describe('chatbuddy projects reindex', () => {
  it("rebuilds every ready document with the project's current embedder; chat still answers after it", async () => {
    const result = await cli.run(['projects', 'reindex', projectId, '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ projectId, embeddingModel: 'local:hash-512@2', failed: [] });
    expect(report.ready.length).toBeGreaterThanOrEqual(3);
    const human = await cli.run(['projects', 'reindex', projectId]);
    expect(human.out).toMatch(/^Reindexed \d+ document\(s\) with local:hash-512@2\./);
    expect((await cli.run(['projects', 'reindex', 'not-a-uuid'])).status).toBe(2);
  });
});

describe('chatbuddy chat', () => {
  it('answers one question from the ingested files, with sources', async () => {
    const result = await cli.run([
      'chat',
      '--project',
      projectId,
      '-m',
      'How many days do I have to request a refund?',
    ]);
    expect(result.status).toBe(0);
    expect(result.out).toContain('30 days');
    expect(result.out).toMatch(/Sources:\n\s+\[1\] Refund policy/);
  });

  it("says I don't know. for a question the documents do not answer", async () => {
    const result = await cli.run([
      'chat',
      '--project',
      projectId,
      '-m',
      'Who painted the Mona Lisa?',
      '--json',
    ]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ reply: "I don't know.", answered: false, sources: [] });
  });

  it('keeps the conversation across interactive turns and stops at /exit', async () => {
    const stdin = Readable.from([
      'When is the support desk open?\n',
      'Who painted the Mona Lisa?\n',
      '/exit\n',
      'never asked\n',
    ]);
    const result = await cli.run(['chat', '--project', projectId, '--json'], { stdin });
    expect(result.status).toBe(0);
    const answers = result.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(answers).toHaveLength(2);
    expect(answers[0].reply).toContain('Monday to Friday');
    expect(answers[1].conversationId).toBe(answers[0].conversationId);
    const streamed = await cli.run(['chat', '--project', projectId], {
      stdin: Readable.from(['What does the Starter plan cost?\n']),
    });
    expect(streamed.out).toContain('19 EUR');
    expect(streamed.err).toContain('Type /exit to quit');
  });

  it('rejects bad arguments with a clear message', async () => {
    const empty = await cli.run(['chat', '--project', projectId, '-m', '   ']);
    expect(empty.status).toBe(2);
    expect(empty.err).toContain('invalid_input');
    const badId = await cli.run(['chat', '--project', 'acme', '-m', 'hi']);
    expect(badId.status).toBe(2);
    expect(badId.err).toContain('"acme" is not a project id');
  });
});
