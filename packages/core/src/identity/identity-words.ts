/**
 * Roles and permissions in the words of their readers, French and English: refusals name the
 * role and what it may not do, and screens list roles by these names.
 */
import type { Locale } from '../shared/messages.ts';
import type { Permission, Role } from './roles.ts';

const roleNames: Readonly<Record<Locale, Readonly<Record<Role, string>>>> = {
  en: {
    declarant: 'declarant or broker',
    carrier: 'carrier',
    risk_analyst: 'risk analyst',
    inspector: 'inspector',
    supervisor: 'office supervisor',
    auditor: 'auditor',
    regional_analyst: 'regional analyst',
    administrator: 'administrator',
  },
  fr: {
    declarant: 'déclarant ou commissionnaire',
    carrier: 'transporteur',
    risk_analyst: 'analyste de risque',
    inspector: 'vérificateur',
    supervisor: 'chef de bureau',
    auditor: 'auditeur',
    regional_analyst: 'analyste régional',
    administrator: 'administrateur',
  },
};

const permissionPhrases: Readonly<Record<Locale, Readonly<Record<Permission, string>>>> = {
  en: {
    'declaration.lodge': 'lodge or amend declarations',
    'manifest.lodge': 'lodge or amend manifests',
    'declaration.read': 'read declarations',
    'manifest.read': 'read manifests',
    'trader_view.read': "read the trader's view of a file",
    'file.officer_read': 'read what customs records of a file',
    'assessment.read': 'read assessments, criteria hit and their reasons',
    'clearance.step': 'take clearance steps (re-route, payment, guarantee, release, cancellation)',
    'control.start': 'start a control',
    'inspection.record': 'record inspection results',
    'inspection.read': 'read inspection results',
    'valuation.decide': 'record valuation decisions and appeals',
    'rule_set.read': 'read rule sets',
    'rule_set.edit': 'edit rule sets and lists',
    'rule_set.activate': 'activate a rule set',
    'backtest.run': 'run backtests',
    'targeting.read': 'read targeting models',
    'targeting.train': 'train targeting models',
    'targeting.activate': 'put a targeting model in force',
    'valuation.rebuild': 'rebuild valuation bands',
    'roster.read': 'read rosters and day plans',
    'roster.manage': 'manage officers and scanners',
    'office.manage': 'manage offices',
    'office_settings.manage': "change an office's clearance settings",
    'indicators.read': 'read indicators',
    'criteria_indicators.read': 'read the indicators of each criterion',
    'counters.read': 'read selectivity counters',
    'write_off.read': 'read write-off ledgers and ageing',
    'reference.read': 'read reference data',
    'tariff.import': 'import tariffs',
    'audit.read': 'read the audit trail',
    'users.read': 'read users and API keys',
    'users.manage': 'manage users and API keys',
  },
  fr: {
    'declaration.lodge': 'déposer ou modifier des déclarations',
    'manifest.lodge': 'déposer ou modifier des manifestes',
    'declaration.read': 'lire des déclarations',
    'manifest.read': 'lire des manifestes',
    'trader_view.read': "lire la vue opérateur d'un dossier",
    'file.officer_read': "lire ce que la douane enregistre d'un dossier",
    'assessment.read': 'lire les évaluations, les critères touchés et leurs motifs',
    'clearance.step':
      'faire les étapes du dédouanement (réorientation, paiement, garantie, mainlevée, annulation)',
    'control.start': 'commencer un contrôle',
    'inspection.record': "enregistrer des résultats d'inspection",
    'inspection.read': "lire des résultats d'inspection",
    'valuation.decide': 'enregistrer des décisions et recours de valeur',
    'rule_set.read': 'lire les jeux de règles',
    'rule_set.edit': 'modifier les jeux de règles et les listes',
    'rule_set.activate': 'activer un jeu de règles',
    'backtest.run': 'lancer des rétro-tests',
    'targeting.read': 'lire les modèles de ciblage',
    'targeting.train': 'entraîner des modèles de ciblage',
    'targeting.activate': 'mettre en vigueur un modèle de ciblage',
    'valuation.rebuild': 'recalculer les fourchettes de valeur',
    'roster.read': 'lire les tableaux de service et plans du jour',
    'roster.manage': 'gérer les agents et les scanners',
    'office.manage': 'gérer les bureaux',
    'office_settings.manage': "modifier les réglages de dédouanement d'un bureau",
    'indicators.read': 'lire les indicateurs',
    'criteria_indicators.read': 'lire les indicateurs de chaque critère',
    'counters.read': 'lire les compteurs de sélectivité',
    'write_off.read': "lire l'apurement et son ancienneté",
    'reference.read': 'lire les données de référence',
    'tariff.import': 'importer des tarifs',
    'audit.read': "lire la piste d'audit",
    'users.read': "lire les utilisateurs et les clés d'API",
    'users.manage': "gérer les utilisateurs et les clés d'API",
  },
};

export function roleName(role: Role, locale: Locale): string {
  return roleNames[locale][role];
}

export function permissionPhrase(permission: Permission, locale: Locale): string {
  return permissionPhrases[locale][permission];
}
