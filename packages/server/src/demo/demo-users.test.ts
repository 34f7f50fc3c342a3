import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestAnticipa, type TestAnticipa } from '../test-support/test-anticipa.ts';
import { demoPassword, loadDemoUsers } from './demo-users.ts';

describe('demo users', () => {
  let t: TestAnticipa;
  before(async () => {
    t = await createTestAnticipa();
  });
  after(() => t.close());

  it('creates one user per role once, each able to sign in with the demo password', async () => {
    const scope = { office: 'SNDKR1', declarantSender: 'BROKER01', carrierSender: 'MSCU-EDI' };
    const created = await loadDemoUsers(t.identity, scope);
    assert.equal(created.length, 8);
    assert.deepEqual(await loadDemoUsers(t.identity, scope), []);
    const inspector = await t.identity.signIn({
      username: 'inspecteur',
      password: demoPassword,
      address: '::1',
    });
    assert.ok(inspector.ok);
    assert.deepEqual(inspector.value.principal.offices, ['SNDKR1']);
  });
});
