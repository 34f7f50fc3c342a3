/**
 * The role matrix (issue "Trust"): every route of the API, called by every role and by nobody.
 * A role without the route's permission gets 403 PERMISSION_DENIED; a role with it is let
 * through (whatever the route then answers: 200, 400 for the empty body sent, 404...); nobody
 * gets 401 on every route that is not public. The routes come from the server itself, so a new
 * route is in the matrix the day it is added.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aDeclaration, aManifest, testOffices } from '@anticipa/core/testing';
import { roleCan, roles, type Role } from '@anticipa/core';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';
import { routeAccess } from './route-access.ts';

const office = testOffices[0].code;
const sender = 'BROKER-MATRIX';

let t: TestApp;
let declarationId = '';
let manifestId = '';

/** A concrete URL for a route pattern: the stored files, the test office, plausible ids. */
function concrete(url: string): string {
  const base = url.startsWith('/api/manifests') ? manifestId : declarationId;
  return url
    .replace('/api/reference/hs/:code', '/api/reference/hs/0101')
    .replace(':code', office)
    .replace(
      /\/api\/(declarations|manifests)\/:id/,
      (_, kind: string) => `/api/${kind}/${kind === 'manifests' ? manifestId : base}`,
    )
    .replace(':version', '1')
    .replace(':listId', 'importers')
    .replace(':sequence', '1')
    .replace(':n', '1')
    .replace(':line', '0101210000')
    .replace(':photo', '00000000-0000-4000-8000-000000000000')
    .replace(':id', '00000000-0000-4000-8000-000000000000')
    .replace('/*', '/index.html');
}

async function call(method: string, url: string, headers: Record<string, string>) {
  const withBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  return t.app.inject({
    method: method as 'GET',
    url: concrete(url),
    headers: { ...headers, ...(withBody ? { 'content-type': 'application/json' } : {}) },
    ...(withBody ? { payload: '{}' } : {}),
  });
}

async function headersOf(role: Role): Promise<Record<string, string>> {
  if (role === 'declarant' || role === 'carrier') return t.as(role, { sender });
  if (role === 'inspector' || role === 'supervisor') return t.as(role, { office });
  return t.as(role);
}

before(async () => {
  t = await createTestApp();
  const manifest = await t.app.inject({
    method: 'POST',
    url: '/api/manifests',
    payload: aManifest({ sender }),
  });
  assert.equal(manifest.statusCode, 201, manifest.body);
  manifestId = manifest.json<{ id: string }>().id;
  const declaration = await t.app.inject({
    method: 'POST',
    url: '/api/declarations',
    payload: aDeclaration({ sender }),
  });
  assert.equal(declaration.statusCode, 201, declaration.body);
  declarationId = declaration.json<{ id: string }>().id;
});

after(async () => {
  await t.close();
});

const guarded = Object.entries(routeAccess).filter(([, access]) => access.kind !== 'public');

describe('the role matrix', () => {
  it('has an entry for every route the server registers, and none for a route it does not', () => {
    // A route without an entry stops the server from starting (authentication.ts, onRoute).
    for (const route of Object.keys(routeAccess)) {
      const [method = 'GET', url = ''] = route.split(' ');
      assert.ok(t.app.hasRoute({ method: method, url }), `${route} is in route-access.ts but not served`);
    }
  });

  it('asks nobody to sign in only on public routes', async () => {
    for (const [route] of guarded) {
      const [method = 'GET', url = ''] = route.split(' ');
      const response = await call(method, url, { authorization: '' });
      assert.equal(response.statusCode, 401, `${route}: ${response.body}`);
      assert.equal(response.json<{ code: string }>().code, 'AUTHENTICATION_REQUIRED');
    }
    const health = await t.app.inject({ method: 'GET', url: '/api/health', headers: { authorization: '' } });
    assert.equal(health.statusCode, 200);
  });

  for (const role of roles) {
    it(`lets a ${role} do what the role allows, and nothing else`, async () => {
      const headers = await headersOf(role);
      const allowed: string[] = [];
      for (const [route, access] of guarded) {
        const [method = 'GET', url = ''] = route.split(' ');
        const response = await call(method, url, headers);
        const permitted =
          access.kind === 'signed_in' || (access.kind === 'permission' && roleCan(role, access.permission));
        if (permitted) {
          // Past the role check: the route answers for itself (a 403 there is four eyes or scope).
          assert.notEqual(response.statusCode, 401, `${role} ${route}: ${response.body}`);
          if (response.statusCode === 403) {
            assert.notEqual(response.json<{ code: string }>().code, 'PERMISSION_DENIED', `${role} ${route}`);
          }
          allowed.push(route);
        } else {
          assert.equal(response.statusCode, 403, `${role} ${route} should be refused: ${response.body}`);
          assert.equal(response.json<{ code: string }>().code, 'PERMISSION_DENIED', route);
        }
      }
      assert.ok(allowed.length > 0, `${role} may do nothing`);
    });
  }

  it('keeps the regional analyst to aggregates, and the trader away from what customs sees', () => {
    const routesOf = (role: Role) =>
      guarded
        .flatMap(([route, access]) =>
          access.kind === 'permission' && roleCan(role, access.permission) ? [route] : [],
        )
        .sort();
    assert.deepEqual(routesOf('regional_analyst'), [
      'GET /api/indicators',
      'GET /api/offices',
      'GET /api/reference/hs/:code',
      'GET /api/tariff/lines/:line',
    ]);
    const declarant = routesOf('declarant');
    for (const route of declarant) assert.doesNotMatch(route, /assessment|rule-sets|audit|events|inspection/);
  });
});
