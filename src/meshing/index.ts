/**
 * Meshing: labelmap or scalar volume → closed surface (LPS mm) → smoothing → decimation → checks
 * → STL / OBJ / GLB. Pure functions on typed arrays; see README.md.
 */
export type { BoxIjk, SegmentMesh, TriangleMesh, VoxelGrid } from './types';
export { triangleCountOf, vertexCountOf } from './types';
export { extractIsoSurface, extractLabelSurface, extractSegmentSurfaces } from './extractSurface';
export type { ExtractOptions, SegmentSpec } from './extractSurface';
export { labelStatistics } from '../volume/labelStats';
export type { LabelStats } from '../volume/labelStats';
export { passBandFromSmoothingFactor, smoothLaplacian, smoothTaubin, smoothWindowedSinc, windowedSincCoefficients } from './smooth';
export type { SincWindow, TaubinOptions, WindowedSincOptions } from './smooth';
export { decimateMesh } from './decimate';
export type { DecimateOptions, DecimateResult } from './decimate';
export { checkMeshQuality, DEGENERATE_AREA_MM2 } from './quality';
export type { MeshQualityReport, ShellReport } from './quality';
export { boundsLps, computeVertexNormals, flipWinding, ML_PER_MM3, signedVolumeMm3, surfaceAreaMm2, transformMesh } from './meshMath';
export { readStlBinary, stlByteLength, writeStlBinary } from './stl';
export type { StlContents } from './stl';
export { writeMtl, writeObj } from './obj';
export { GLTF_FROM_LPS_MATRIX, gltfFromLps, srgbToLinear, writeGlb } from './gltf';
export type { PointGltfM } from './gltf';
export { benchMeshing } from './bench';
export type { BenchOptions, MeshingBenchResult } from './bench';
export { makeBenchLabelVolume } from './benchVolume';
