/**
 * Who may call each route: one table, read by the access check (`authentication.ts`) and walked
 * by the role matrix test. A route missing from it makes the server refuse to start, so a new
 * route is never open by accident.
 *
 * Each entry is either public (the sign-in, the health check; and, without an entry, whatever
 * is read outside `/api`: the web application and the API description), open to anyone signed in, or a permission of the core's role table with
 * the scope of the file or office the route is about:
 *
 * - `declaration` / `manifest`: the `:id` parameter names a file; a file beyond the principal's
 *   reach (another office, another trader's) answers 404, as if it did not exist;
 * - `office`: the `:code` parameter names an office; another office answers 403.
 */
import type { Permission } from '@anticipa/core';

export type RouteAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'signed_in' }
  | {
      readonly kind: 'permission';
      readonly permission: Permission;
      readonly scope?: 'declaration' | 'manifest' | 'office';
    };

const open: RouteAccess = { kind: 'public' };
const signedIn: RouteAccess = { kind: 'signed_in' };
const needs = (permission: Permission, scope?: 'declaration' | 'manifest' | 'office'): RouteAccess =>
  scope === undefined ? { kind: 'permission', permission } : { kind: 'permission', permission, scope };

/** `METHOD url` as Fastify registers it → access. HEAD follows GET. */
export const routeAccess: Readonly<Record<string, RouteAccess>> = {
  'GET /api/health': open,

  'POST /api/session': open,
  'GET /api/session': signedIn,
  'DELETE /api/session': signedIn,
  'POST /api/session/password': signedIn,
  'GET /api/users': needs('users.read'),
  'POST /api/users': needs('users.manage'),
  'PATCH /api/users/:id': needs('users.manage'),
  'GET /api/api-keys': needs('users.read'),
  'POST /api/api-keys': needs('users.manage'),
  'DELETE /api/api-keys/:id': needs('users.manage'),

  'GET /api/declarations': needs('declaration.read'),
  'POST /api/declarations': needs('declaration.lodge'),
  'GET /api/declarations/:id': needs('declaration.read', 'declaration'),
  'PUT /api/declarations/:id': needs('declaration.lodge', 'declaration'),
  'GET /api/declarations/:id/versions/:version': needs('declaration.read', 'declaration'),
  'GET /api/declarations/:id/events': needs('file.officer_read', 'declaration'),
  'GET /api/declarations/:id/valuation': needs('file.officer_read', 'declaration'),
  'GET /api/declarations/:id/liquidation': needs('declaration.read', 'declaration'),
  'GET /api/declarations/:id/write-off': needs('file.officer_read', 'declaration'),
  'GET /api/declarations/:id/clearance': needs('file.officer_read', 'declaration'),
  'GET /api/declarations/:id/time-release': needs('file.officer_read', 'declaration'),
  'GET /api/declarations/:id/assessment': needs('assessment.read', 'declaration'),
  'GET /api/declarations/:id/assessments': needs('assessment.read', 'declaration'),
  'GET /api/declarations/:id/assessments/:sequence/replay': needs('assessment.read', 'declaration'),
  'GET /api/declarations/:id/trader-view': needs('trader_view.read', 'declaration'),
  'GET /api/declarations/:id/inspection-result': needs('inspection.read', 'declaration'),
  'POST /api/declarations/:id/inspection-result': needs('inspection.record', 'declaration'),
  'POST /api/declarations/:id/cancellation': needs('clearance.step', 'declaration'),
  'POST /api/declarations/:id/reroute': needs('clearance.step', 'declaration'),
  'POST /api/declarations/:id/release': needs('clearance.step', 'declaration'),
  'POST /api/declarations/:id/payment': needs('clearance.step', 'declaration'),
  'POST /api/declarations/:id/guarantee': needs('clearance.step', 'declaration'),
  'POST /api/declarations/:id/control-start': needs('control.start', 'declaration'),
  'POST /api/declarations/:id/items/:n/valuation-decisions': needs('valuation.decide', 'declaration'),
  'POST /api/valuation-decisions/:id/appeals': needs('valuation.decide'),
  'POST /api/valuation-appeals/:id/outcome': needs('valuation.decide'),
  'GET /api/inspection-photos/:photo': needs('inspection.read'),

  'GET /api/manifests': needs('manifest.read'),
  'POST /api/manifests': needs('manifest.lodge'),
  'GET /api/manifests/:id': needs('manifest.read', 'manifest'),
  'PUT /api/manifests/:id': needs('manifest.lodge', 'manifest'),
  'GET /api/manifests/:id/versions/:version': needs('manifest.read', 'manifest'),
  'GET /api/manifests/:id/events': needs('file.officer_read', 'manifest'),
  'POST /api/manifests/:id/arrival': needs('clearance.step', 'manifest'),
  'GET /api/manifests/:id/assessments': needs('assessment.read', 'manifest'),
  'GET /api/manifests/:id/write-off': needs('write_off.read', 'manifest'),

  'GET /api/offices': needs('reference.read'),
  'POST /api/offices': needs('office.manage'),
  'GET /api/offices/:code/breaches': needs('roster.read', 'office'),
  'GET /api/offices/:code/plan': needs('roster.read', 'office'),
  'GET /api/offices/:code/clearance-settings': needs('roster.read', 'office'),
  'PUT /api/offices/:code/clearance-settings': needs('office_settings.manage', 'office'),
  'GET /api/officers': needs('roster.read'),
  'POST /api/officers': needs('roster.manage'),
  'PATCH /api/officers/:id': needs('roster.manage'),
  'GET /api/scanners': needs('roster.read'),
  'POST /api/scanners': needs('roster.manage'),
  'PATCH /api/scanners/:id': needs('roster.manage'),
  'GET /api/reference/hs/:code': needs('reference.read'),
  'GET /api/tariff/lines/:line': needs('reference.read'),
  'POST /api/tariff/imports': needs('tariff.import'),

  'GET /api/rule-sets': needs('rule_set.read'),
  'POST /api/rule-sets': needs('rule_set.edit'),
  'GET /api/rule-sets/active': needs('rule_set.read'),
  'GET /api/rule-sets/:version': needs('rule_set.read'),
  'POST /api/rule-sets/:version/activation': needs('rule_set.activate'),
  'POST /api/rule-sets/:version/lists/:listId/entries': needs('rule_set.edit'),
  'POST /api/backtests': needs('backtest.run'),
  'GET /api/backtests/:id': needs('backtest.run'),
  'GET /api/selectivity/counters': needs('counters.read'),
  'GET /api/targeting/models': needs('targeting.read'),
  'POST /api/targeting/models': needs('targeting.train'),
  'GET /api/targeting/models/:id': needs('targeting.read'),
  'POST /api/targeting/models/:id/activation': needs('targeting.activate'),
  'GET /api/valuation/bands': needs('file.officer_read'),
  'POST /api/valuation/rebuild': needs('valuation.rebuild'),

  'GET /api/write-off/ageing': needs('write_off.read'),
  'GET /api/indicators': needs('indicators.read'),
  'GET /api/audit': needs('audit.read'),
  'GET /api/audit/verification': needs('audit.read'),
};

/**
 * The access of a route, HEAD read as GET; undefined when the table misses it. What is read
 * outside `/api` is the web application's and the API description's files, public as any web
 * page is (they hold no data: every screen asks the API, which checks).
 */
export function accessOf(method: string, url: string): RouteAccess | undefined {
  const verb = method === 'HEAD' ? 'GET' : method;
  if (verb === 'GET' && !url.startsWith('/api/')) return open;
  return routeAccess[`${verb} ${url}`];
}
