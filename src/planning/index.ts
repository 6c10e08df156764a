/**
 * Planning: the pure computational core of hip (THA) and knee (TKA) planning, brief §3–4.
 * See README.md in this folder for inputs, outputs, conventions, formulas and the ⚠ list.
 */
export * from './validate';
export * from './geometry';
export * from './cupAngles';
export * from './pelvicFrame';
export * from './safeZone';
export * from './sphereFit';
export * from './femoralVersion';
export * from './impingement';
export * from './sdfSampler';
export * from './boneImpingement';
export * from './romTargets';
export * from './combinedAnteversion';
export * from './legLength';
export * from './canalFill';
export * from './kneeAlignment';
export * from './kneeResection';
export * from './femoralRotation';
export * from './gapBalance';
export * from './canonicalJson';
export * from './implants';
export * from './implantMeshes';
export * from './plan';
export * from './planMetrics';
export * from './planIntegrity';
export * from './proposeHeadCentre';
export * from './proposePlan';
export * from './hipPlanEdits';
export * from './cupCoverage';
export * from './proposeTibia';
export * from './tibialResection';
export { sliceHullEnvelope } from './boneEnvelope';
export * from './liver/index';
