import * as assert from 'node:assert/strict';
import {
  boxAt,
  edgePath,
  fitTransform,
  matchingNodes,
  nearestInDirection,
  toDiagram,
} from '../../../src/diagram/webview/geometry';

describe('diagram webview geometry', () => {
  it('turns Graphviz spline points into cubic segments and a line to the arrow tip', () => {
    assert.equal(
      edgePath([
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 4],
        [5, 5],
        [6, 6],
        [6, 9],
      ]),
      'M0,0 C1,1 2,2 3,3 C4,4 5,5 6,6 L6,9',
    );
    assert.equal(edgePath([]), '');
    assert.equal(
      edgePath([
        [0.123, 10.06],
        [1, 1],
      ]),
      'M0.1,10.1 L1,1',
    );
  });

  it('fits a diagram in the viewport, centred, never enlarged past 1.5x', () => {
    const big = fitTransform({ width: 2000, height: 1000 }, { width: 1032, height: 800 });
    assert.equal(big.k, 0.5);
    assert.equal(big.x, (1032 - 1000) / 2);
    assert.equal(big.y, (800 - 500) / 2);
    // Every corner of the content lands inside the viewport.
    for (const [cx, cy] of [
      [0, 0],
      [2000, 1000],
    ] as const) {
      const sx = cx * big.k + big.x;
      const sy = cy * big.k + big.y;
      assert.ok(sx >= 0 && sx <= 1032 && sy >= 0 && sy <= 800);
    }
    assert.equal(fitTransform({ width: 50, height: 20 }, { width: 1000, height: 800 }).k, 1.5);
    assert.deepEqual(fitTransform({ width: 0, height: 0 }, { width: 100, height: 100 }), {
      x: 16,
      y: 16,
      k: 1,
    });
  });

  it('finds nodes by every word of the query, exact label matches first', () => {
    const nodes = [
      { id: 'Service/shop/web-admin', label: 'Service web-admin', kind: 'Service' },
      {
        id: 'Deployment/shop/web',
        label: 'Deployment web',
        kind: 'Deployment',
        file: 'k8s/web.yaml',
      },
      { id: 'Service/shop/web', label: 'Service web', kind: 'Service' },
    ];
    assert.deepEqual(
      matchingNodes(nodes, 'service web').map((n) => n.id),
      ['Service/shop/web', 'Service/shop/web-admin'],
    );
    assert.deepEqual(
      matchingNodes(nodes, 'K8S/WEB').map((n) => n.id),
      ['Deployment/shop/web'],
    );
    assert.deepEqual(matchingNodes(nodes, '   '), []);
    assert.deepEqual(matchingNodes(nodes, 'nothing'), []);
  });

  it('finds the box under a point of the canvas (the last drawn on top)', () => {
    const boxes = [
      { id: 'a', x: 50, y: 50, width: 40, height: 20 },
      { id: 'b', x: 60, y: 50, width: 40, height: 20 },
    ];
    assert.equal(boxAt(boxes, 35, 45)?.id, 'a');
    assert.equal(boxAt(boxes, 55, 50)?.id, 'b');
    assert.equal(boxAt(boxes, 50, 61), undefined);
    assert.equal(boxAt(boxes.slice(0, 0), 0, 0), undefined);
    const at = toDiagram({ x: 100, y: 20, k: 2 }, 200, 60);
    assert.deepEqual(at, { x: 50, y: 20 });
  });

  it('moves between boxes with the arrow keys: the nearest one that way', () => {
    const box = (id: string, x: number, y: number) => ({ id, x, y, width: 40, height: 20 });
    //        a(0,0)     b(100,0)
    //   c(-20,80)  d(60,90)      e(300,10)
    const boxes = [
      box('a', 0, 0),
      box('b', 100, 0),
      box('c', -20, 80),
      box('d', 60, 90),
      box('e', 300, 10),
    ];
    const go = (id: string, direction: 'left' | 'right' | 'up' | 'down') => {
      const from = boxes.find((b) => b.id === id);
      assert.ok(from !== undefined);
      return nearestInDirection(boxes, from, direction)?.id;
    };
    assert.equal(go('a', 'right'), 'b', 'the nearest to the right, not the farther one');
    assert.equal(go('b', 'right'), 'e');
    assert.equal(go('e', 'right'), undefined, 'nothing further right');
    assert.equal(go('a', 'down'), 'c', 'straight below counts more than a shorter diagonal');
    assert.equal(go('d', 'up'), 'b');
    assert.equal(go('d', 'left'), 'c');
    assert.equal(go('a', 'left'), undefined, 'c is below, not to the left');
    assert.equal(go('a', 'up'), undefined);
  });
});
