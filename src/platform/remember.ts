// A small memo for values that are the same every time they are computed from the same key (a word's
// features, a day's deadline, an address's pseudonym): kept in a Map that starts over once it holds
// `limit` entries, so what a long-running process keeps stays bounded without an eviction order.

/** `map`'s value for `key`; when missing, `compute()` is kept and returned (an exception keeps nothing). */
export function remember<K, V>(map: Map<K, V>, key: K, limit: number, compute: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = compute();
    if (map.size >= limit) map.clear();
    map.set(key, value);
  }
  return value;
}
