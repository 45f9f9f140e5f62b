/**
 * CouchDB's view collation, as mango compares values with it: null < false < true < numbers < strings < arrays <
 * objects; arrays element by element, objects key/value pair by pair, then by length. Strings go through ICU's
 * root collation as in CouchDB (Node ships full ICU), with a fast path for identical strings.
 */
const strings = new Intl.Collator('und');

function rank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'boolean':
      return v ? 2 : 1;
    case 'number':
      return 3;
    case 'string':
      return 4;
  }
  return Array.isArray(v) ? 5 : 6;
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

export function collate(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return sign(ra - rb);
  switch (ra) {
    case 3:
      return sign((a as number) - (b as number));
    case 4:
      return sign(strings.compare(a as string, b as string));
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = collate(x[i], y[i]);
        if (c !== 0) return c;
      }
      return sign(x.length - y.length);
    }
    case 6: {
      const x = Object.entries(a as object);
      const y = Object.entries(b as object);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = collate(x[i]![0], y[i]![0]) || collate(x[i]![1], y[i]![1]);
        if (c !== 0) return c;
      }
      return sign(x.length - y.length);
    }
  }
  return 0;
}
