/**
 * Makes one output slice from two input slices: `(1 − w)·A + w·B`, each sampled bilinearly at the
 * pixel shifted by its in-plane offset (gantry tilt). Output pixel (i, j) takes input pixel
 * (i − shift_i, j − shift_j); outside the input field it is `fill` (air for CT).
 */
export function resampleSlice(
  a: Float32Array, b: Float32Array, w: number,
  shiftA: [number, number], shiftB: [number, number],
  ni: number, nj: number, fill: number, out: Float32Array,
): void {
  const sample = (img: Float32Array, x: number, y: number): number => {
    if (x < -1e-6 || y < -1e-6 || x > ni - 1 + 1e-6 || y > nj - 1 + 1e-6) return fill;
    const x0 = Math.min(ni - 2, Math.max(0, Math.floor(x)));
    const y0 = Math.min(nj - 2, Math.max(0, Math.floor(y)));
    const fx = Math.min(1, Math.max(0, x - x0));
    const fy = Math.min(1, Math.max(0, y - y0));
    const p = y0 * ni + x0;
    const top = img[p] * (1 - fx) + img[p + 1] * fx;
    const bot = img[p + ni] * (1 - fx) + img[p + ni + 1] * fx;
    return top * (1 - fy) + bot * fy;
  };
  const plain = shiftA[0] === 0 && shiftA[1] === 0 && shiftB[0] === 0 && shiftB[1] === 0;
  for (let j = 0; j < nj; j++) {
    for (let i = 0; i < ni; i++) {
      const q = j * ni + i;
      if (plain) {
        out[q] = w === 0 ? a[q] : (1 - w) * a[q] + w * b[q];
        continue;
      }
      const va = sample(a, i - shiftA[0], j - shiftA[1]);
      out[q] = w === 0 ? va : (1 - w) * va + w * sample(b, i - shiftB[0], j - shiftB[1]);
    }
  }
}
