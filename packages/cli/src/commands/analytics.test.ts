import {
  AskQuestion,
  CreateProject,
  GiveFeedback,
  ProjectRepository,
  UploadDocument,
  WebhookDeliveryRepository,
} from '@chatbuddy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestRuntime } from '../testing/cli-test-runtime.js';

let cli: Awaited<ReturnType<typeof openTestRuntime>>;
let projectId: string;

beforeAll(async () => {
  cli = await openTestRuntime('analytics');
  const owner = await cli.createUser('ops@example.com');
  const created = await cli.runtime
    .get(CreateProject)
    .execute({ id: owner.id, role: 'admin' }, { name: 'Acme' });
  projectId = created.project.id;
  await cli.runtime
    .get(UploadDocument)
    .execute(projectId, { content: '# Refunds\n\nRefunds are paid within 14 days of receiving the robot.' });
}, 120_000);
afterAll(() => cli?.dispose());

describe('chatbuddy analytics', () => {
  it('prints counts, unanswered questions and thumbs-down answers; --json gives the API body', async () => {
    const project = (await cli.runtime.get<ProjectRepository>(ProjectRepository).findById(projectId))!;
    const ask = cli.runtime.get(AskQuestion);
    const unknown = await ask.execute(project, { message: 'Do you ship to Mars?' });
    await ask.execute(project, { message: 'do you SHIP to mars' });
    await cli.runtime
      .get(GiveFeedback)
      .execute(project, 'secret', unknown.messageId, { rating: 'down', comment: 'Add it' });

    const deliveries = cli.runtime.get<WebhookDeliveryRepository>(WebhookDeliveryRepository);
    const delivery = { projectId, event: 'lead.verified', leadId: null, attempts: 1, error: null };
    const failedAt = new Date();
    await deliveries.record({
      ...delivery,
      id: '00000000-0000-4000-8000-0000000000d1',
      status: 'delivered',
      responseStatus: 204,
      createdAt: failedAt,
    });
    await deliveries.record({
      ...delivery,
      id: '00000000-0000-4000-8000-0000000000d2',
      status: 'failed',
      attempts: 3,
      responseStatus: null,
      error: 'timeout',
      createdAt: failedAt,
    });

    const text = await cli.run(['analytics', '--project', projectId]);
    expect(text.status).toBe(0);
    expect(text.out).toContain('Documents 1');
    expect(text.out).toMatch(/"I don't know\." 2 \(100\.0% unanswered\)/);
    expect(text.out).toContain(`2× "do you SHIP to mars"`);
    expect(text.out).toContain(`message ${unknown.messageId}`);
    expect(text.out).toContain(`/projects/${projectId}/answers`);
    expect(text.out).toContain('Token budget (month)');
    expect(text.out).toContain(
      `Lead notification webhooks: 1 delivered, 1 failed; last failure ${failedAt.toISOString()} (timeout)`,
    );

    const json = await cli.run(['analytics', '--project', projectId, '--json', '--days', '7']);
    const body = JSON.parse(json.out);
    expect(body.unansweredQuestions[0]).toMatchObject({ count: 2, messageId: expect.any(String) });
    expect(body.thumbsDown[0]).toMatchObject({ messageId: unknown.messageId, comment: 'Add it' });
    expect(body.usage.daily).toHaveLength(7);
    expect(body.leadNotifications).toMatchObject({
      delivered: 1,
      failed: 1,
      lastFailure: { error: 'timeout' },
    });
  });

  it('refuses a bad or unknown project and bad options with a non-zero exit', async () => {
    expect((await cli.run(['analytics', '--project', 'nope'])).status).not.toBe(0);
    const unknown = await cli.run([
      'analytics',
      '--project',
      '00000000-0000-4000-8000-000000000000',
      '--json',
    ]);
    expect(unknown.status).not.toBe(0);
    expect(JSON.parse(unknown.err).error.code).toBe('project_not_found');
    expect(unknown.out).toBe('');
    expect((await cli.run(['analytics', '--project', projectId, '--days', '0'])).status).not.toBe(0);
  });
});
