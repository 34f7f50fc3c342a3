import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { AuditEntry } from '@anticipa/core';
import { aDeclaration } from '@anticipa/core/testing';
import { readExampleTariff } from '../tariff/example-tariffs.ts';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

interface Page {
  entries: AuditEntry[];
  total: number;
  nextBefore?: number;
}

describe('the audit trail of the changes made through the API', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const list = async (query = '') => {
    const response = await t.app.inject({ method: 'GET', url: `/api/audit${query}` });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<Page>();
  };

  it('records the offices the test set-up added, by the system', async () => {
    const page = await list('?action=office.added&limit=500');
    assert.ok(page.total >= 1);
    const office = page.entries.at(-1) as AuditEntry;
    assert.equal(office.actor, 'system');
    assert.equal(office.subject.type, 'office');
    assert.equal(office.before, null);
    assert.deepEqual(Object.keys(office.after as object).sort(), ['code', 'country', 'kind', 'name']);
  });

  it('records an office added, once: adding it again changes nothing', async () => {
    const office = { code: 'SNAUD1', name: 'Audit test office', kind: 'inland', country: 'SN' };
    for (let i = 0; i < 2; i++) {
      const added = await t.app.inject({ method: 'POST', url: '/api/offices', payload: office });
      assert.equal(added.statusCode, 201);
    }
    const page = await list('?subjectType=office&subjectId=SNAUD1');
    assert.equal(page.total, 1);
    assert.deepEqual(page.entries[0]?.after, office);
  });

  it('records a valuation decision, its appeal and the outcome, each with its officer and the state before', async () => {
    const lodged = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: aDeclaration() });
    const id = lodged.json<{ id: string }>().id;
    const first = await t.app.inject({
      method: 'POST',
      url: `/api/declarations/${id}/items/1/valuation-decisions`,
      payload: {
        decision: 'accepted_as_declared',
        basis: 'method_1_transaction_value',
        reason: 'Invoice checked.',
        officer: 'AGT-1',
      },
    });
    assert.equal(first.statusCode, 201, first.body);
    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/declarations/${id}/items/1/valuation-decisions`,
      payload: {
        decision: 'value_adjusted',
        adjustedValue: '65000',
        basis: 'method_2_identical_goods',
        reason: 'Identical goods cleared in January.',
        officer: 'AGT-2',
      },
    });
    assert.equal(decided.statusCode, 201, decided.body);
    const decision = decided.json<{ id: string }>();
    const appealed = await t.app.inject({
      method: 'POST',
      url: `/api/valuation-decisions/${decision.id}/appeals`,
      payload: { lodgedBy: '004512345', grounds: 'The bank transfer shows the price paid.' },
    });
    assert.equal(appealed.statusCode, 201, appealed.body);
    const appeal = appealed.json<{ id: string }>();
    const outcome = await t.app.inject({
      method: 'POST',
      url: `/api/valuation-appeals/${appeal.id}/outcome`,
      payload: { outcome: 'upheld', reason: 'The transfer matches the invoice.', decidedBy: 'COMMISSION-1' },
    });
    assert.equal(outcome.statusCode, 201, outcome.body);

    const page = await list(`?subjectType=declaration&subjectId=${id}`);
    assert.deepEqual(page.entries.map((entry) => [entry.action, entry.actor]).reverse(), [
      ['valuation.decided', 'AGT-1'],
      ['valuation.decided', 'AGT-2'],
      ['valuation.appealed', '004512345'],
      ['valuation.appeal_decided', 'COMMISSION-1'],
    ]);
    const [decidedOutcome, appealEntry, second, firstEntry] = page.entries as [
      AuditEntry,
      AuditEntry,
      AuditEntry,
      AuditEntry,
    ];
    assert.equal(firstEntry.before, null);
    assert.deepEqual(second.before, firstEntry.after);
    assert.equal((second.after as { adjustedValue: string }).adjustedValue, '65000.00');
    assert.equal(
      (second.after as { supersedes: string }).supersedes,
      (firstEntry.after as { id: string }).id,
    );
    assert.deepEqual(appealEntry.before, second.after);
    assert.equal((decidedOutcome.before as { status: string }).status, 'lodged');
    assert.equal((decidedOutcome.after as { status: string }).status, 'upheld');
  });

  it('records a cancellation with the status before and the reason, once', async () => {
    const lodged = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: aDeclaration() });
    const id = lodged.json<{ id: string }>().id;
    for (let i = 0; i < 2; i++) {
      const cancelled = await t.app.inject({
        method: 'POST',
        url: `/api/declarations/${id}/cancellation`,
        payload: { reason: 'Goods not shipped.' },
      });
      assert.equal(cancelled.statusCode, 200);
    }
    const page = await list(`?action=declaration.cancelled&subjectId=${id}`);
    assert.equal(page.total, 1);
    const entry = page.entries[0] as AuditEntry;
    assert.equal((entry.before as { status: string }).status, 'lodged');
    assert.deepEqual(entry.after, { status: 'cancelled', reason: 'Goods not shipped.', at: entry.at });
  });

  it('records a tariff import, with what it changed', async () => {
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/tariff/imports',
      payload: (await readExampleTariff('SN')) as object,
    });
    assert.equal(imported.statusCode, 201, imported.body);
    const page = await list('?action=tariff.imported');
    assert.equal(page.total, 1);
    const entry = page.entries[0] as AuditEntry;
    assert.deepEqual(entry.subject, { type: 'tariff', id: 'SN' });
    assert.ok((entry.after as { lines: { added: number } }).lines.added > 0);
  });

  it('pages the list newest first and refuses bad filters with a problem', async () => {
    const all = await list('?limit=500');
    const firstPage = await list('?limit=2');
    assert.deepEqual(
      firstPage.entries.map((entry) => entry.sequence),
      all.entries.slice(0, 2).map((entry) => entry.sequence),
    );
    const next = await list(`?limit=2&before=${firstPage.nextBefore}`);
    assert.deepEqual(
      next.entries.map((entry) => entry.sequence),
      all.entries.slice(2, 4).map((entry) => entry.sequence),
    );
    const bad = await t.app.inject({ method: 'GET', url: '/api/audit?limit=0&from=yesterday' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad
        .json<{ errors: { path: string }[] }>()
        .errors.map((error) => error.path)
        .sort(),
      ['/querystring/from', '/querystring/limit'],
    );
  });

  it('verifies the chain, and names the entry edited behind its back', async () => {
    const intact = await t.app.inject({ method: 'GET', url: '/api/audit/verification' });
    const verdict = intact.json<{
      intact: boolean;
      entries: number;
      head: { sequence: number };
      message: string;
    }>();
    assert.equal(verdict.intact, true);
    assert.equal(verdict.head.sequence, verdict.entries);
    assert.match(verdict.message, /^Audit trail intact: \d+ entries, head \d+ [0-9a-f]{64}\.$/);

    await t.anticipa.db.execute(sql`ALTER TABLE audit_entries DISABLE TRIGGER USER`);
    await t.anticipa.db.execute(sql`UPDATE audit_entries SET actor = 'someone else' WHERE sequence = 2`);
    await t.anticipa.db.execute(sql`ALTER TABLE audit_entries ENABLE TRIGGER USER`);
    const tampered = await t.app.inject({
      method: 'GET',
      url: '/api/audit/verification',
      headers: { 'accept-language': 'fr' },
    });
    assert.equal(tampered.statusCode, 200);
    const body = tampered.json<{ intact: boolean; fault: unknown; message: string }>();
    assert.equal(body.intact, false);
    assert.deepEqual(body.fault, { kind: 'edited', sequence: 2 });
    assert.equal(
      body.message,
      'Journal d’audit altéré : l’entrée 2 a été modifiée : son contenu ne correspond plus à son empreinte.',
    );
  });
});
