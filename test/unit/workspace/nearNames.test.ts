import * as assert from 'node:assert/strict';
import { closestNames, editDistance } from '../../../src/validation/core/suggest';
import { boundedDistance, closeNames, isClose } from '../../../src/workspace/core/nearNames';
import { NearMatchIndex, nearMatch } from '../../../src/workspace/core/labelMatching';

/** Deterministic pseudo-random words over a small alphabet, so that near misses are common. */
function words(count: number, alphabet = 'abc-'): string[] {
  let seed = 42;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join(''),
  );
}

describe('near names', () => {
  it('orders names as near as each other by code unit, whatever the locale', () => {
    // localeCompare would give nam-, name, Name (and another order under another locale).
    const names = ['name', 'Name', 'nam-'];
    assert.deepEqual(closestNames('nam', names), ['Name', 'nam-', 'name']);
    assert.deepEqual(closeNames('nam', names), ['Name', 'nam-', 'name']);
    assert.deepEqual(closeNames('nam', new Set(names)), ['Name', 'nam-', 'name']);
  });

  const sample = [...words(120), 'checkout', 'checkuot', 'x'.repeat(80), `${'x'.repeat(79)}y`];

  it('bounds the edit distance of suggest.ts exactly', () => {
    for (const a of sample) {
      for (const b of sample.slice(0, 40)) {
        for (const max of [0, 1, 2, 4, 100]) {
          assert.equal(
            boundedDistance(a, b, max),
            Math.min(editDistance(a, b), max + 1),
            `${a}|${b}|${max}`,
          );
        }
      }
    }
  });

  it('chooses the same names as closestNames', () => {
    for (const word of sample.slice(0, 60)) {
      assert.deepEqual(closeNames(word, sample), closestNames(word, sample));
    }
    // Asked again with the same array (grouped once), and as another iterable, over a wider
    // alphabet whose characters share bits of the character filter (A and a, 0 and P).
    const wide = [...new Set([...words(400, 'aAbB0Pq-.1'), 'Checkout', 'checkouts', 'chekcout'])];
    for (const word of [...words(80, 'aAbB0Pq-.1'), 'checkout']) {
      const expected = closestNames(word, wide);
      assert.deepEqual(closeNames(word, wide), expected, word);
      assert.deepEqual(closeNames(word, new Set(wide)), expected, word);
    }
    assert.deepEqual(closeNames('checkout', wide), ['Checkout', 'checkouts', 'chekcout']);
    // A remembered answer is the caller's own copy, and another limit is another question.
    const answer = closeNames('checkout', wide);
    answer.length = 0;
    assert.deepEqual(closeNames('checkout', wide), ['Checkout', 'checkouts', 'chekcout']);
    assert.deepEqual(closeNames('checkout', wide, 1), ['Checkout']);
    assert.equal(isClose('checkout', 'checkuot'), true);
    assert.equal(isClose('web', 'cart'), false);
  });

  it('indexes label sets so that a selector meets every set nearMatch finds near it, in order', () => {
    // Label sets over few short keys and values: exact pairs, typos of values and typos of
    // keys are all common.
    const keys = words(60, 'ab-').filter((w) => w.length > 0);
    const values = words(90, 'abc').filter((w) => w.length > 0);
    const pick = (list: readonly string[], n: number): string => list[n % list.length] ?? '';
    const sets = Array.from({ length: 300 }, (_, i) =>
      Object.fromEntries(
        Array.from({ length: 1 + (i % 3) }, (_, j) => [
          pick(keys, i * 7 + j * 13),
          pick(values, i * 11 + j * 5),
        ]),
      ),
    );
    const index = new NearMatchIndex<number>();
    sets.forEach((labels, n) => {
      index.add(n, labels);
    });
    let near = 0;
    let compared = 0;
    for (let s = 0; s < 200; s++) {
      const selector = Object.fromEntries(
        Array.from({ length: 1 + (s % 2) }, (_, j) => [
          pick(keys, s * 3 + j * 17),
          pick(values, s * 19 + j),
        ]),
      );
      const expected = sets.flatMap((labels, n) =>
        nearMatch(selector, labels) === undefined ? [] : [n],
      );
      near += expected.length;
      const found = index.candidates(selector).map((c) => c.owner);
      compared += found.length;
      assert.deepEqual(
        found.filter((n) => nearMatch(selector, sets[n] ?? {}) !== undefined),
        expected,
        JSON.stringify(selector),
      );
      assert.deepEqual(
        found,
        [...found].sort((a, b) => a - b),
      );
    }
    assert.ok(near > 300, `only ${near} near label sets: the test says little`);
    // The point of the index: far fewer comparisons than every set for every selector.
    assert.ok(compared < (sets.length * 200) / 10, `${compared} comparisons`);
  });
});
