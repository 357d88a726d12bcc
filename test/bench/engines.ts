// The two engines behind one interface: text in, diagnostics with 1-based lines out, which is
// what an editor needs to show them ("fresh diagnostics").
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultKubernetesVersion } from '../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../src/validation/core/yamlValidator';
import { schemasDir } from './benchInputs';
import { createYlsKubernetes, writeYannhLayout } from './ylsKubernetes';

export type EngineName = 'ours' | 'yls';

export const engineLabels: Readonly<Record<EngineName, string>> = {
  ours: 'infra-workbench',
  yls: 'yaml-language-server 2.0.0',
};

/** A diagnostic as the bench compares them. */
export interface BenchDiagnostic {
  readonly line: number;
  readonly message: string;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
}

export interface Engine {
  /** Diagnostics of a new version of the file at `relativePath`. */
  validate(relativePath: string, text: string): Promise<BenchDiagnostic[]>;
}

let documentVersion = 1;

/**
 * Our engine as the editor uses it: one YamlValidator, problems converted to positions through
 * a TextDocument of the new text (as yaml-language-server does for its diagnostics).
 */
export function createOurs(): Engine {
  const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });
  return {
    validate: (relativePath, text) => {
      const { problems } = validator.validate(relativePath, text);
      const document = TextDocument.create(
        `file:///${relativePath}`,
        'yaml',
        documentVersion++,
        text,
      );
      return Promise.resolve(
        problems.map((p) => ({
          line: document.positionAt(p.start).line + 1,
          message: p.message,
          severity: p.severity,
        })),
      );
    },
  };
}

/** yaml-language-server in its Kubernetes mode, given our strict schema (see ylsKubernetes.ts). */
export async function createYls(): Promise<Engine> {
  const dir = writeYannhLayout(schemasDir, defaultKubernetesVersion);
  const service = await createYlsKubernetes(dir, defaultKubernetesVersion);
  return {
    validate: async (relativePath, text) => {
      const diagnostics = await service.validate(`file:///bench/${relativePath}`, text);
      return diagnostics.map((d) => ({
        line: d.range.start.line + 1,
        message: typeof d.message === 'string' ? d.message : d.message.value,
        severity:
          d.severity === 1
            ? 'error'
            : d.severity === 2
              ? 'warning'
              : d.severity === 4
                ? 'hint'
                : 'info',
      }));
    },
  };
}

export function createEngine(name: EngineName): Promise<Engine> {
  return name === 'ours' ? Promise.resolve(createOurs()) : createYls();
}
