import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assignInspector,
  defaultControlRules,
  emptyAssignmentHistory,
  planOfficeDay,
  type AssignmentHistory,
  type ExpectedControl,
  type Inspector,
} from './inspector-assignment.ts';
import type { ControlMethod } from './clearance-state.ts';
import { seededRandom } from '../selectivity/seeded-random.ts';

const day = new Date('2026-03-02T00:00:00Z').getTime();
const hour = 3_600_000;
const at = (hours: number) => new Date(day + hours * hour);

function anInspector(
  id: string,
  qualifications: ControlMethod[],
  from = 7,
  to = 19,
  office = 'SNDKR',
): Inspector {
  return { id, office, qualifications, shifts: [{ start: at(from), end: at(to) }] };
}

const team = Array.from({ length: 10 }, (_, index) =>
  anInspector(`INS-${index}`, ['physical', 'documentary'], 0, 24 * 365),
);

function assignMany(count: number, rotation: number, seed: string) {
  const random = seededRandom(seed);
  const importerOf = seededRandom(`${seed}|importers`);
  let history: AssignmentHistory = emptyAssignmentHistory;
  const sequence: { importer: string; inspectorId: string; waived: boolean }[] = [];
  for (let index = 0; index < count; index++) {
    const importer = `IMP-${Math.floor(importerOf() * 200)}`;
    const outcome = assignInspector(
      { fileId: `F${index}`, office: 'SNDKR', importer, method: 'physical', at: at(1), minutes: 60 },
      team,
      history,
      { random, rotation },
    );
    assert.ok(outcome.assigned);
    history = outcome.history;
    sequence.push({ importer, inspectorId: outcome.inspectorId, waived: outcome.rotationWaived });
  }
  return { history, sequence };
}

describe('inspector assignment', () => {
  it('balances the load over a large sample: no inspector more than one control ahead of another', () => {
    const { history } = assignMany(10_000, 1, 'balance');
    const loads = team.map((inspector) => history.load[inspector.id] ?? 0);
    assert.equal(
      loads.reduce((a, b) => a + b, 0),
      600_000,
    );
    assert.ok(Math.max(...loads) - Math.min(...loads) <= 60, `loads ${loads.join(', ')}`);
  });

  it('never gives an importer the same inspector twice in a row, and is random among the candidates', () => {
    const { sequence } = assignMany(10_000, 1, 'rotation');
    const last = new Map<string, string>();
    const pairs = new Map<string, number>();
    for (const { importer, inspectorId, waived } of sequence) {
      assert.notEqual(last.get(importer), inspectorId);
      assert.equal(waived, false);
      last.set(importer, inspectorId);
      pairs.set(`${importer}>${inspectorId}`, (pairs.get(`${importer}>${inspectorId}`) ?? 0) + 1);
    }
    // 200 importers × 10 inspectors: a random draw spreads each importer over nearly every inspector.
    assert.ok(pairs.size > 1_800, `only ${pairs.size} importer-inspector pairs`);
    // Not a round robin: successive controls do not cycle through the inspectors in a fixed order.
    const order = sequence.slice(0, 40).map((entry) => entry.inspectorId);
    assert.notDeepEqual(order.slice(0, 10), order.slice(10, 20));
  });

  it('keeps a longer rotation when configured, and none when turned off', () => {
    const { sequence } = assignMany(5_000, 3, 'rotation-3');
    const recent = new Map<string, string[]>();
    for (const { importer, inspectorId } of sequence) {
      const last = recent.get(importer) ?? [];
      assert.ok(!last.includes(inspectorId), `${importer} met ${inspectorId} again within 3 files`);
      recent.set(importer, [...last, inspectorId].slice(-3));
    }
    const off = assignMany(5_000, 0, 'rotation-off').sequence;
    const lastOff = new Map<string, string>();
    let repeats = 0;
    for (const { importer, inspectorId } of off) {
      if (lastOff.get(importer) === inspectorId) repeats += 1;
      lastOff.set(importer, inspectorId);
    }
    assert.ok(repeats > 0, 'with rotation off, repeats happen by chance');
  });

  it('gives the same assignments for the same seed', () => {
    assert.deepEqual(assignMany(500, 1, 'replay').sequence, assignMany(500, 1, 'replay').sequence);
  });

  it('picks only qualified inspectors of the office on shift with time left, and waives rotation rather than leave a control', () => {
    const inspectors = [
      anInspector('DOC', ['documentary']),
      anInspector('NIGHT', ['physical'], 19, 23),
      anInspector('OTHER', ['physical'], 7, 19, 'SNDKR2'),
      anInspector('PHY', ['physical'], 7, 9),
    ];
    const control = {
      fileId: 'F1',
      office: 'SNDKR',
      importer: 'IMP-1',
      method: 'physical' as const,
      at: at(8),
      minutes: 90,
    };
    const options = { random: seededRandom('x'), rotation: 1 };
    const first = assignInspector(control, inspectors, emptyAssignmentHistory, options);
    assert.ok(first.assigned);
    assert.equal(first.inspectorId, 'PHY');
    assert.equal(first.rotationWaived, false);
    const second = assignInspector({ ...control, minutes: 30 }, inspectors, first.history, options);
    assert.ok(second.assigned);
    assert.equal(second.inspectorId, 'PHY');
    assert.equal(second.rotationWaived, true);
    const full = assignInspector(
      { ...control, fileId: 'F3', minutes: 10 },
      inspectors,
      second.history,
      options,
    );
    assert.deepEqual([full.assigned, full.assigned ? '' : full.reason], [false, 'no_capacity']);
    const scanner = assignInspector(
      { ...control, method: 'scanner' },
      inspectors,
      emptyAssignmentHistory,
      options,
    );
    assert.deepEqual(
      [scanner.assigned, scanner.assigned ? '' : scanner.reason],
      [false, 'no_qualified_inspector'],
    );
  });
});

