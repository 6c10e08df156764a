/**
 * Segmentation: labelmaps on a volume's grid and the pure tools that make and measure them.
 * See README.md in this folder for inputs, outputs, invariants and algorithms.
 */
export * from './labelmap';
export * from './terminology';
export * from './threshold';
export * from './connectedComponents';
export * from './holes';
export * from './distanceTransform';
export * from './morphology';
export * from './regionGrowing';
export * from './growFromSeeds';
export * from './logical';
export * from './edits';
export * from './brush';
export * from './islandEdits';
export * from './metrics';
export * from './liverIntensity';
export { checkSeedsIjk, seedFromLps, linearIndex } from './seeds';
export type { RunSet, Neighbourhood } from './runs';
export * from './autoBone';
export * from './autoKnee';
export { coreStats, repairOutlierSlices, splitBonesByCores } from './boneCores';
export type { BoneCore, CoreNamer, CoreNaming, CoreSplit, CoreSplitParams } from './boneCores';
export * from './autoLiver';
export { proposeLiverSeed, smoothBinomial } from './liverSeed';
export type { LiverSeedParams, LiverSeedProposal } from './liverSeed';
