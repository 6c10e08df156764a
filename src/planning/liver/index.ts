/**
 * Liver resection planning (brief §6): FLR, Bézier resection surfaces, plane / surface volumetry,
 * tumour and vessel margins, portal branch proposal and vascular territories. Pure; see README.md in this folder.
 */
export * from './flr';
export * from './bezier';
export * from './volumetry';
export * from './planeSplit';
export * from './barrier';
export * from './bezierSplit';
export * from './tumourField';
export * from './margins';
export * from './territories';
export * from './geodesicTerritories';
export * from './portalBranches';
export * from './vesselMargins';
export * from './liverPlanFile';
