import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultKubernetesVersion } from '../../../../src/validation/core/kubernetesSchemas';
import {
  optionEnvName,
  optionReferences,
} from '../../../../src/validation/core/rundeck/rundeckChecks';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';
import { corpusDir, listFiles } from '../../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const fixtures = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'formats');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

function check(text: string, file = 'rundeck/restart.yaml'): [string, string][] {
  return validator
    .validate(file, text)
    .problems.map((p) => [`${p.source}/${p.code}`, text.slice(p.start, p.end)]);
}

function messages(text: string): string[] {
  return validator.validate('rundeck/restart.yaml', text).problems.map((p) => p.message);
}

const job = readFileSync(path.join(fixtures, 'rundeck-job.yaml'), 'utf8');

describe('Rundeck job definitions', () => {
  it('recognises a job list by sequence.commands and validates a documented job clean', () => {
    assert.deepEqual(validator.formatsOf('anywhere/job.yaml', job), ['rundeck-jobs']);
    assert.deepEqual(check(job), []);
  });

  it('reports option references naming no option, in each of the three forms, on the reference', () => {
    const broken = job
      .replace('${option.drain-seconds}', '${option.drain-secs}')
      .replace('@option.version@', '@option.versoin@')
      .replace('$RD_OPTION_VERSION', '$RD_OPTION_RELEASE');
    assert.deepEqual(check(broken), [
      ['rundeck/unknown-option', '${option.drain-secs}'],
      ['rundeck/unknown-option', '@option.versoin@'],
      ['rundeck/unknown-option', '$RD_OPTION_RELEASE'],
    ]);
    const said = messages(broken);
    assert.match(
      said[0] ?? '',
      /\$\{option\.drain-secs\} names no option of this job \(options: version, drain-seconds\).*Did you mean \$\{option\.drain-seconds\}\?/,
    );
    assert.match(said[1] ?? '', /Did you mean @option\.version@\?/);
  });

  it('reports schema problems, empty steps, duplicate options and crontabs of the wrong shape', () => {
    const broken = job
      .replace('  sequence:\n    keepgoing', '  sequence:\n    keepgoin: true\n    keepgoing')
      .replace('loglevel: INFO', 'loglevel: LOUD')
      .replace("crontab: '0 30 2 ? * MON-FRI *'", "crontab: '30 2 * * 1-5'")
      .replace('    - name: drain-seconds', '    - name: version')
      .replace('      - type: localexec\n', '      - description: nothing\n');
    assert.deepEqual(check(broken), [
      ['rundeck/invalid-value', 'LOUD'],
      ['rundeck/duplicate-option', 'version'],
      ['rundeck/invalid-crontab', "'30 2 * * 1-5'"],
      ['rundeck/unknown-property', 'keepgoin'],
      ['rundeck/unknown-option', '${option.drain-seconds}'],
      ['rundeck/empty-step', 'description'],
    ]);
    assert.match(messages(broken)[2] ?? '', /6 or 7 fields .* not 5: add the seconds in front/);
  });

  it('finds references in every form and maps names to environment variables as Rundeck does', () => {
    assert.deepEqual(
      optionReferences('a ${option.x} @option.y.z@ $RD_OPTION_DRAIN_SECONDS ${RD_OPTION_A}').map(
        (r) => [r.name, r.env],
      ),
      [
        ['x', false],
        ['y.z', false],
        ['DRAIN_SECONDS', true],
        ['A', true],
      ],
    );
    assert.equal(optionEnvName('drain-seconds'), 'DRAIN_SECONDS');
    assert.equal(optionEnvName('db.host'), 'DB_HOST');
  });

  it("validates the corpus' Rundeck jobs clean, and finds a broken reference in them", () => {
    const root = path.join(corpusDir(), 'runbooks');
    const jobs = listFiles(root).filter((f) => f.startsWith('rundeck__'));
    assert.ok(jobs.length >= 7, `${jobs.length} Rundeck files`);
    for (const file of jobs) {
      const text = readFileSync(path.join(root, file), 'utf8');
      assert.deepEqual(validator.formatsOf(file, text), ['rundeck-jobs'], file);
      assert.deepEqual(check(text, file), [], file);
    }
    const copyJob = jobs.find((f) => f.endsWith('test-copyfile-job3.yaml')) ?? assert.fail();
    const text = readFileSync(path.join(root, copyJob), 'utf8');
    assert.deepEqual(
      check(
        text.replace(
          '- description: pattern\n    name: pattern',
          '- description: pattern\n    name: glob',
        ),
        copyJob,
      ),
      [
        ['rundeck/unknown-option', '${option.pattern}'],
        ['rundeck/unknown-option', '${option.pattern}'],
      ],
    );
  });
});
