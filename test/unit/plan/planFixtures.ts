import { readFileSync } from 'node:fs';
import path from 'node:path';

/** test/fixtures/plan: small plans for what the corpus lacks. */
export const planFixtures = path.resolve(__dirname, '..', '..', 'fixtures', 'plan');

/** The text of a fixture in test/fixtures/plan. */
export function fixtureText(name: string): string {
  return readFileSync(path.join(planFixtures, name), 'utf8');
}

/** The clear-text sensitive values of terraform-actions.json: none may reach any output. */
export const actionsFixtureSecrets = [
  'hunter2-userdata',
  'correct-horse-userdata',
  'deposed-secret-userdata',
  'Sup3rS3cretDbPass',
  'tok-before-abcdef',
  'tok-after-123456',
  'old-output-secret-xyz',
  'new-output-secret-xyz',
] as const;
