import { LeadFlowSettings, leadFlowSettings } from '@chatbuddy/core';
import type { Persistence } from '@chatbuddy/runtime';
import { expect } from 'vitest';
import { startTestServer, type TestServer } from './test-server.js';
import { ownerHeaders } from './users.js';

/** A lead session of the flow, as its own project last left it. */
export interface VisitorSession {
  id: string;
  email: string;
  state: 'awaiting_otp' | 'ready' | 'erased';
}

/** One project with its owner, keys, and what its own operations should have made of it. */
export interface VisitorTenant {
  marker: string;
  projectId: string;
  secretKey: string;
  publishableKey: string;
  owner: Record<string, string>;
  /** Text no one else may ever be shown: marker, ids, email addresses. */
  secrets: Set<string>;
  /** Leads that should exist: email → lead id. */
  leads: Map<string, string>;
  /** Curated answers that should exist: id → question and answer. */
  answers: Map<string, { question: string; answer: string }>;
  sessions: VisitorSession[];
  /** Answers of the project's own chats that may be rated. */
  chats: { messageId: string; conversationId: string }[];
  /** Ratings its own keys gave: message id → rating. */
  ratings: Map<string, 'up' | 'down'>;
}

const generous = { limit: 100_000, windowMs: 60_000 };

/**
 * A server with two projects of two owners, both capturing leads; code throttles are lifted so
 * generated sequences of any length run through.
 */
export async function startVisitorWorld(persistence?: Persistence) {
  const server = await startTestServer({
    ...(persistence ? { resources: { persistence } } : {}),
    overrides: [
      [
        LeadFlowSettings,
        leadFlowSettings({
          otpResendRules: [generous],
          otpDailyCaps: { perEmail: generous, perClient: generous, perProject: generous },
        }),
      ],
    ],
  });
  server.ports.models.chat.reply = (request) => request.context.map((passage) => passage.text).join(' ');
  const tenants: VisitorTenant[] = [];
  for (const marker of ['alphaquartz', 'betazircon']) {
    const headers = await ownerHeaders(server);
    const created = await server.request('/projects', {
      method: 'POST',
      headers,
      json: {
        name: `Project ${marker}`,
        assistant: { leadCapture: true, privacyNoticeUrl: `https://${marker}.example/privacy` },
      },
    });
    expect(created.status).toBe(201);
    const { project, apiKey, publishableKey } = created.body;
    tenants.push({
      marker,
      projectId: project.id,
      secretKey: apiKey,
      publishableKey,
      owner: headers,
      secrets: new Set([marker, project.id, apiKey, publishableKey]),
      leads: new Map(),
      answers: new Map(),
      sessions: [],
      chats: [],
      ratings: new Map(),
    });
  }
  return { server, tenants };
}

export type VisitorWorld = Awaited<ReturnType<typeof startVisitorWorld>>;

/** Every item of a paged dashboard list, following the cursors. */
export async function allItems(
  server: TestServer,
  path: string,
  headers: Record<string, string>,
): Promise<{ id: string; [field: string]: unknown }[]> {
  const items = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await server.request(`${path}${query}`, { headers });
    expect(response.status).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
  } while (cursor);
  return items;
}

/** Asserts that the tenant's leads and curated answers are exactly those its own operations made. */
export async function expectOwnData(server: TestServer, tenant: VisitorTenant): Promise<void> {
  const base = `/projects/${tenant.projectId}`;
  const leads = await allItems(server, `${base}/leads`, tenant.owner);
  expect(leads.map((lead) => lead.id).sort()).toEqual([...tenant.leads.values()].sort());
  const answers = await allItems(server, `${base}/answers`, tenant.owner);
  expect(answers.map(({ id, question, answer }) => ({ id, question, answer })).sort(byId)).toEqual(
    [...tenant.answers].map(([id, text]) => ({ id, ...text })).sort(byId),
  );
}

const byId = (left: { id: string }, right: { id: string }) => left.id.localeCompare(right.id);
