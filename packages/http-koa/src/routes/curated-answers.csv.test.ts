import fc from 'fast-check';
import { utf8ByteOrderMark } from '@chatbuddy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curatedAnswersToCsv, neutraliseCell, parseCuratedCsv, restoreCell } from './curated-answers.csv.js';
import { openApiMismatches } from '../testing/openapi-conformance.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signedInUser } from '../testing/users.js';

let server: TestServer;
let alice: Awaited<ReturnType<typeof signedInUser>>;

beforeAll(async () => {
  server = await startTestServer();
  alice = await signedInUser(server);
});
afterAll(() => server.stop());

async function newProject() {
  const response = await server.request('/projects', {
    method: 'POST',
    headers: alice.headers,
    json: { name: 'Shop' },
  });
  return response.body.project.id as string;
}

const importCsv = (projectId: string, body: string, type = 'text/csv') =>
  server.request(`/projects/${projectId}/answers/import`, {
    method: 'POST',
    headers: { ...alice.headers, 'content-type': type },
    body,
  });

describe('curated answers CSV', () => {
  it('neutralises cells a spreadsheet would run, and restores them on import', () => {
    for (const cell of ['=1+1', '+33 1 23', '-5', '@SUM(A1)', '\tx', '\rx']) {
      expect(neutraliseCell(cell)).toBe(`'${cell}`);
      expect(restoreCell(neutraliseCell(cell))).toBe(cell);
    }
    expect(neutraliseCell('plain')).toBe('plain');
    expect(restoreCell("'quoted")).toBe("'quoted");
    // Text that already starts with apostrophes before a formula character comes back whole.
    for (const cell of ["'@", "''=1", "'-"]) {
      expect(neutraliseCell(cell)).toBe(`'${cell}`);
      expect(restoreCell(neutraliseCell(cell))).toBe(cell);
    }
    expect(neutraliseCell("'quoted")).toBe("'quoted");
  });

  it('imports with | or line breaks between alternatives, and exports RFC 4180 that imports back', async () => {
    const projectId = await newProject();
    const csv = [
      'Question,Answer,alternative_questions',
      'What are your opening hours?,"We open at 9:00, close at 17:00.",When are you open?|Opening times',
      '"Do you ship abroad?","Yes, ""worldwide"".","Ship to France?\nShip to Spain?"',
      '"=HYPERLINK(""http://evil"")",@cmd,-1+1',
    ].join('\r\n');
    const imported = await importCsv(projectId, csv);
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({ imported: 3 });
    const exported = await server.request(`/projects/${projectId}/answers.csv`, { headers: alice.headers });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    expect(exported.text.split('\r\n')[0]).toBe('question,answer,alternative_questions');
    expect(exported.text).toContain(`"'=HYPERLINK(""http://evil"")",'@cmd,'-1+1`);
    const rows = parseCuratedCsv(exported.text);
    expect(rows.map(({ question, alternative_questions }) => [question, alternative_questions])).toEqual([
      ['What are your opening hours?', 'When are you open?\nOpening times'],
      ['Do you ship abroad?', 'Ship to France?\nShip to Spain?'],
      ['=HYPERLINK("http://evil")', '-1+1'],
    ]);
    const copy = await newProject();
    expect((await importCsv(copy, exported.text)).body).toEqual({ imported: 3 });
    const again = await server.request(`/projects/${copy}/answers.csv`, { headers: alice.headers });
    expect(again.text).toBe(exported.text);
    const json = await importCsv(copy, JSON.stringify({ csv: 'question,answer\nQ?,A.' }), 'application/json');
    expect(json.body).toEqual({ imported: 1 });
  });

  it('downloads UTF-8 with a byte order mark, as the leads export does, and imports it back', async () => {
    const projectId = await newProject();
    expect(
      (await importCsv(projectId, 'question,answer\nOù livrez-vous ?,Partout en Europe — même à Zürich.'))
        .status,
    ).toBe(201);
    const download = async (file: string) => {
      const response = await fetch(`${server.url}/projects/${projectId}/${file}`, { headers: alice.headers });
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).toBe('text/csv; charset=utf-8');
      return new Uint8Array(await response.arrayBuffer());
    };
    const answers = await download('answers.csv');
    const leads = await download('leads.csv');
    expect([...answers.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...answers.slice(0, 3)]).toEqual([...leads.slice(0, 3)]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(answers);
    expect(text).toBe(
      '\uFEFFquestion,answer,alternative_questions\r\nOù livrez-vous ?,Partout en Europe — même à Zürich.,\r\n',
    );
    const copy = await newProject();
    expect((await importCsv(copy, text)).body).toEqual({ imported: 1 });
    expect(
      (await server.request(`/projects/${copy}/answers`, { headers: alice.headers })).body.items[0].question,
    ).toBe('Où livrez-vous ?');
    expect(curatedAnswersToCsv([]).startsWith(utf8ByteOrderMark)).toBe(true);
  });

  it('refuses the whole file with row-numbered issues when a row is invalid', async () => {
    const projectId = await newProject();
    const csv =
      'question,answer\nGood question?,Good answer.\n,Missing question\nAnother?,"multi\nline"\nBad?,\n';
    const response = await importCsv(projectId, csv);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_input');
    expect(
      response.body.error.details.issues.map((issue: { row: number; path: string }) => [
        issue.row,
        issue.path,
      ]),
    ).toEqual([
      [3, 'question'],
      [6, 'answer'],
    ]);
    expect(
      (await server.request(`/projects/${projectId}/answers`, { headers: alice.headers })).body.items,
    ).toEqual([]);
    for (const [body, type, status] of [
      ['question,answer\n"unclosed,quote', 'text/csv', 400],
      ['q,a,colour\nx,y,z', 'text/csv', 400],
      ['', 'text/csv', 400],
      ['question,answer\n', 'text/csv', 400],
      ['question,answer\nq,a', 'text/plain', 415],
      ['{"csv": 5}', 'application/json', 400],
    ] as const) {
      const refused = await importCsv(projectId, body, type);
      expect(refused.status, body).toBe(status);
    }
  });

  it('never fails on garbage and never stores part of a refused file', async () => {
    const projectId = await newProject();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300, unit: 'binary' }), async (garbage) => {
        const before = (
          await server.request(`/projects/${projectId}/answers.csv`, { headers: alice.headers })
        ).text;
        const response = await importCsv(projectId, `question,answer,alternative_questions\n${garbage}`);
        expect([201, 400, 409]).toContain(response.status);
        if (response.status !== 201) {
          const after = (
            await server.request(`/projects/${projectId}/answers.csv`, { headers: alice.headers })
          ).text;
          expect(after).toBe(before);
        }
      }),
      { numRuns: 20 },
    );
    const big = await importCsv(projectId, `question,answer\n${'x,y\n'.repeat(3_000_000)}`);
    expect(big.status).toBe(413);
  });

  it('exports what it stored, byte for byte, for any storable text', () => {
    const text = fc
      .string({ minLength: 1, maxLength: 40 })
      .map((value) => value.trim())
      .filter((value) => value.length > 0);
    fc.assert(
      fc.property(text, text, (question, answer) => {
        const at = new Date(0);
        const csv = curatedAnswersToCsv([
          {
            id: 'a',
            projectId: 'p',
            question,
            answer,
            alternativeQuestions: [],
            createdAt: at,
            updatedAt: at,
          },
        ]);
        const [row] = parseCuratedCsv(csv);
        expect([row!.question, row!.answer]).toEqual([question, answer]);
      }),
    );
  });

  it('conforms to the OpenAPI document', async () => {
    expect(await openApiMismatches(server)).toEqual([]);
  });
});
