/**
 * Messages between the page and the liver plan worker (`liverPlanWorker.ts`). The page sends a copy of
 * the twin's labels once (`init`, transferred); every plan change sends only the plan inputs
 * (`update`, a few hundred numbers) and gets the metrics and the per-vertex tumour distances of each
 * surface's display mesh back (typed arrays transferred). Territories and the export run as their own
 * jobs. The worker answers jobs in order; the client keeps at most one update in flight and one waiting
 * (the latest), so a drag never queues stale work (see liverPlanClient.ts).
 */
import type { Geometry, LabelArray } from '../segmentation/labelmap';
import type { LiverOrganSummary, LiverPlanInputs, LiverPlanMetrics, LiverPlanSegment } from '../planning/liver/liverPlanMetrics';
import type { PortalProposal } from '../planning/liver/portalBranches';
import type { VesselCenterline } from '../planning/liver/vesselMargins';
import type { WireError } from './protocol';

/** Page → worker. */
export type LiverPlanRequest =
  | { type: 'init'; job: number; grid: Geometry; labels: LabelArray; segments: LiverPlanSegment[] }
  /** Live update: split, volumes, FLR, margins (no territories). */
  | { type: 'update'; job: number; inputs: LiverPlanInputs }
  /** Geodesic territories from the portal branches (the last update's partition gives resected/remnant per territory). */
  | { type: 'territories'; job: number; inputs: LiverPlanInputs }
  /** Every metric, territories included, for the exported file (what `jumeau plan` recomputes). */
  | { type: 'full'; job: number; inputs: LiverPlanInputs }
  /** Portal branches proposed from the portal vein's centerline, and every vessel's centerline to draw. */
  | { type: 'propose'; job: number };

/** Worker → page. */
export type LiverPlanMessage =
  | { type: 'ready'; job: number; summary: LiverOrganSummary; ms: number }
  | { type: 'metrics'; job: number; metrics: LiverPlanMetrics; vertexDistanceMm: (Float32Array | null)[]; ms: number }
  /** Territory labels are on the work grid: the labels grid cropped at `cropLoIjk`, of size `cropSize`. */
  | { type: 'territories'; job: number; metrics: LiverPlanMetrics['territories']; labels: Uint16Array | null; cropLoIjk: [number, number, number]; cropSize: [number, number, number]; ms: number }
  | { type: 'proposal'; job: number; proposal: PortalProposal; centerlines: VesselCenterline[]; ms: number }
  | { type: 'error'; job: number; error: WireError };
