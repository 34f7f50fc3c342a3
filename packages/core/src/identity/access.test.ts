import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canReachFile, coversOffice, fourEyesRefusal, officesToList, type Principal } from './access.ts';
import { passwordProblems } from './password-policy.ts';
import { permissions, roleCan, roles, rolePermissions } from './roles.ts';
import { describeError } from '../shared/messages.ts';

function aPrincipal(overrides: Partial<Principal> = {}): Principal {
  return {
    kind: 'user',
    id: 'u1',
    name: 'officer.sow',
    role: 'supervisor',
    offices: ['SNDKR'],
    sender: null,
    officerId: null,
    ...overrides,
  };
}

describe('roles', () => {
  it('gives every permission to the administrator and only reading to the auditor', () => {
    for (const permission of permissions) assert.equal(roleCan('administrator', permission), true);
    const writes = rolePermissions.auditor.filter((p) => !p.endsWith('read'));
    assert.deepEqual(writes, []);
  });

  it('keeps traders away from what customs sees', () => {
    for (const role of ['declarant', 'carrier'] as const) {
      assert.equal(roleCan(role, 'assessment.read'), false);
      assert.equal(roleCan(role, 'file.officer_read'), false);
      assert.equal(roleCan(role, 'rule_set.read'), false);
    }
    assert.equal(roleCan('declarant', 'trader_view.read'), true);
  });

  it('lets the regional analyst read aggregates and nothing of a file', () => {
    assert.deepEqual([...rolePermissions.regional_analyst].sort(), ['indicators.read', 'reference.read']);
  });

  it('names every role in both languages and refuses in words', () => {
    for (const role of roles) {
      const en = describeError(
        { code: 'PERMISSION_DENIED', details: { role, permission: 'rule_set.activate' } },
        'en',
      );
      const fr = describeError(
        { code: 'PERMISSION_DENIED', details: { role, permission: 'rule_set.activate' } },
        'fr',
      );
      assert.match(en, /may not activate a rule set\.$/);
      assert.match(fr, /^Action refusée au rôle .+ : activer un jeu de règles\.$/);
      assert.doesNotMatch(en, /_/);
    }
  });
});

describe('scope', () => {
  it('keeps an officer to their offices and a trader to their own files', () => {
    const officer = aPrincipal();
    assert.equal(canReachFile(officer, { office: 'SNDKR', sender: 'X' }), true);
    assert.equal(canReachFile(officer, { office: 'CIABJ', sender: 'X' }), false);
    assert.equal(coversOffice(officer, 'CIABJ'), false);
    const national = aPrincipal({ role: 'risk_analyst', offices: null });
    assert.equal(canReachFile(national, { office: 'CIABJ', sender: 'X' }), true);
    const broker = aPrincipal({ role: 'declarant', offices: null, sender: 'BROKER1' });
    assert.equal(canReachFile(broker, { office: 'SNDKR', sender: 'BROKER1' }), true);
    assert.equal(canReachFile(broker, { office: 'SNDKR', sender: 'BROKER2' }), false);
    assert.equal(coversOffice(broker, 'SNDKR'), false);
    const senderless = aPrincipal({ role: 'carrier', offices: null, sender: null });
    assert.equal(canReachFile(senderless, { office: 'SNDKR', sender: 'BROKER1' }), false);
  });

  it('narrows a list to the offices within reach', () => {
    const officer = aPrincipal({ offices: ['SNDKR', 'SNDKA'] });
    assert.deepEqual(officesToList(officer, undefined), { offices: ['SNDKR', 'SNDKA'] });
    assert.deepEqual(officesToList(officer, 'SNDKA'), { offices: ['SNDKA'] });
    assert.equal(officesToList(officer, 'CIABJ'), 'denied');
    assert.deepEqual(officesToList(aPrincipal({ offices: null }), undefined), { offices: null });
  });
});

describe('four eyes and passwords', () => {
  it('refuses the author and accepts anyone else', () => {
    assert.equal(fourEyesRefusal('analyst.diop', 'analyst.diop'), 'analyst.diop');
    assert.equal(fourEyesRefusal('analyst.diop', 'chief.ndiaye'), undefined);
  });

  it('asks for 12 characters and no user name inside', () => {
    assert.deepEqual(passwordProblems('short', 'amina')[0]?.code, 'password_length');
    assert.deepEqual(passwordProblems('my name is amina ok', 'amina')[0]?.code, 'password_contains_username');
    assert.deepEqual(passwordProblems('correct horse battery staple', 'amina'), []);
    assert.equal(passwordProblems('x'.repeat(257), 'amina').length, 1);
  });
});
