/** SHA-256 of a volume's voxel bytes (WebCrypto: page, worker and Node ≥ 20 alike). */

/** SHA-256 (hex) of a volume's voxel bytes, as `jumeau build` reports it in report.json. */
export async function voxelSha256(data: ArrayBufferView): Promise<string> {
  const bytes = new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
