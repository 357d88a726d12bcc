import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultKubernetesVersion } from '../../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';
import { corpusDir, listFiles } from '../../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

/** code, the text under the range, message; for every problem of a Compose file. */
function check(
  text: string,
  file = 'compose.yaml',
): { code: string; covers: string; message: string }[] {
  return validator.validate(file, text).problems.map((p) => ({
    code: p.code,
    covers: text.slice(p.start, p.end),
    message: p.message,
  }));
}

describe('Compose checks', () => {
  it('reports depends_on naming an unknown service, in list and map form, with did-you-mean', () => {
    const list = check(
      'services:\n  web:\n    image: nginx\n    depends_on: [datbase]\n  database:\n    image: postgres\n',
    );
    assert.deepEqual(
      list.map((p) => [p.code, p.covers]),
      [['unknown-service', 'datbase']],
    );
    assert.match(list[0]?.message ?? '', /'web' depends on 'datbase'.*Did you mean 'database'\?/);
    const map = check(
      'services:\n  web:\n    image: nginx\n    depends_on:\n      cache:\n        condition: service_started\n      db: {condition: service_healthy}\n  db:\n    image: postgres\n',
    );
    assert.deepEqual(
      map.map((p) => [p.code, p.covers]),
      [['unknown-service', 'cache']],
    );
    assert.match(map[0]?.message ?? '', /Services in this file: web, db\./);
  });

  it('accepts an optional dependency (required: false) that is not defined', () => {
    assert.deepEqual(
      check(
        'services:\n  web:\n    image: nginx\n    depends_on:\n      cache: {condition: service_started, required: false}\n',
      ),
      [],
    );
  });

  it('reports depends_on cycles once, on the edge that closes them, and self-dependencies', () => {
    const cycle = check(
      'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [c]\n  c:\n    image: x\n    depends_on: [a]\n',
    );
    assert.deepEqual(
      cycle.map((p) => [p.code, p.covers]),
      [['depends-on-cycle', 'a']],
    );
    assert.match(cycle[0]?.message ?? '', /a → b → c → a/);
    const self = check('services:\n  a:\n    image: x\n    depends_on: [a]\n');
    assert.deepEqual(
      self.map((p) => [p.code, p.covers]),
      [['depends-on-cycle', 'a']],
    );
    assert.match(self[0]?.message ?? '', /depends on itself/);
  });

  it('reports extends.service naming an unknown service only when no file is given', () => {
    const text =
      'services:\n  base:\n    image: x\n  a:\n    extends: {service: bsae}\n  b:\n    extends: {service: other, file: common.yaml}\n  c:\n    extends: nope\n';
    assert.deepEqual(
      check(text).map((p) => [p.code, p.covers]),
      [
        ['unknown-service', 'bsae'],
        ['unknown-service', 'nope'],
      ],
    );
  });

  it('reports networks, named volumes, secrets and configs not declared at the top level', () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx',
      '    networks: [frontend, backnd, default]',
      '    volumes:',
      '      - dbdata:/var/lib/data',
      '      - "logs:/logs:ro"',
      '      - ./conf:/etc/nginx',
      '      - /srv:/srv',
      '      - /anonymous',
      '      - {type: volume, source: cache, target: /cache}',
      '      - {type: bind, source: ./x, target: /x}',
      '      - ${DATA}:/data',
      '    secrets: [token, {source: cert}]',
      '    configs: [{source: nginx_conf, target: /etc/nginx.conf}]',
      'networks:',
      '  frontend:',
      '  backend:',
      'volumes:',
      '  data:',
      'secrets:',
      '  token: {file: ./token}',
      'configs: {}',
      '',
    ].join('\n');
    assert.deepEqual(
      check(text).map((p) => [p.code, p.covers]),
      [
        ['undefined-network', 'backnd'],
        ['undefined-volume', 'dbdata'],
        ['undefined-volume', 'logs'],
        ['undefined-volume', 'cache'],
        ['undefined-secret', 'cert'],
        ['undefined-config', 'nginx_conf'],
      ],
    );
    const messages = check(text).map((p) => p.message);
    assert.match(messages[0] ?? '', /Did you mean 'backend'\?/);
    assert.match(messages[1] ?? '', /Did you mean 'data'\?/);
    assert.match(
      messages[2] ?? '',
      /Declare it under the top-level 'volumes:' key, or write a path/,
    );
  });

  it('reports a service with neither image nor build, on its name', () => {
    const problems = check(
      'services:\n  web:\n    ports: ["80:80"]\n  api:\n    build: .\n  gen:\n    provider: {type: model}\n',
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [['missing-image', 'web']],
    );
  });

  it('does not judge override files and files with include by names defined elsewhere', () => {
    const text = 'services:\n  web:\n    depends_on: [db]\n    networks: [back]\n';
    assert.deepEqual(check(text, 'compose.override.yaml'), []);
    assert.deepEqual(check(text, 'docker-compose.prod.yml'), []);
    assert.deepEqual(check(`include: [db.yaml]\n${text}`), []);
  });

  it('does not warn about the !reset and !override tags', () => {
    assert.deepEqual(
      check(
        'services:\n  web:\n    image: nginx\n    ports: !reset []\n    command: !override [a]\n',
      ),
      [],
    );
    assert.deepEqual(
      check('services:\n  web:\n    image: !bogus nginx\n').map((p) => p.code),
      ['syntax'],
      'a tag Compose does not know is still reported',
    );
  });

  describe('on the corpus', () => {
    const dir = path.join(corpusDir(), 'compose');
    const files = listFiles(dir).filter((rel) => /\.ya?ml$/.test(rel));
    const errors = (rel: string): { code: string; covers: string }[] =>
      check(readFileSync(path.join(dir, rel), 'utf8'), rel).filter(
        (p) => p.code !== 'syntax' || true,
      );

    /**
     * Files outside invalid/ that are invalid by the spec all the same, with the reason. The
     * cycle fixtures are compose-go's tests of its "dependency cycle detected" error;
     * profile-no-cycle.yaml holds the same cycle (its test selects services so that the cycle is
     * never walked, which a file on its own cannot express).
     */
    const invalidOutsideInvalid: Record<string, [string, string]> = {
      'compose-spec__compose-go/loader/testdata/compose-depends-on-cycle.yaml': [
        'depends-on-cycle',
        'service1',
      ],
      'compose-spec__compose-go/loader/testdata/compose-depends-on-profile-no-cycle.yaml': [
        'depends-on-cycle',
        'service1',
      ],
      'compose-spec__compose-go/loader/testdata/compose-depends-on-self.yaml': [
        'depends-on-cycle',
        'service1',
      ],
      // SOURCES.md: the `nil:` service is null, which fails the schema (compose-go's loader allows it in that test).
      'compose-spec__compose-go/loader/testdata/extends/base.yaml': ['wrong-type', ''],
    };

    it('flags both files in invalid/ for the reason SOURCES.md gives', () => {
      const wrongField = errors(
        'docker__compose/invalid/pkg/e2e/fixtures/wrong-composefile/compose.yaml',
      );
      assert.deepEqual(
        wrongField.map((p) => [p.code, p.covers]),
        [['unknown-property', 'wrongField']],
      );
      // Only `config --no-consistency` accepts it: its services have no image and no build.
      const noConsistency = errors(
        'docker__compose/invalid/pkg/e2e/testdata/TestLocalComposeConfigNoConsistency/compose.yaml',
      );
      assert.deepEqual(
        noConsistency.map((p) => [p.code, p.covers]),
        [
          ['missing-image', 'incomplete'],
          ['missing-image', 'gated'],
        ],
      );
    });

    it('gives no error to any valid Compose file, and flags the invalid-by-spec fixtures for their reason', () => {
      const valid = files.filter((rel) => !rel.includes('/invalid/'));
      assert.ok(valid.length > 300);
      const flagged = valid.filter((rel) => errors(rel).length > 0);
      assert.deepEqual(flagged, Object.keys(invalidOutsideInvalid));
      for (const [rel, [code, covers]] of Object.entries(invalidOutsideInvalid)) {
        assert.ok(
          errors(rel).some((p) => p.code === code && p.covers === covers),
          `${rel}: ${JSON.stringify(errors(rel))}`,
        );
      }
    });
  });
});
