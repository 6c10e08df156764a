/**
 * Vertex welding by exact Float32 position (the only tolerance that survives a Float32 round
 * trip: at 100–500 mm one float32 step is 7.6e-6–3.1e-5 mm, coarser than the brief's 1e-6 mm).
 */

/**
 * Groups identical positions: returns, for every input vertex, the index of the first vertex with
 * the same Float32 bits, renumbered densely, and the number of distinct positions.
 */
export function weldExact(positions: Float32Array): { remap: Uint32Array; uniqueCount: number; firstOf: Uint32Array } {
  const bits = new Uint32Array(positions.buffer, positions.byteOffset, positions.length);
  const n = positions.length / 3;
  let cap = 16;
  while (cap < 2 * n) cap <<= 1;
  const table = new Int32Array(cap).fill(-1);
  const remap = new Uint32Array(n);
  const firstOf = new Uint32Array(n);
  let unique = 0;
  for (let v = 0; v < n; v++) {
    const x = bits[3 * v], y = bits[3 * v + 1], z = bits[3 * v + 2];
    let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y ^ (y >>> 15), 0x85ebca77) ^ Math.imul(z ^ (z >>> 13), 0xc2b2ae3d);
    h ^= h >>> 16; // murmur3 finaliser: float bits of grid points share their low bits
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    for (;;) {
      h &= cap - 1;
      const w = table[h];
      if (w < 0) {
        table[h] = v;
        firstOf[unique] = v;
        remap[v] = unique++;
        break;
      }
      if (bits[3 * w] === x && bits[3 * w + 1] === y && bits[3 * w + 2] === z) {
        remap[v] = remap[w];
        break;
      }
      h++;
    }
  }
  return { remap, uniqueCount: unique, firstOf: firstOf.slice(0, unique) };
}
