/**
 * Identity through the API (issue "Trust"): sign-in with its cookie and CSRF token, throttling,
 * sign-out; office and sender scope; four eyes on rule sets, targeting models and inspection
 * results; security headers and rate limits; every sign-in in the audit trail.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aDeclaration, aRuleSet, testOffices } from '@anticipa/core/testing';
import { createTestApp, testPassword, type TestApp } from '../test-support/test-app.ts';

const [dakar, airport] = testOffices;

interface Problem {
  readonly code: string;
  readonly detail: string;
}

describe('identity through the API', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const codeOf = (response: { json: () => unknown }) => (response.json() as Problem).code;

  it('signs in with a cookie, asks for the CSRF token on changes, and signs out for good', async () => {
    const admin = { authorization: `Bearer ${t.adminKey}` };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: {
        username: 'Awa.Diop',
        displayName: 'Awa Diop',
        role: 'risk_analyst',
        password: testPassword,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json<{ username: string }>().username, 'awa.diop');
    assert.doesNotMatch(created.body, /argon2|password/i);

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { authorization: '', 'accept-language': 'fr' },
      payload: { username: 'awa.diop', password: 'not the password at all' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.json<Problem>().detail, /mot de passe est erroné/);

    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { authorization: '' },
      payload: { username: 'awa.diop', password: testPassword },
    });
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    const cookie = signedIn.cookies.find((entry) => entry.name === 'anticipa_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    const session = signedIn.json<{
      csrfToken: string;
      permissions: string[];
      principal: { role: string };
    }>();
    assert.equal(session.principal.role, 'risk_analyst');
    assert.ok(session.permissions.includes('rule_set.edit'));
    assert.ok(!session.permissions.includes('audit.read'));

    const withCookie = { cookie: `anticipa_session=${cookie.value}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/session', headers: withCookie });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json<{ csrfToken: string }>().csrfToken, session.csrfToken);

    const ruleSet = aRuleSet();
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/rule-sets',
      headers: withCookie,
      payload: ruleSet,
    });
    assert.equal(noToken.statusCode, 403);
    assert.equal(codeOf(noToken), 'CSRF_TOKEN_INVALID');
    const badToken = await t.app.inject({
      method: 'POST',
      url: '/api/rule-sets',
      headers: { ...withCookie, 'x-csrf-token': 'x'.repeat(43) },
      payload: ruleSet,
    });
    assert.equal(codeOf(badToken), 'CSRF_TOKEN_INVALID');
    const saved = await t.app.inject({
      method: 'POST',
      url: '/api/rule-sets',
      headers: { ...withCookie, 'x-csrf-token': session.csrfToken },
      payload: ruleSet,
    });
    assert.equal(saved.statusCode, 201, saved.body);
    assert.equal(saved.json<{ createdBy: string }>().createdBy, 'awa.diop');

    const auditDenied = await t.app.inject({ method: 'GET', url: '/api/audit', headers: withCookie });
    assert.equal(auditDenied.statusCode, 403);
    assert.match(auditDenied.json<Problem>().detail, /risk analyst may not read the audit trail/);

    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { ...withCookie, 'x-csrf-token': session.csrfToken },
    });
    assert.equal(out.statusCode, 204);
    const after = await t.app.inject({ method: 'GET', url: '/api/session', headers: withCookie });
    assert.equal(after.statusCode, 401);

    const trail = await t.app.inject({ method: 'GET', url: '/api/audit?subjectType=user' });
    const actions = trail
      .json<{ entries: { action: string; actor: string }[] }>()
      .entries.map((entry) => `${entry.actor} ${entry.action}`);
    for (const expected of ['awa.diop sign_in_failed', 'awa.diop signed_in', 'awa.diop signed_out']) {
      assert.ok(actions.includes(expected), `${expected} in ${actions.join(', ')}`);
    }
    assert.doesNotMatch(trail.body, new RegExp(testPassword));
  });

  it('throttles sign-ins after five failures, even with the right password', async () => {
    await t.user('fall.i', 'auditor');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const failed = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { authorization: '' },
        payload: { username: 'fall.i', password: `guess number ${String(attempt)}` },
      });
      assert.equal(failed.statusCode, 401);
    }
    const throttled = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { authorization: '', 'accept-language': 'en' },
      payload: { username: 'fall.i', password: testPassword },
    });
    assert.equal(throttled.statusCode, 429);
    assert.equal(codeOf(throttled), 'SIGN_IN_THROTTLED');
    assert.match(throttled.json<Problem>().detail, /try again in 15 minute/);
    t.anticipa.setNow('2026-03-01T08:16:00Z');
    const later = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { authorization: '' },
      payload: { username: 'fall.i', password: testPassword },
    });
    assert.equal(later.statusCode, 200, later.body);
  });

  it('ends the sessions of a disabled user', async () => {
    const session = await t.signIn('inspector', { offices: [dakar.code] });
    const before = await t.app.inject({ method: 'GET', url: '/api/session', headers: session.headers });
    assert.equal(before.statusCode, 200);
    const disabled = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${session.username}`,
      payload: { active: false },
    });
    assert.equal(disabled.statusCode, 200, disabled.body);
    const after = await t.app.inject({ method: 'GET', url: '/api/session', headers: session.headers });
    assert.equal(after.statusCode, 401);
  });

  it('keeps officers to their offices and traders to their own files', async () => {
    const atDakar = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: aDeclaration({ sender: 'BROKER-A', office: dakar.code }),
    });
    const atAirport = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: aDeclaration({ sender: 'BROKER-B', office: airport.code }),
    });
    const dakarId = atDakar.json<{ id: string }>().id;
    const airportId = atAirport.json<{ id: string }>().id;

    const supervisor = await t.as('supervisor', { office: dakar.code });
    assert.equal(
      (await t.app.inject({ url: `/api/declarations/${dakarId}`, headers: supervisor })).statusCode,
      200,
    );
    const other = await t.app.inject({ url: `/api/declarations/${airportId}`, headers: supervisor });
    assert.equal(other.statusCode, 404);
    assert.equal(codeOf(other), 'DECLARATION_NOT_FOUND');
    const listed = await t.app.inject({ url: '/api/declarations?limit=100', headers: supervisor });
    const offices = new Set(listed.json<{ items: { office: string }[] }>().items.map((item) => item.office));
    assert.deepEqual([...offices], [dakar.code]);
    const elsewhere = await t.app.inject({
      url: `/api/declarations?office=${airport.code}`,
      headers: supervisor,
    });
    assert.equal(elsewhere.statusCode, 403);
    assert.equal(codeOf(elsewhere), 'OFFICE_OUT_OF_SCOPE');
    const plan = await t.app.inject({
      url: `/api/offices/${airport.code}/plan?day=2026-03-10`,
      headers: supervisor,
    });
    assert.equal(codeOf(plan), 'OFFICE_OUT_OF_SCOPE');

    const broker = await t.as('declarant', { sender: 'BROKER-A' });
    const own = await t.app.inject({ url: '/api/declarations?limit=100', headers: broker });
    const senders = new Set(own.json<{ items: { sender: string }[] }>().items.map((item) => item.sender));
    assert.deepEqual([...senders], ['BROKER-A']);
    assert.equal(
      (await t.app.inject({ url: `/api/declarations/${airportId}`, headers: broker })).statusCode,
      404,
    );
    assert.equal(
      (await t.app.inject({ url: `/api/declarations/${dakarId}`, headers: broker })).statusCode,
      200,
    );
    const officerView = await t.app.inject({
      url: `/api/declarations/${dakarId}/assessments`,
      headers: broker,
    });
    assert.equal(officerView.statusCode, 403);
    const forAnother = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      headers: { ...broker, 'accept-language': 'fr' },
      payload: aDeclaration({ sender: 'BROKER-B' }),
    });
    assert.equal(forAnother.statusCode, 403);
    assert.equal(codeOf(forAnother), 'SENDER_OUT_OF_SCOPE');
    assert.match(forAnother.json<Problem>().detail, /BROKER-A/);
    const ownLodged = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      headers: broker,
      payload: aDeclaration({ sender: 'BROKER-A' }),
    });
    assert.equal(ownLodged.statusCode, 201, ownLodged.body);
  });

  it('refuses that whoever saved a rule set activates it alone', async () => {
    const analyst = await t.user('analyst.sy', 'risk_analyst');
    const saved = await t.app.inject({
      method: 'POST',
      url: '/api/rule-sets',
      headers: analyst,
      payload: aRuleSet(),
    });
    assert.equal(saved.statusCode, 201, saved.body);
    const version = saved.json<{ version: number }>().version;
    const alone = await t.app.inject({
      method: 'POST',
      url: `/api/rule-sets/${String(version)}/activation`,
      headers: { ...analyst, 'accept-language': 'fr' },
      payload: {},
    });
    assert.equal(alone.statusCode, 403);
    assert.equal(codeOf(alone), 'FOUR_EYES_REQUIRED');
    assert.match(alone.json<Problem>().detail, /analyst\.sy est l'auteur du jeu de règles/);
    const second = await t.app.inject({
      method: 'POST',
      url: `/api/rule-sets/${String(version)}/activation`,
      headers: await t.user('chief.sow', 'supervisor'),
      payload: {},
    });
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.json<{ activatedBy: string }>().activatedBy, 'chief.sow');
  });

  it('sends security headers and limits requests per key', async () => {
    const response = await t.app.inject({ url: '/api/health' });
    assert.match(String(response.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN');

    const limited = await createTestApp({
      security: { secureCookies: true, rateLimitPerMinute: 3, anonymousRateLimitPerMinute: 2 },
    });
    try {
      const statuses: number[] = [];
      for (let request = 0; request < 4; request += 1) {
        statuses.push((await limited.app.inject({ url: '/api/offices' })).statusCode);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const refused = await limited.app.inject({ url: '/api/offices', headers: { 'accept-language': 'fr' } });
      assert.equal(codeOf(refused), 'RATE_LIMITED');
      assert.match(refused.json<Problem>().detail, /au plus 3 par minute/);
      // Another key has its own allowance.
      const other = await limited.app.inject({ url: '/api/offices', headers: await limited.as('auditor') });
      assert.equal(other.statusCode, 200);
      const session = await limited.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { authorization: '' },
        payload: { username: 'nobody', password: 'nothing at all here' },
      });
      assert.equal(session.statusCode, 401);
    } finally {
      await limited.close();
    }
  });
});
