/**
 * The twin stage: volume → labelmap → closed, smoothed, decimated meshes → files. See README.md.
 */
export * from './types';
export { segmentAnatomy, anatomyFromDescription } from './segmentAnatomy';
export type { AnatomySegmentation } from './segmentAnatomy';
export { buildTwin, meshLabelmap, DEFAULT_MESH_SETTINGS } from './buildTwin';
export { remeshEdited } from './remeshEdited';
export type { RemeshResult } from './remeshEdited';
export type { BuildTwinOptions } from './buildTwin';
export { twinMeshFiles, segmentReport, stlFileName } from './exportTwin';
export type { SegmentReport, TwinFile } from './exportTwin';
