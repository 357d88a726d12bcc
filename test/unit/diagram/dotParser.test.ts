import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DotSyntaxError, parseDot } from '../../../src/diagram/core/dotParser';
import { terraformGraphFromDot } from '../../../src/diagram/core/terraformDotGraph';
import { corpusDir } from '../corpus';

/** What `terraform graph` prints (Terraform 1.5 style), trimmed. */
const terraformGraph = `digraph {
	compound = "true"
	newrank = "true"
	subgraph "root" {
		"[root] aws_instance.web (expand)" [label = "aws_instance.web", shape = "box"]
		"[root] aws_security_group.web (expand)" [label = "aws_security_group.web", shape = "box"]
		"[root] module.net.aws_vpc.this (expand)" [label = "module.net.aws_vpc.this", shape = "box"]
		"[root] provider[\\"registry.terraform.io/hashicorp/aws\\"]" [label = "provider[\\"registry.terraform.io/hashicorp/aws\\"]", shape = "diamond"]
		"[root] var.region" [label = "var.region", shape = "note"]
		"[root] aws_instance.web (expand)" -> "[root] aws_security_group.web (expand)"
		"[root] aws_security_group.web (expand)" -> "[root] module.net.aws_vpc.this (expand)"
		"[root] module.net.aws_vpc.this (expand)" -> "[root] provider[\\"registry.terraform.io/hashicorp/aws\\"]"
		"[root] provider[\\"registry.terraform.io/hashicorp/aws\\"]" -> "[root] var.region"
		"[root] provider[\\"registry.terraform.io/hashicorp/aws\\"] (close)" -> "[root] aws_instance.web (expand)"
		"[root] root" -> "[root] provider[\\"registry.terraform.io/hashicorp/aws\\"] (close)"
	}
}
`;

describe('DOT parser', () => {
  it('reads nodes, attributes, edge chains, subgraphs, comments, ports and escapes', () => {
    const dot = parseDot(`/* a comment */
strict digraph "g" {
  # a preprocessor line
  graph [rankdir=LR]; node [shape=box]
  a [label="say \\"hi\\"", color=red] // trailing
  subgraph cluster_x { label = "X"; b; c:p1:n -> d }
  a -> b -> c [style=dashed];
  e = f
  <html <b>id</b>> -> "multi
line";
}`);
    assert.equal(dot.strict, true);
    assert.equal(dot.directed, true);
    assert.equal(dot.id, 'g');
    assert.deepEqual(dot.attributes, { rankdir: 'LR', e: 'f' });
    assert.deepEqual(
      dot.nodes.map((n) => [n.id, n.subgraphs, n.line]),
      [
        ['a', [], 5],
        ['b', ['cluster_x'], 6],
        ['c', ['cluster_x'], 6],
        ['d', ['cluster_x'], 6],
        ['html <b>id</b>', [], 9],
        ['multi\nline', [], 9],
      ],
    );
    assert.deepEqual(dot.nodes[0]?.attributes, { label: 'say "hi"', color: 'red' });
    assert.deepEqual(
      dot.edges.map((e) => [e.from, e.to, e.attributes.style ?? '']),
      [
        ['c', 'd', ''],
        ['a', 'b', 'dashed'],
        ['b', 'c', 'dashed'],
        ['html <b>id</b>', 'multi\nline', ''],
      ],
    );
  });

  it('reports bad input with its line and column', () => {
    const cases: [string, RegExp][] = [
      ['digraph {\n  a -> \n}', /^line 3, column 1: expected a node id but found '\}'/],
      ['digraph {\n  "open\n', /^line 2, column 3: unterminated string/],
      ['digraph {\n  a -- b\n}', /^line 2, column 5: '--' in a digraph/],
      ['digraph {\n  a [label=]\n}', /^line 2, column 12: expected a value for 'label'/],
      ['graph {\n  a -> b\n}', /^line 2, column 5: '->' in a graph/],
      ['digraph { a }\n}', /^line 2, column 1: unexpected '\}' after the graph/],
      ['digraph {\n a ; ', /^line 2, column 6: expected '\}' but found the end of the file/],
      ['{ a -> b }', /^line 1, column 1: expected 'digraph' or 'graph' but found '\{'/],
      ['digraph { a @ b }', /^line 1, column 13: unexpected character '@'/],
      ['digraph { /* never closed', /^line 1, column 11: unterminated comment/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parseDot(text),
        (error: unknown) => error instanceof DotSyntaxError && message.test(error.message),
        text,
      );
    }
  });

  it('parses a 20,000-node chain without deep recursion', () => {
    const lines = ['digraph {'];
    for (let i = 0; i < 20_000; i++) {
      lines.push(`  n${i} -> n${i + 1};`);
    }
    lines.push('}');
    const dot = parseDot(lines.join('\n'));
    assert.equal(dot.nodes.length, 20_001);
    assert.equal(dot.edges.length, 20_000);
  });
});

