import type { DocumentFormat } from '../../common/classify';
import type { CrdRegistry } from './crdSchemas';
import type { FormatChecker } from './formatChecker';
import { KubernetesChecker } from './kubernetesChecker';
import { KubernetesSchemas } from './kubernetesSchemas';

/** What checkers are built from: plain options, read from settings or CLI flags. */
export interface CheckerEnvironment {
  /** The folder holding the bundled schemas (the extension's or the CLI's `schemas/`). */
  readonly schemasDir: string;
  readonly kubernetesVersion: string;
  /** The workspace's CustomResourceDefinitions, for custom resources the bundle does not know. */
  readonly crds?: CrdRegistry;
}

/**
 * Builds the checker of each format. A checker loads and compiles its schema lazily, so a
 * workspace without Compose files never reads the Compose schema.
 */
export function createCheckers(
  env: CheckerEnvironment,
): Partial<Record<DocumentFormat, FormatChecker>> {
  let kubernetes: KubernetesSchemas | undefined;
  const kubernetesSchemas = (): KubernetesSchemas =>
    (kubernetes ??= KubernetesSchemas.load(env.schemasDir, env.kubernetesVersion));
  return {
    kubernetes: new KubernetesChecker(kubernetesSchemas, env.kubernetesVersion, env.crds),
  };
}
