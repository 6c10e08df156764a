// A minimal GLB reader for the export tests: checks the container and returns the JSON and typed
// views of each accessor (tightly packed accessors only, which is what writeGlb emits).
export interface GlbJson {
  asset: { version: string; generator?: string; extras?: Record<string, unknown> };
  scene: number;
  scenes: { name?: string; nodes: number[] }[];
  nodes: { name: string; mesh: number }[];
  meshes: { name: string; primitives: { attributes: Record<string, number>; indices: number; material: number; mode: number }[] }[];
  materials: { name: string; pbrMetallicRoughness: { baseColorFactor: number[] } }[];
  accessors: { bufferView: number; componentType: number; count: number; type: string; min?: number[]; max?: number[] }[];
  bufferViews: { buffer: number; byteOffset: number; byteLength: number; target?: number }[];
  buffers: { byteLength: number }[];
}

export function readGlb(bytes: Uint8Array): { json: GlbJson; accessor: (i: number) => Float32Array | Uint16Array | Uint32Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== 0x46546c67) throw new Error('not a GLB (magic)');
  if (view.getUint32(4, true) !== 2) throw new Error('not glTF 2');
  if (view.getUint32(8, true) !== bytes.length) throw new Error('GLB length field does not match');
  const jsonLength = view.getUint32(12, true);
  if (view.getUint32(16, true) !== 0x4e4f534a) throw new Error('first chunk is not JSON');
  if (jsonLength % 4 !== 0) throw new Error('JSON chunk not 4-byte aligned');
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength))) as GlbJson;
  const binHeader = 20 + jsonLength;
  const binLength = view.getUint32(binHeader, true);
  if (view.getUint32(binHeader + 4, true) !== 0x004e4942) throw new Error('second chunk is not BIN');
  if (binLength !== json.buffers[0].byteLength) throw new Error('BIN chunk length differs from buffers[0].byteLength');
  const bin = bytes.slice(binHeader + 8, binHeader + 8 + binLength);
  const accessor = (i: number) => {
    const a = json.accessors[i];
    const bv = json.bufferViews[a.bufferView];
    if (bv.byteOffset % 4 !== 0) throw new Error('bufferView not 4-byte aligned');
    const comps = a.type === 'VEC3' ? 3 : 1;
    if (a.componentType === 5126) return new Float32Array(bin.buffer, bv.byteOffset, a.count * comps);
    if (a.componentType === 5123) return new Uint16Array(bin.buffer, bv.byteOffset, a.count * comps);
    if (a.componentType === 5125) return new Uint32Array(bin.buffer, bv.byteOffset, a.count * comps);
    throw new Error(`unexpected componentType ${a.componentType}`);
  };
  return { json, accessor };
}
