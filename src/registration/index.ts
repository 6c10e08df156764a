/** Registration for the AR overlay (brief §7): rigid transforms, paired-point, TRE analysis, ICP. */
export * from './rigidTransform';
export * from './svd3';
export * from './eigen';
export * from './pairedPoint';
export * from './tre';
export * from './kdTree';
export * from './icp';
export * from './solve6';
export * from './syntheticSurfaces';
