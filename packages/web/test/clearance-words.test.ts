// The words of a refused clearance step: the step and state, what is lacking and the steps
// people may take, in French and English, with unknown codes kept rather than dropped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import i18next from 'i18next';
import { en } from '../src/i18n/en.ts';
import { fr } from '../src/i18n/fr.ts';
import { refusalSentences, stepList } from '../src/declaration/clearance-words.ts';

const instance = i18next.createInstance();
await instance.init({
  resources: { fr: { translation: fr }, en: { translation: en } },
  lng: 'fr',
  interpolation: { escapeValue: false },
});
const french = instance.getFixedT('fr');
const english = instance.getFixedT('en');

const refusal = {
  state: 'assessed',
  event: 'released',
  missing: ['means_arrived', 'paid_or_guaranteed'],
  allowed: ['amended', 'means_arrived', 'lane_rerouted', 'paid', 'guaranteed', 'cancelled'],
};

describe('clearance words', () => {
  it('word a refusal in French: step, state, what is lacking, the steps people may take', () => {
    assert.deepEqual(refusalSentences(french, refusal), [
      'Étape refusée : Mainlevée ; le dossier est à l’état « évalué ».',
      'Il manque : marchandises arrivées, droits payés ou garantis.',
      'Étapes permises maintenant : Réorientation, Paiement, Garantie, Annulation.',
    ]);
  });

  it('word it in English, leaving out the lacking sentence when nothing is named', () => {
    assert.deepEqual(refusalSentences(english, { ...refusal, missing: [] }), [
      'Step refused: Release; the file is “assessed”.',
      'Steps allowed now: Re-route, Payment, Guarantee, Cancellation.',
    ]);
  });

  it('keep a code the catalogue does not know, and say "none" when no step is left to people', () => {
    assert.deepEqual(refusalSentences(english, { ...refusal, state: 'quarantined', missing: ['sealed'] }), [
      'Step refused: Release; the file is “quarantined”.',
      'Lacking: sealed.',
      'Steps allowed now: Re-route, Payment, Guarantee, Cancellation.',
    ]);
    assert.equal(stepList(french, ['exited', 'means_arrived']), 'aucune');
  });
});
