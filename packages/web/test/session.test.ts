import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csrfToken, homeOf, may, setSession } from '../src/session/session.ts';

describe('the web session', () => {
  it('keeps the CSRF token and the permissions of the signed-in role', () => {
    assert.equal(csrfToken(), null);
    assert.equal(may('rule_set.edit'), false);
    setSession({
      principal: {
        kind: 'user',
        name: 'awa',
        role: 'risk_analyst',
        offices: null,
        sender: null,
        officerId: null,
      },
      permissions: ['rule_set.edit'],
      csrfToken: 'token',
      expiresAt: null,
    });
    assert.equal(csrfToken(), 'token');
    assert.equal(may('rule_set.edit'), true);
    assert.equal(may('audit.read'), false);
    setSession(null);
    assert.equal(csrfToken(), null);
  });

  it('opens each role on its own screen', () => {
    assert.equal(homeOf('inspector'), '#/inspection');
    assert.equal(homeOf('risk_analyst'), '#/rule-sets');
    assert.equal(homeOf('regional_analyst'), '#/dashboard');
    assert.equal(homeOf('supervisor'), '#/worklist');
  });
});
