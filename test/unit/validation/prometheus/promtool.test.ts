import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultKubernetesVersion } from '../../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';
import { corpusDir, listFiles } from '../../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

/**
 * Corpus files on which promtool 2.42 (Debian 12's, what CI installs) and current Prometheus
 * disagree, and why. For these we follow current Prometheus: the file is valid, and what older
 * versions reject is a warning.
 */
const newerThanPromtool: Readonly<Record<string, { reason: string; warnings: string[] }>> = {
  'prometheus__prometheus/cmd/promtool/testdata/features.yml': {
    reason:
      'sort_by_label, duration expressions, anchored and fill() are newer than 2.42 (experimental in current Prometheus), and record names with "-" need UTF-8 names (Prometheus 3)',
    warnings: ['promql-experimental', 'legacy-name'],
  },
  'prometheus__prometheus/model/rulefmt/testdata/utf-8_annotation.good.yaml': {
    reason: 'UTF-8 annotation name ins-tance (Prometheus 3)',
    warnings: ['legacy-name'],
  },
  'prometheus__prometheus/model/rulefmt/testdata/utf-8_lname.good.yaml': {
    reason: 'UTF-8 label name ins-tance (Prometheus 3)',
    warnings: ['legacy-name'],
  },
  'SchemaStore__schemastore/src/test/prometheus.rules/rules.json': {
    reason: 'group labels and query_offset (Prometheus 2.53 / 3)',
    warnings: [],
  },
  // Byte-for-byte the same rules as utf-8_annotation.good.yaml: rulefmt's test expects it to
  // fail only when parsed with the legacy name validation scheme, which is no longer the default.
  'prometheus__prometheus/invalid/model/rulefmt/testdata/legacy_validation_annotation.bad.yaml': {
    reason: 'UTF-8 annotation name ins-tance: invalid only under legacy name validation',
    warnings: ['legacy-name'],
  },
};

/** Rule files of the corpus: what we classify as Prometheus rules, plus the known-bad ones. */
function ruleFiles(root: string): string[] {
  return listFiles(root).filter((rel) => {
    if (!/\.(ya?ml|json)$/.test(rel)) {
      return false;
    }
    if (rel.includes('/invalid/')) {
      return true;
    }
    const text = readFileSync(path.join(root, rel), 'utf8');
    // Prometheus loads the first document of a rule file.
    return validator.formatsOf(rel, text)[0] === 'prometheus-rules';
  });
}

/** Runs `promtool check rules` once over all files; true for each file it accepts. */
function promtoolVerdicts(root: string, files: readonly string[]): Map<string, boolean> {
  const run = spawnSync('promtool', ['check', 'rules', '--lint=none', ...files], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error !== undefined) {
    assert.fail(
      `promtool is needed for this test but could not be run (${run.error.message}). Install it: ` +
        'sudo apt-get install -y --no-install-recommends prometheus (Debian/Ubuntu), or put ' +
        'promtool from https://prometheus.io/download/ on PATH.',
    );
  }
  // stdout has one "Checking <file>" block per file, with "SUCCESS" when promtool accepts it.
  const verdicts = new Map<string, boolean>();
  for (const block of run.stdout.split(/^Checking /m).slice(1)) {
    const file = block.slice(0, block.indexOf('\n'));
    verdicts.set(file, block.includes('SUCCESS:'));
  }
  return verdicts;
}

describe('Prometheus rules: side by side with promtool', function () {
  this.timeout(120_000);

  it('accepts and rejects the same corpus files as promtool check rules', () => {
    const root = path.join(corpusDir(), 'prometheus');
    const files = ruleFiles(root);
    assert.ok(files.length > 200, `expected the corpus's rule files, found ${files.length}`);
    const promtool = promtoolVerdicts(root, files);
    assert.equal(promtool.size, files.length, 'promtool reported on every file');
    const disagreements: string[] = [];
    for (const rel of files) {
      const problems = validator.validate(rel, readFileSync(path.join(root, rel), 'utf8')).problems;
      const ours = !problems.some((p) => p.severity === 'error');
      const theirs = promtool.get(rel);
      const known = newerThanPromtool[rel];
      if (known !== undefined) {
        // promtool 2.42 rejects these; current Prometheus accepts them, and so do we.
        assert.equal(
          theirs,
          false,
          `${rel}: promtool 2.42 was expected to reject it (${known.reason})`,
        );
        assert.equal(ours, true, `${rel}: current Prometheus accepts it (${known.reason})`);
        for (const code of known.warnings) {
          assert.ok(
            problems.some((p) => p.code === code && p.severity === 'warning'),
            `${rel}: expected a ${code} warning`,
          );
        }
        continue;
      }
      if (ours !== theirs) {
        disagreements.push(
          `${rel}: promtool ${theirs === true ? 'accepts' : 'rejects'}, we ${ours ? 'accept' : 'reject'}` +
            (ours ? '' : ` (${problems.map((p) => p.message).join(' | ')})`),
        );
      }
    }
    assert.deepEqual(disagreements, []);
  });
});
