import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, utf8ByteOrderMark } from './csv-cells.js';
import { leadsWorld } from './__fixtures__/leads-admin.world.js';

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

describe('ListLeads', () => {
  it('shows the owner and admins the project’s leads, filtered and searched; others get a 404', async () => {
    const world = await leadsWorld();
    const verified = await world.addLead(world.mine, { name: 'Ada 100%', verifiedAt: new Date() });
    const pending = await world.addLead(world.mine, { name: 'Bob_Smith' });
    await world.addLead(world.theirs, { name: 'Ada elsewhere' });
    const ids = async (input = {}, actor: { id: string; role: 'user' | 'admin' } = world.owner) =>
      (await world.list.execute(actor, world.mine.id, input)).items.map((lead) => lead.id);
    expect((await ids()).sort()).toEqual([verified.id, pending.id].sort());
    expect(await ids({ verified: 'true' })).toEqual([verified.id]);
    expect(await ids({ verified: false })).toEqual([pending.id]);
    expect(await ids({ q: '0%' })).toEqual([verified.id]);
    expect(await ids({ q: 'b_s' })).toEqual([pending.id]);
    expect(await ids({ q: 'B%S' })).toEqual([]);
    expect((await ids({}, world.admin)).length).toBe(2);
    expect(await world.failureCode(world.list.execute(world.stranger, world.mine.id))).toBe(
      'project_not_found',
    );
  });

  it('answers garbage queries with invalid_input, never anything else', async () => {
    const world = await leadsWorld();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { verified: fc.anything(), q: fc.anything(), limit: fc.anything(), cursor: fc.anything() },
          { requiredKeys: [] },
        ),
        async (input) => {
          const code = await world.failureCode(
            world.list.execute(world.owner, world.mine.id, input as never),
          );
          expect([null, 'invalid_input']).toContain(code);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('EraseLead', () => {
  it('erases the project’s lead; another tenant’s lead, a second erase and a bad id are refused', async () => {
    const world = await leadsWorld();
    const lead = await world.addLead(world.mine);
    const foreign = await world.addLead(world.theirs);
    expect(await world.failureCode(world.erase.execute(world.owner, world.mine.id, foreign.id))).toBe(
      'lead_not_found',
    );
    expect(await world.failureCode(world.erase.execute(world.stranger, world.mine.id, lead.id))).toBe(
      'project_not_found',
    );
    expect(await world.failureCode(world.erase.execute(world.owner, world.mine.id, 'x%'))).toBe(
      'invalid_input',
    );
    expect(await world.erase.execute(world.owner, world.mine.id, lead.id)).toEqual({
      leadId: lead.id,
      erased: true,
    });
    expect(await world.failureCode(world.erase.execute(world.owner, world.mine.id, lead.id))).toBe(
      'lead_not_found',
    );
    expect(await world.ports.leadDirectory.findById(world.theirs.id, foreign.id)).not.toBeNull();
  });
});

describe('ExportLeads', () => {
  it('writes a byte order mark, the header and every lead across pages, neutralising formulas', async () => {
    const world = await leadsWorld();
    for (let index = 0; index < 1_201; index += 1)
      await world.addLead(world.mine, { name: index === 7 ? '=HYPERLINK("x")' : `Lead ${index}` });
    const exported = await world.exporter.execute(world.owner, world.mine.id);
    const csv = await text(exported.chunks);
    expect(
      csv.startsWith(
        `${utf8ByteOrderMark}"id","name","email","verified_at","messages_used","created_at"\r\n`,
      ),
    ).toBe(true);
    expect(csv.split('\r\n').length - 2).toBe(1_201);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(exported.filename).toBe(`leads-${world.mine.id}.csv`);
  });

  it('checks access before streaming anything', async () => {
    const world = await leadsWorld();
    expect(await world.failureCode(world.exporter.execute(world.stranger, world.mine.id))).toBe(
      'project_not_found',
    );
  });
});

describe('neutraliseCell', () => {
  it('prefixes exactly the values a spreadsheet would read as a formula', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const risky = /^[=+\-@\t\r]/.test(value);
        expect(neutraliseCell(value)).toBe(risky ? `'${value}` : value);
      }),
    );
  });
});
