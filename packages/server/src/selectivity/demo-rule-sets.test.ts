import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { parseRuleSet } from '@anticipa/core';
import { createTestAnticipa, type TestAnticipa } from '../test-support/test-anticipa.ts';
import { demoRuleSetFile, loadDemoRuleSetIfNone } from './demo-rule-sets.ts';
import { demoSupervisor } from '../demo/demo-users.ts';

describe('demonstration rule sets', () => {
  let t: TestAnticipa;

  before(async () => {
    t = await createTestAnticipa();
  });
  after(async () => {
    await t.close();
  });

  it('ship valid, the candidate adding criteria on reference values', async () => {
    for (const name of ['demo', 'demo-candidate'] as const) {
      const document = JSON.parse(await readFile(demoRuleSetFile(name), 'utf8')) as Record<string, unknown>;
      const parsed = parseRuleSet({ ...document, version: 1 });
      assert.ok(parsed.ok, `${name}: ${JSON.stringify(parsed)}`);
      const readsReferences = JSON.stringify(parsed.value.profiles).includes('unitValueBelowReference');
      assert.equal(readsReferences, name === 'demo-candidate');
    }
  });

  it('is saved and activated on a new installation, once', async () => {
    const activated = await loadDemoRuleSetIfNone(t.selectivity);
    assert.equal(activated?.version, 1);
    assert.equal(activated.activatedBy, demoSupervisor);
    assert.equal(await loadDemoRuleSetIfNone(t.selectivity), undefined);
    const active = await t.selectivity.activeRuleSet();
    assert.ok(active.ok);
    assert.equal(active.value.version, 1);
  });
});
