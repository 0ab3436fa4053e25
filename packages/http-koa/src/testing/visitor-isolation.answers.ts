import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import type { Seen } from './visitor-isolation.leads.js';
import { allItems, type VisitorWorld } from './visitor-isolation.world.js';

let serial = 0;

/**
 * The owner pins a distinctive answer (its text names the project's marker) by POST or by CSV
 * import. Questions share one shape across projects, so a matcher that looked across projects
 * would find the other's.
 */
export async function curate(
  { server, tenants }: VisitorWorld,
  index: number,
  topic: string,
  imported: boolean,
): Promise<Seen[]> {
  const self = tenants[index]!;
  serial += 1;
  const question = `What does the ${topic} promise number ${serial} cover?`;
  const answer = `The ${self.marker} ${topic} promise ${serial} covers ${serial} years of care.`;
  const base = `/projects/${self.projectId}/answers`;
  const response = imported
    ? await server.request(`${base}/import`, {
        method: 'POST',
        headers: self.owner,
        json: { csv: `question,answer\r\n"${question}","${answer}"\r\n` },
      })
    : await server.request(base, { method: 'POST', headers: self.owner, json: { question, answer } });
  expect(response.status).toBe(201);
  const id: string = imported
    ? (await allItems(server, base, self.owner)).find((item) => item.question === question)!.id
    : response.body.answer.id;
  self.answers.set(id, { question, answer });
  self.secrets.add(id);
  return [{ viewer: index, text: response.text }];
}

/** The owner deletes its latest curated answer. */
export async function forget({ server, tenants }: VisitorWorld, index: number): Promise<Seen[]> {
  const self = tenants[index]!;
  const id = [...self.answers.keys()].at(-1);
  if (!id) return [];
  const response = await server.request(`/projects/${self.projectId}/answers/${id}`, {
    method: 'DELETE',
    headers: self.owner,
  });
  expect(response.status).toBe(204);
  self.answers.delete(id);
  return [{ viewer: index, text: response.text }];
}

/**
 * A visitor of project `index` asks the exact question of the latest curated answer of its own
 * project (answered from it) or of the other project (never answered from the other's).
 */
export async function ask(
  { server, tenants }: VisitorWorld,
  index: number,
  foreign: boolean,
  inSession: boolean,
): Promise<Seen[]> {
  const self = tenants[index]!;
  const owner = tenants[foreign ? 1 - index : index]!;
  const [targetId, target] = [...owner.answers].at(-1) ?? [];
  if (!targetId || !target) return [];
  const session = inSession ? self.sessions.findLast((each) => each.state === 'ready') : undefined;
  // Outside a session `/chat` takes the secret key: lead capture keeps the widget's key out of it.
  const response = await server.request(session ? '/assistant/chat' : '/chat', {
    method: 'POST',
    headers: { 'x-api-key': session ? self.publishableKey : self.secretKey },
    json: { message: target.question, ...(session && { sessionId: session.id }) },
  });
  expect(response.status).toBe(200);
  const cited = (response.body.sources as { curatedAnswerId?: string }[]).flatMap(
    (source) => source.curatedAnswerId ?? [],
  );
  for (const id of cited) expect(self.answers.has(id)).toBe(true);
  if (foreign) {
    for (const { answer } of owner.answers.values()) expect(response.body.reply).not.toContain(answer);
  } else {
    expect(response.body).toMatchObject({ answered: true, reply: target.answer });
    expect(cited).toEqual([targetId]);
  }
  return [{ viewer: index, text: response.text }];
}

/** The owner downloads its own CSV: exactly its own rows. */
export async function exportOwn(
  { server, tenants }: VisitorWorld,
  index: number,
  what: 'leads' | 'answers',
): Promise<Seen[]> {
  const self = tenants[index]!;
  const response = await server.request(`/projects/${self.projectId}/${what}.csv`, { headers: self.owner });
  expect(response.status).toBe(200);
  const [header, ...rows] = parse(response.text, { bom: true }) as string[][];
  expect(header?.[0]).toBe(what === 'leads' ? 'id' : 'question');
  const expected =
    what === 'leads' ? [...self.leads.values()] : [...self.answers.values()].map((each) => each.question);
  expect(rows.map((row) => row[0]).sort()).toEqual(expected.sort());
  return [{ viewer: index, text: response.text }];
}
