import * as assert from 'node:assert/strict';
import { findCycles } from '../../../src/diagram/core/graphModel';
import { terraformShapedGraph } from '../../bench/graphBench';

describe('graph bench inputs', () => {
  it('are Terraform-shaped: about 1.3 edges per node, modules of 20, acyclic, the same every run', () => {
    const graph = terraformShapedGraph(2000);
    assert.equal(graph.nodes.length, 2000);
    const perNode = graph.edges.length / graph.nodes.length;
    assert.ok(perNode > 1.2 && perNode < 1.4, `${perNode} edges per node`);
    assert.equal(new Set(graph.nodes.map((n) => n.namespace)).size, 100);
    assert.deepEqual(findCycles(graph), []);
    assert.deepEqual(terraformShapedGraph(2000), graph);
  });
});
