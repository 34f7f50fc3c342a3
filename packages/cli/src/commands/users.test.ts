// `anticipa users` and `anticipa api-keys` end to end: the first administrator created from the
// machine, with the password piped in; a refused password named; a key created, listed without
// its secret, accepted by the server's identity, revoked; every change in the audit trail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig, openAnticipa } from '@anticipa/server';
import { createCliSandbox, type CliSandbox } from '../test-support/cli-sandbox.ts';

describe('anticipa users and api-keys (end to end)', { timeout: 180_000 }, () => {
  let sandbox: CliSandbox;

  before(async () => {
    sandbox = await createCliSandbox('users-cli');
  });
  after(() => sandbox.close());

  it('creates the first administrator with a piped password, and refuses a short one by name', async () => {
    const short = await sandbox.runWithInput('short\n', 'users', 'add', 'amina', '--role', 'administrator');
    assert.equal(short.code, 1);
    assert.match(short.stderr, /\/password.*12 to 256 characters/);

    const added = await sandbox.runWithInput(
      'correct horse battery staple\n',
      'users',
      'add',
      'amina',
      '--role',
      'administrator',
      '--display-name',
      'Amina Ba',
      '--by',
      'it.department',
    );
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /User amina created/);

    const chief = await sandbox.runWithInput(
      'another long passphrase\n',
      'users',
      'add',
      'chief.ndiaye',
      '--role',
      'supervisor',
      '--office',
      'SNDKR1',
      '--office',
      'SNDSS1',
    );
    assert.equal(chief.code, 0, chief.stderr);
    const listed = await sandbox.run('users', 'list');
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /amina\s+administrator\s+\*/);
    assert.match(listed.stdout, /chief\.ndiaye\s+supervisor\s+SNDKR1 SNDSS1/);
    assert.doesNotMatch(listed.stdout, /argon2/);

    const disabled = await sandbox.run('users', 'set', 'chief.ndiaye', '--active', 'false');
    assert.equal(disabled.code, 0, disabled.stderr);
    const unknown = await sandbox.run('users', 'set', 'nobody', '--active', 'false', '--lang', 'fr');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Aucun utilisateur/);

    const anticipa = await openAnticipa(loadConfig(sandbox.env));
    try {
      const signedIn = await anticipa.identity.signIn({
        username: 'Amina',
        password: 'correct horse battery staple',
        address: '127.0.0.1',
      });
      assert.ok(signedIn.ok);
      assert.equal(signedIn.value.principal.role, 'administrator');
      const refused = await anticipa.identity.signIn({
        username: 'chief.ndiaye',
        password: 'another long passphrase',
        address: '127.0.0.1',
      });
      assert.ok(!refused.ok);
      const actions = (await anticipa.audit.list({ subjectType: 'user' })).entries.map(
        (entry) => `${entry.actor} ${entry.action}`,
      );
      assert.ok(actions.includes('it.department user_created'), actions.join(', '));
      assert.ok(actions.includes('amina signed_in'), actions.join(', '));
    } finally {
      await anticipa.close();
    }
  });

  it('creates a key shown once, lists it without its secret, and revokes it', async () => {
    const created = await sandbox.run(
      'api-keys',
      'create',
      '--name',
      'broker system',
      '--role',
      'declarant',
      '--sender',
      'BROKER01',
      '--office',
      'SNDKR1',
    );
    assert.equal(created.code, 0, created.stderr);
    const key = created.stdout.trim();
    assert.match(key, /^ak_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
    const withoutSender = await sandbox.run('api-keys', 'create', '--name', 'x', '--role', 'carrier');
    assert.equal(withoutSender.code, 1);
    assert.match(withoutSender.stderr, /\/sender/);

    const listed = await sandbox.run('api-keys', 'list');
    assert.doesNotMatch(listed.stdout, new RegExp(key.slice(20)));
    const id = /^([0-9a-f-]{36})\s+broker system/m.exec(listed.stdout)?.[1];
    assert.ok(id, listed.stdout);

    let anticipa = await openAnticipa(loadConfig(sandbox.env));
    try {
      const principal = await anticipa.identity.apiKeyPrincipal(key);
      assert.deepEqual(
        principal && { role: principal.role, sender: principal.sender, offices: principal.offices },
        { role: 'declarant', sender: 'BROKER01', offices: ['SNDKR1'] },
      );
    } finally {
      await anticipa.close();
    }
    const revoked = await sandbox.run('api-keys', 'revoke', id);
    assert.equal(revoked.code, 0, revoked.stderr);
    anticipa = await openAnticipa(loadConfig(sandbox.env));
    try {
      assert.equal(await anticipa.identity.apiKeyPrincipal(key), null);
    } finally {
      await anticipa.close();
    }
  });
});
