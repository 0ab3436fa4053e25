import { call, type Reply, type RunningInstance } from '@chatbuddy/runtime/testing';
import type { RequestKind, SoakProject, SoakTally } from './soak-state.js';

export interface LoadContext {
  instances: readonly RunningInstance[];
  projects: readonly SoakProject[];
  /** A project whose key is rotated (its key is never used by the other kinds). */
  rotation: { id: string; apiKey: string };
  token: () => string;
  tally: SoakTally;
}

const weights: Array<[RequestKind, number]> = [
  ['upload', 3],
  ['replace', 1],
  ['delete', 1],
  ['chat', 6],
  ['sse', 2],
  ['sseAborted', 2],
  ['dashboard', 3],
  ['rotate', 0.3],
];
const weightSum = weights.reduce((sum, [, weight]) => sum + weight, 0);

/** Documents per project the load keeps at most. */
const maxLiveDocuments = 40;
let serial = 0;
/** Rotations run one at a time, so each checks its own old and new key. */
let rotating = false;
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

function chooseKind(): RequestKind {
  let roll = Math.random() * weightSum;
  for (const [kind, weight] of weights) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return 'chat';
}

const fact = (n: number) =>
  `Item ${n} of the catalogue ships from warehouse ${n % 7} and its code word is word${n}x${(n * 31) % 97}.`;

/** Reads an event stream; with `abortAfterFirst`, aborts once the first event arrived. */
async function stream(instance: RunningInstance, project: SoakProject, abortAfterFirst: boolean) {
  const controller = new AbortController();
  const response = await fetch(`${instance.url}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': project.apiKey, accept: 'text/event-stream' },
    body: JSON.stringify({ message: `What is the code word of item ${serial % 50}?` }),
    signal: controller.signal,
  });
  if (!response.body || !(response.headers.get('content-type') ?? '').includes('event-stream'))
    return { status: response.status, detail: await response.text() };
  const decoder = new TextDecoder();
  let text = '';
  try {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (abortAfterFirst && text.includes('\n\n')) {
        controller.abort();
        return { status: -1, detail: '' };
      }
    }
  } catch (error) {
    if (abortAfterFirst) return { status: -1, detail: '' };
    throw error;
  }
  const error = /event: error\ndata: (.+)/.exec(text);
  if (error) {
    const status = JSON.parse(error[1] as string).error.status as number;
    return { status, detail: error[1] as string };
  }
  const done = /event: done\ndata: (.+)/.exec(text);
  if (!done) return { status: 0, detail: 'stream ended without done' };
  const answer = JSON.parse(done[1] as string) as { messageId: string; usage: { totalTokens: number } };
  project.answered.set(answer.messageId, answer.usage.totalTokens);
  return { status: 200, detail: '' };
}

/** One request of a randomly chosen kind, counted in the tally. */
export async function oneRequest(context: LoadContext): Promise<void> {
  serial += 1;
  const n = serial;
  const { instances, tally } = context;
  const instance = instances[n % instances.length] as RunningInstance;
  const other = instances[(n + 1) % instances.length] as RunningInstance;
  const project = pick(context.projects);
  let kind = chooseKind();
  if ((kind === 'replace' || kind === 'delete') && project.live.size < 4) kind = 'upload';
  if (kind === 'rotate' && rotating) kind = 'dashboard';
  // A bounded corpus: memory may only grow with leaks, not with the data.
  if (kind === 'upload' && project.live.size >= maxLiveDocuments) kind = 'delete';
  const record = (reply: Reply | { status: number; detail: string }) =>
    tally.count(
      kind,
      instance.name,
      reply.status,
      'detail' in reply ? reply.detail : JSON.stringify(reply.body),
    );
  try {
    const apiKey = project.apiKey;
    if (kind === 'upload') {
      const reply = await call(instance.url, '/upload-doc', {
        apiKey,
        json: { title: `Item ${n}`, content: fact(n) },
      });
      if (reply.status === 201) project.live.add(reply.body.document.id);
      return record(reply);
    }
    if (kind === 'replace') {
      const id = pick([...project.live]);
      const json = { content: `${fact(n)} Revised ${n}.` };
      return record(await call(instance.url, `/documents/${id}`, { method: 'PUT', apiKey, json }));
    }
    if (kind === 'delete') {
      const id = pick([...project.live]);
      project.live.delete(id);
      const reply = await call(instance.url, `/documents/${id}`, { method: 'DELETE', apiKey });
      if (reply.status !== 200 && reply.status !== 404) project.live.add(id);
      return record(reply);
    }
    if (kind === 'chat') {
      const json = { message: `What is the code word of item ${n % 50}?` };
      const reply = await call(instance.url, '/chat', { apiKey, json });
      if (reply.status === 200) project.answered.set(reply.body.messageId, reply.body.usage.totalTokens);
      return record(reply);
    }
    if (kind === 'sse' || kind === 'sseAborted')
      return record(await stream(instance, project, kind === 'sseAborted'));
    if (kind === 'dashboard') {
      const path = pick([
        '/projects',
        `/projects/${project.id}`,
        `/projects/${project.id}/usage`,
        `/projects/${project.id}/documents`,
        `/projects/${project.id}/analytics`,
        `/projects/${project.id}/conversations`,
      ]);
      return record(await call(instance.url, path, { token: context.token() }));
    }
    rotating = true;
    try {
      await rotate(context, instance, other);
    } finally {
      rotating = false;
    }
  } catch (error) {
    tally.count(kind, instance.name, 0, error instanceof Error ? error.message : String(error));
  }
}

/** Rotates the rotation project's key through `instance`; `other` must refuse the old key at once. */
async function rotate(context: LoadContext, instance: RunningInstance, other: RunningInstance) {
  const { rotation, tally } = context;
  const old = rotation.apiKey;
  const path = `/projects/${rotation.id}/rotate-key`;
  const reply = await call(instance.url, path, { token: context.token(), json: {} });
  tally.count('rotate', instance.name, reply.status, JSON.stringify(reply.body));
  if (reply.status !== 200) return;
  rotation.apiKey = reply.body.apiKey;
  const refused = await call(other.url, '/documents', { apiKey: old });
  const accepted = await call(other.url, '/documents', { apiKey: rotation.apiKey });
  if (refused.status !== 401 || accepted.status !== 200)
    tally.staleKeys.push(`old key ${refused.status}, new key ${accepted.status} on ${other.name}`);
}
