// The webview's arithmetic, DOM-free so unit tests run it on Node: SVG paths from Graphviz
// splines, the transform that fits a diagram in the panel, and search matching.

/** A pan and zoom: screen = diagram * k + (x, y). */
export interface Transform {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

/**
 * An SVG path through Graphviz spline points: the first point, then cubic Bézier segments of
 * three points each; a point left over (the arrow tip Graphviz reports separately) is joined
 * with a line so the arrowhead marker lands on the node's border.
 */
export function edgePath(points: readonly (readonly [number, number])[]): string {
  const [first, ...rest] = points;
  if (first === undefined) {
    return '';
  }
  const f = (p: readonly [number, number]): string => `${round(p[0])},${round(p[1])}`;
  const parts = [`M${f(first)}`];
  let i = 0;
  for (; i + 3 <= rest.length; i += 3) {
    parts.push(
      `C${rest
        .slice(i, i + 3)
        .map(f)
        .join(' ')}`,
    );
  }
  for (; i < rest.length; i++) {
    const p = rest[i];
    if (p !== undefined) {
      parts.push(`L${f(p)}`);
    }
  }
  return parts.join(' ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * The transform showing all of a diagram centred in a viewport with a margin, never enlarged
 * beyond 1.5× (a three-node graph should not fill the screen with giant boxes).
 */
export function fitTransform(
  content: { readonly width: number; readonly height: number },
  viewport: { readonly width: number; readonly height: number },
  margin = 16,
): Transform {
  if (content.width <= 0 || content.height <= 0 || viewport.width <= 0 || viewport.height <= 0) {
    return { x: margin, y: margin, k: 1 };
  }
  const k = Math.min(
    1.5,
    (viewport.width - 2 * margin) / content.width,
    (viewport.height - 2 * margin) / content.height,
  );
  const scale = Math.max(k, 0.01);
  return {
    k: scale,
    x: (viewport.width - content.width * scale) / 2,
    y: (viewport.height - content.height * scale) / 2,
  };
}

/**
 * The nodes a search finds: every word of the query in the label, kind, id or file (case
 * ignored); exact label matches first, then by label.
 */
export function matchingNodes<
  N extends {
    readonly id: string;
    readonly label: string;
    readonly kind: string;
    readonly file?: string;
  },
>(nodes: readonly N[], query: string): N[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) {
    return [];
  }
  const q = query.trim().toLowerCase();
  return nodes
    .filter((n) => {
      const haystack = `${n.label}\n${n.kind}\n${n.id}\n${n.file ?? ''}`.toLowerCase();
      return words.every((w) => haystack.includes(w));
    })
    .sort((a, b) => {
      const exact = Number(b.label.toLowerCase() === q) - Number(a.label.toLowerCase() === q);
      return exact !== 0 ? exact : a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
    });
}

/** A positioned box: centre and size, as the diagram's nodes are. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The last of `boxes` (drawn on top) that contains the diagram point (`x`, `y`). */
export function boxAt<B extends Box>(boxes: readonly B[], x: number, y: number): B | undefined {
  for (let i = boxes.length - 1; i >= 0; i--) {
    const b = boxes[i];
    if (b !== undefined && Math.abs(x - b.x) <= b.width / 2 && Math.abs(y - b.y) <= b.height / 2) {
      return b;
    }
  }
  return undefined;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * The box to move to from `from` with an arrow key: among the boxes whose centre lies in that
 * direction (within 45 degrees of it), the nearest, distance along the direction counting less
 * than distance across it. Undefined when nothing lies that way.
 */
export function nearestInDirection<B extends Box>(
  boxes: readonly B[],
  from: Box,
  direction: Direction,
): B | undefined {
  let best: B | undefined;
  let bestScore = Infinity;
  for (const b of boxes) {
    const dx = b.x - from.x;
    const dy = b.y - from.y;
    const along =
      direction === 'right' ? dx : direction === 'left' ? -dx : direction === 'down' ? dy : -dy;
    const across = Math.abs(direction === 'left' || direction === 'right' ? dy : dx);
    if (along <= 0 || across > along) {
      continue;
    }
    const score = along + 2 * across;
    if (score < bestScore) {
      best = b;
      bestScore = score;
    }
  }
  return best;
}

/** Above this many nodes plus edges the webview draws on a canvas instead of SVG elements. */
export const canvasElements = 2_000;

/** The diagram point under a screen point of the stage. */
export function toDiagram(t: Transform, x: number, y: number): { x: number; y: number } {
  return { x: (x - t.x) / t.k, y: (y - t.y) / t.k };
}
