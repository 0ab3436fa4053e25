import { ExportLeads, neutraliseCell } from '@chatbuddy/core';
import {
  createInMemoryPorts,
  inMemoryLeadSeeder,
  makeDirectoryLead,
  seedProject,
} from '@chatbuddy/core/testing';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvStringifyEncoder } from './csv-stringify-encoder.js';

const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({
    unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', ' ', 'a', 'é', '\uFEFF', '😀'),
    maxLength: 12,
  }),
);

async function exportText(names: { name: string; email: string }[]): Promise<string> {
  const ports = createInMemoryPorts();
  const project = await seedProject(ports);
  const seed = inMemoryLeadSeeder(ports.db);
  for (const [index, person] of names.entries())
    await seed.lead(
      makeDirectoryLead(project.id, {
        ...person,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, names.length - index)),
      }),
    );
  const exporter = new ExportLeads(ports.projects, ports.leadDirectory, new CsvStringifyEncoder());
  const { chunks } = await exporter.execute({ id: project.ownerId, role: 'user' }, project.id);
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

describe('CsvStringifyEncoder', () => {
  it('round-trips hostile names and emails through a real CSV parser, formulas neutralised', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name: hostile, email: hostile }), { maxLength: 6 }),
        async (people) => {
          const text = await exportText(people);
          expect(text.startsWith('\uFEFFid,name,email,verified_at,messages_used,created_at\r\n')).toBe(true);
          const rows: string[][] = parse(text, { bom: true, relax_column_count: false });
          expect(rows[0]).toEqual(['id', 'name', 'email', 'verified_at', 'messages_used', 'created_at']);
          expect(rows.slice(1).map((row) => [row[1], row[2]])).toEqual(
            people.map((person) => [neutraliseCell(person.name), neutraliseCell(person.email)]),
          );
          for (const row of rows.slice(1))
            for (const cell of row) expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('quotes cells with commas, quotes, CR or LF (doubling quotes) and leaves plain cells bare', () => {
    const encoder = new CsvStringifyEncoder();
    expect(encoder.encode([['plain', 'a,b', 'say "hi"', 'line\nbreak', 'carriage\rreturn']])).toBe(
      'plain,"a,b","say ""hi""","line\nbreak","carriage\rreturn"\r\n',
    );
    expect(encoder.encode([])).toBe('');
  });
});