describe('office day plan', () => {
  const inspectors = [
    anInspector('A', ['physical', 'scanner', 'documentary']),
    anInspector('B', ['physical', 'documentary']),
    anInspector('C', ['documentary'], 7, 11),
  ];
  const controls: ExpectedControl[] = [
    ...Array.from({ length: 4 }, (_, index) => ({
      fileId: `S${index}`,
      importer: `IMP-${index}`,
      method: 'scanner' as const,
      at: at(8 + index),
    })),
    { fileId: 'P1', importer: 'IMP-9', method: 'physical', at: at(9) },
    { fileId: 'D1', importer: 'IMP-8', method: 'documentary', at: at(10) },
  ];

  it('plans scanner controls up to capacity and moves the rest by the office rule', () => {
    const plan = planOfficeDay({
      office: 'SNDKR',
      controls,
      inspectors,
      scanners: [{ id: 'SC1', inService: true, controlsPerDay: 2 }],
      rules: { ...defaultControlRules, scannerFallback: 'documentary' },
      random: seededRandom('plan'),
    });
    assert.deepEqual(plan.scanner, { capacity: 2, used: 2, moved: 2 });
    const byId = new Map(plan.controls.map((control) => [control.fileId, control]));
    assert.equal(byId.get('S0')?.method, 'scanner');
    assert.equal(byId.get('S0')?.inspectorId, 'A');
    assert.deepEqual(
      [byId.get('S2')?.method, byId.get('S2')?.plannedAs, byId.get('S2')?.movedBecause],
      ['documentary', 'scanner', 'scanner_full'],
    );
    assert.deepEqual(plan.byMethod.scanner, {
      controls: 2,
      assigned: 2,
      demandMinutes: 60,
      capacityMinutes: 720,
    });
    assert.equal(plan.byMethod.documentary.controls, 3);
    assert.equal(plan.byMethod.documentary.capacityMinutes, 720 + 720 + 240);
    assert.ok(plan.controls.every((control) => control.inspectorId !== null));
  });

  it('sends a broken scanner’s controls to examination while inspectors have time, then to documentary check', () => {
    const plan = planOfficeDay({
      office: 'SNDKR',
      controls,
      inspectors: [anInspector('A', ['physical', 'documentary'], 7, 12)],
      scanners: [{ id: 'SC1', inService: false, controlsPerDay: 40 }],
      rules: defaultControlRules,
      random: seededRandom('broken'),
    });
    assert.equal(plan.scanner.moved, 4);
    // 300 minutes of shift: the planned examination (120) leaves room for one more (240), then documentary.
    assert.deepEqual(
      plan.controls.map((control) => [control.fileId, control.method, control.movedBecause]),
      [
        ['S0', 'physical', 'scanner_out_of_service'],
        ['P1', 'physical', null],
        ['S1', 'documentary', 'scanner_out_of_service'],
        ['D1', 'documentary', null],
        ['S2', 'documentary', 'scanner_out_of_service'],
        ['S3', 'documentary', 'scanner_out_of_service'],
      ],
    );
    // 120 + 120 + 45 = 285 minutes fit; the other documentary checks find no time left.
    assert.equal(plan.load.A, 285);
    assert.deepEqual(
      plan.controls
        .filter((control) => control.inspectorId === null)
        .map((control) => control.unassignedBecause),
      ['no_capacity', 'no_capacity', 'no_capacity'],
    );
    assert.equal(plan.byMethod.physical.capacityMinutes, 300);
  });

  it('counts the minutes an earlier plan of the day gave, for balance and capacity', () => {
    const plan = planOfficeDay({
      office: 'SNDKR',
      controls: [{ fileId: 'D9', importer: 'IMP-7', method: 'documentary', at: at(9) }],
      inspectors: [anInspector('A', ['documentary']), anInspector('B', ['documentary'])],
      scanners: [],
      rules: defaultControlRules,
      random: seededRandom('second batch'),
      // Of 720 shift minutes, A has 700 given (no room for 45 more), B 600.
      history: { load: { A: 700, B: 600 }, recentInspectors: {} },
    });
    assert.equal(plan.controls[0]?.inspectorId, 'B');
    assert.deepEqual(plan.load, { A: 700, B: 645 });
  });
});
