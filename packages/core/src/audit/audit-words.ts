/**
 * The verdict of an audit-chain verification in French and English, for the command line and
 * the HTTP API: which entry is at fault and what was done to it.
 */
import type { Locale } from '../shared/messages.ts';
import type { ChainFault, ChainVerification } from './audit-chain.ts';

const faultWords: Readonly<Record<Locale, (fault: ChainFault) => string>> = {
  en: (fault) => {
    switch (fault.kind) {
      case 'edited':
        return `entry ${fault.sequence} was edited: its content no longer matches its hash`;
      case 'deleted':
        return `an entry was deleted at ${fault.sequence}: entry ${fault.sequence} is missing, or the one before it was rewritten`;
      case 'inserted':
        return `entry ${fault.sequence} was inserted: the entry after it follows the one before it`;
      case 'reordered':
        return fault.expectedAt === undefined
          ? `entry ${fault.sequence} is out of order: it follows an entry stored after it`
          : `entry ${fault.sequence} is out of order: the entry that belongs there is stored at ${fault.expectedAt}`;
      case 'head_mismatch':
        return `the head kept elsewhere at entry ${fault.sequence} is no longer in the chain: the trail was rewritten from there on, or cut short`;
    }
  },
  fr: (fault) => {
    switch (fault.kind) {
      case 'edited':
        return `l’entrée ${fault.sequence} a été modifiée : son contenu ne correspond plus à son empreinte`;
      case 'deleted':
        return `une entrée a été supprimée en ${fault.sequence} : l’entrée ${fault.sequence} manque, ou celle qui la précède a été réécrite`;
      case 'inserted':
        return `l’entrée ${fault.sequence} a été insérée : l’entrée suivante suit celle qui la précède`;
      case 'reordered':
        return fault.expectedAt === undefined
          ? `l’entrée ${fault.sequence} n’est pas à sa place : elle suit une entrée rangée après elle`
          : `l’entrée ${fault.sequence} n’est pas à sa place : celle qui devrait s’y trouver est rangée en ${fault.expectedAt}`;
      case 'head_mismatch':
        return `la tête conservée ailleurs à l’entrée ${fault.sequence} n’est plus dans la chaîne : le journal a été réécrit à partir de là, ou tronqué`;
    }
  },
};

/** One sentence: the trail is intact (with its length and head), or where and how it is broken. */
export function describeChainVerification(verification: ChainVerification, locale: Locale): string {
  if (!verification.intact) {
    return locale === 'fr'
      ? `Journal d’audit altéré : ${faultWords.fr(verification.fault)}.`
      : `Audit trail tampered with: ${faultWords.en(verification.fault)}.`;
  }
  const head = verification.head;
  if (locale === 'fr') {
    return head
      ? `Journal d’audit intact : ${verification.entries} entrées, tête ${head.sequence} ${head.hash}.`
      : 'Journal d’audit intact : aucune entrée.';
  }
  return head
    ? `Audit trail intact: ${verification.entries} entries, head ${head.sequence} ${head.hash}.`
    : 'Audit trail intact: no entries.';
}

/** What is wrong with one entry, in a few words (no sentence around it). */
export function describeChainFault(fault: ChainFault, locale: Locale): string {
  return faultWords[locale](fault);
}
