/**
 * The demonstration rule sets shipped in packages/server/reference/rule-sets: `demo.json`, a
 * national profile of sensitive goods and traders' records that a new installation with the
 * demo switched on saves and activates, and `demo-candidate.json`, the same with criteria on
 * reference values, for an analyst to backtest against it. Demonstration data: an
 * administration writes its own criteria.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AppError, Result } from '@anticipa/core';
import { demoAnalyst, demoSupervisor } from '../demo/demo-users.ts';
import type { SelectivityService, StoredRuleSet } from './selectivity-service.ts';

export const demoRuleSetsFolder = fileURLToPath(new URL('../../reference/rule-sets/', import.meta.url));

/** The path of a shipped demonstration rule set. */
export function demoRuleSetFile(name: 'demo' | 'demo-candidate'): string {
  return `${demoRuleSetsFolder}${name}.json`;
}

/**
 * Saves and activates the demonstration rule set when no rule set was ever saved. Returns the
 * activated rule set, or undefined when rule sets exist already. Throws if the shipped file is
 * not valid (a defect of the repository, not of the installation).
 */
export async function loadDemoRuleSetIfNone(
  selectivity: SelectivityService,
): Promise<StoredRuleSet | undefined> {
  if ((await selectivity.listRuleSets()).length > 0) return undefined;
  const document = JSON.parse(await readFile(demoRuleSetFile('demo'), 'utf8')) as unknown;
  const saved: Result<StoredRuleSet, AppError> = await selectivity.saveRuleSet(document, demoAnalyst);
  if (!saved.ok)
    throw new Error(`The demonstration rule set does not validate: ${JSON.stringify(saved.error)}`);
  const activated = await selectivity.activate(saved.value.version, demoSupervisor);
  if (!activated.ok)
    throw new Error(`The demonstration rule set could not be activated: ${activated.error.code}`);
  return activated.value;
}
