import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../selectivity/seeded-random.ts';
import { chooseControls, explorationHitRate } from './exploration.ts';

const ranks = Array.from({ length: 100 }, (_, index) => index / 100);

describe('exploration', () => {
  it('targets the best-ranked files and explores among the others, in the share asked', () => {
    const choices = chooseControls(ranks, {
      budget: 10,
      explorationShare: 0.2,
      strategy: 'random',
      random: seededRandom('office-1|2025-03-10'),
    });
    assert.equal(choices.length, 10);
    const targeted = choices.filter((choice) => choice.reason === 'targeted').map((choice) => choice.index);
    assert.deepEqual(targeted, [99, 98, 97, 96, 95, 94, 93, 92]);
    const explored = choices
      .filter((choice) => choice.reason === 'exploration')
      .map((choice) => choice.index);
    assert.equal(explored.length, 2);
    assert.ok(explored.every((index) => index < 92));
    assert.equal(new Set(explored).size, 2);
  });

  it('draws the same files for the same seed, and spreads them over the files not targeted', () => {
    const plan = { budget: 20, explorationShare: 0.5, strategy: 'random' as const };
    const a = chooseControls(ranks, { ...plan, random: seededRandom('s') });
    const b = chooseControls(ranks, { ...plan, random: seededRandom('s') });
    assert.deepEqual(a, b);
    const explored = a.filter((choice) => choice.reason === 'exploration').map((choice) => choice.index);
    assert.ok(Math.min(...explored) < 45, 'draws reach the lower half');
  });

  it('explores where the model is least sure with the uncertain strategy', () => {
    const choices = chooseControls(ranks, {
      budget: 4,
      explorationShare: 0.5,
      strategy: 'uncertain',
      random: seededRandom('u'),
    });
    const explored = choices
      .filter((choice) => choice.reason === 'exploration')
      .map((choice) => choice.index);
    assert.deepEqual(explored, [50, explored[1] === 49 ? 49 : 51]);
  });

  it('keeps the exploration controls’ hit rate apart, as the unbiased measure', () => {
    const choices = chooseControls(ranks, {
      budget: 10,
      explorationShare: 0.5,
      strategy: 'random',
      random: seededRandom('m'),
    });
    const rate = explorationHitRate(choices, (index) => index % 2 === 0);
    const explored = choices.filter((choice) => choice.reason === 'exploration');
    assert.equal(rate?.controls, 5);
    assert.equal(rate.frauds, explored.filter((choice) => choice.index % 2 === 0).length);
    assert.equal(
      explorationHitRate(choices.slice(0, 5), () => true),
      undefined,
    );
  });

  it('never controls more files than there are', () => {
    const choices = chooseControls([0.3, 0.9], {
      budget: 5,
      explorationShare: 0.5,
      strategy: 'random',
      random: seededRandom('x'),
    });
    assert.deepEqual(choices.map((choice) => choice.index).sort(), [0, 1]);
  });
});