describe('Terraform graph from DOT', () => {
  it('normalises terraform graph node names and leaves bookkeeping nodes out', () => {
    const graph = terraformGraphFromDot(terraformGraph, 'graph.dot');
    assert.deepEqual(
      graph.nodes.map((n) => [n.id, n.kind, n.namespace ?? '', n.line]),
      [
        ['aws_instance.web', 'resource', '', 5],
        ['aws_security_group.web', 'resource', '', 6],
        ['module.net.aws_vpc.this', 'resource', 'module.net', 7],
        ['provider["registry.terraform.io/hashicorp/aws"]', 'provider', '', 8],
        ['var.region', 'variable', '', 9],
      ],
    );
    assert.deepEqual(
      graph.edges.map((e) => `${e.from} -> ${e.to}`),
      [
        'aws_instance.web -> aws_security_group.web',
        'aws_security_group.web -> module.net.aws_vpc.this',
        'module.net.aws_vpc.this -> provider["registry.terraform.io/hashicorp/aws"]',
        'provider["registry.terraform.io/hashicorp/aws"] -> var.region',
      ],
    );
  });

  it('reads the corpus graph files (terraform-graph-beautifier output) edge for edge', () => {
    const base = path.join(corpusDir(), 'terraform-plans', 'pcasteran__terraform-graph-beautifier');
    for (const file of ['doc/config1.gv', 'test/config1_expected.gv']) {
      const text = readFileSync(path.join(base, file), 'utf8');
      const graph = terraformGraphFromDot(text, file);
      // Independently: every `"a"->"b"` line of the file is an edge, with `module.root.` dropped.
      const expected = [...text.matchAll(/^\s*"([^"]+)"\s*->\s*"([^"]+)"/gm)].map(
        ([, from = '', to = '']) =>
          `${from.replace(/^module\.root\./, '')} -> ${to.replace(/^module\.root\./, '')}`,
      );
      assert.ok(expected.length > 3, file);
      assert.deepEqual(
        graph.edges.map((e) => `${e.from} -> ${e.to}`).sort(),
        [...new Set(expected)].sort(),
        file,
      );
      const file1 = graph.nodes.find((n) => n.id === 'module.random_file.local_file.file');
      assert.equal(file1?.namespace, 'module.random_file', file);
      assert.equal(file1.kind, 'resource');
      assert.equal(
        graph.nodes.find((n) => n.id === 'module.random_file.var.file_prefix')?.kind,
        'variable',
      );
    }
  });
  it('reads the shorter output of terraform graph 1.7 and later (clusters per module)', () => {
    const graph = terraformGraphFromDot(`digraph G {
  rankdir = "RL";
  node [shape = rect, fontname = "sans-serif"];
  "aws_instance.web" [label="aws_instance.web"];
  "data.aws_ami.ubuntu" [label="data.aws_ami.ubuntu"];
  subgraph "cluster_module.net" {
    label = "module.net"
    fontname = "sans-serif"
    "module.net.aws_vpc.this" [label="aws_vpc.this"];
  }
  "aws_instance.web" -> "data.aws_ami.ubuntu";
  "aws_instance.web" -> "module.net.aws_vpc.this";
}
`);
    assert.deepEqual(
      graph.nodes.map((n) => [n.id, n.kind, n.namespace ?? '']),
      [
        ['aws_instance.web', 'resource', ''],
        ['data.aws_ami.ubuntu', 'data', ''],
        ['module.net.aws_vpc.this', 'resource', 'module.net'],
      ],
    );
    assert.equal(graph.edges.length, 2);
  });
});
