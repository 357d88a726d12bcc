import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  parseResourceAddress,
  scanTerraformBlocks,
  TerraformSourceIndex,
  type TerraformFile,
} from '../../../src/plan/core/terraformSource';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'terraform-source');
const files = ['live/main.tf', 'modules/net/main.tf', 'modules/sg/main.tf', 'other/main.tf'];

function load(): TerraformFile[] {
  return files.map((f) => ({
    path: `/ws/${f}`,
    text: readFileSync(path.join(fixtures, f), 'utf8'),
  }));
}

/** The 0-based line of the last line of `file` that starts with `start`. */
function lineOf(file: string, start: string): number {
  const lines = readFileSync(path.join(fixtures, file), 'utf8').split('\n');
  const line = lines.map((l) => l.startsWith(start)).lastIndexOf(true);
  assert.ok(line >= 0, start);
  return line;
}

describe('terraform source scanner', () => {
  it('finds the top-level blocks, not those in comments, heredocs or strings', () => {
    const text = readFileSync(path.join(fixtures, 'live/main.tf'), 'utf8');
    const blocks = scanTerraformBlocks(text);
    assert.deepEqual(
      blocks.map((b) => [b.kind, ...b.labels]),
      [
        ['terraform'],
        ['locals'],
        ['resource', 'aws_vpc', 'main'],
        ['module', 'net'],
        ['module', 'registry'],
        ['data', 'aws_ami', 'ubuntu'],
      ],
    );
    const vpc = blocks.find((b) => b.labels[1] === 'main');
    assert.equal(vpc?.line, lineOf('live/main.tf', 'resource "aws_vpc" "main"'));
    assert.equal(vpc.column, 0);
    assert.deepEqual(
      blocks.filter((b) => b.kind === 'module').map((b) => b.source),
      ['./../modules/net', 'terraform-aws-modules/vpc/aws'],
    );
  });

  it('reads a one-line module block and tolerates broken text', () => {
    assert.deepEqual(scanTerraformBlocks('module "sg" { source = "../sg" }\n'), [
      { kind: 'module', labels: ['sg'], line: 0, column: 0, source: '../sg' },
    ]);
    // Unterminated string, heredoc and comment: no crash, no invented block.
    for (const text of [
      'resource "a',
      'x = <<EOT\nresource "a" "b" {\n',
      '/* resource "a" "b" {',
      '}}}{',
    ]) {
      assert.doesNotThrow(() => scanTerraformBlocks(text));
    }
    assert.deepEqual(scanTerraformBlocks('x = <<EOT\nresource "a" "b" {\n'), []);
  });

  it('leaves a templated source alone', () => {
    const [block] = scanTerraformBlocks('module "m" {\n  source = "./${var.x}"\n}\n');
    assert.equal(block?.source, undefined);
  });

  it('parses resource addresses with modules, keys and data sources', () => {
    assert.deepEqual(parseResourceAddress('module.a["x.y"].module.b.data.aws_ami.u[0]'), {
      modules: ['a', 'b'],
      kind: 'data',
      type: 'aws_ami',
      name: 'u',
    });
    assert.equal(parseResourceAddress('module.a'), undefined);
    assert.equal(parseResourceAddress('aws_vpc'), undefined);
  });
});

describe('locating resources in .tf files', () => {
  const index = new TerraformSourceIndex(load());

  it('prefers the folder nearest the plan for a root resource', () => {
    assert.deepEqual(index.locate('aws_vpc.main', '/ws/live'), {
      found: {
        path: '/ws/live/main.tf',
        line: lineOf('live/main.tf', 'resource "aws_vpc"'),
        column: 0,
      },
    });
    assert.deepEqual(index.locate('aws_vpc.main', '/ws/other'), {
      found: { path: '/ws/other/main.tf', line: 0, column: 0 },
    });
    assert.deepEqual(index.locate('data.aws_ami.ubuntu'), {
      found: {
        path: '/ws/live/main.tf',
        line: lineOf('live/main.tf', 'data "aws_ami"'),
        column: 0,
      },
    });
  });

  it('follows local module sources, nested ones too', () => {
    assert.deepEqual(index.locate('module.net.aws_subnet.private[1]', '/ws/live'), {
      found: {
        path: '/ws/modules/net/main.tf',
        line: lineOf('modules/net/main.tf', 'resource "aws_subnet"'),
        column: 0,
      },
    });
    assert.deepEqual(index.locate('module.net.module.sg.aws_security_group.this', '/ws/live'), {
      found: { path: '/ws/modules/sg/main.tf', line: 1, column: 0 },
    });
  });

  it('says why a resource is not found', () => {
    const registry = index.locate('module.registry.aws_vpc.this[0]', '/ws/live');
    assert.ok('notFound' in registry);
    assert.match(registry.notFound, /module "registry" comes from terraform-aws-modules\/vpc\/aws/);
    const missing = index.locate('aws_instance.web', '/ws/live');
    assert.ok('notFound' in missing);
    assert.match(missing.notFound, /No resource "aws_instance" "web" block found/);
    const commented = index.locate('aws_vpc.commented');
    assert.ok('notFound' in commented);
  });
});
