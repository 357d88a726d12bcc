import { readFileSync } from 'node:fs';
import path from 'node:path';

/** test/fixtures/plan: small plans for what the corpus lacks. */
export const planFixtures = path.resolve(__dirname, '..', '..', 'fixtures', 'plan');

/** The text of a fixture in test/fixtures/plan. */
export function fixtureText(name: string): string {
  return readFileSync(path.join(planFixtures, name), 'utf8');
}
