/**
 * The portal branch points of the liver plan, as the workstation edits them (no DOM): placed by a click,
 * proposed from the portal vein's centerline (computed in the liver plan worker; every proposal marked
 * `source: 'auto'`, then territories computed at once), removed one by one or all, and the geodesic
 * territories computed in the worker. Used by {@link LiverPlanController}, which owns the state.
 */
import type { PointLps } from '../core/vec3';
import type { LiverPlanInputs } from '../planning/liver/liverPlanMetrics';
import type { PortalBifurcation } from '../planning/liver/portalBranches';
import type { LiverPlanService } from '../workers/liverPlanClient';
import type { LiverPlanState } from './liverPlanController';
import type { Store } from './state';

/** The proposal shown in the panel (the branches themselves are in `branches`). */
export interface BranchProposalState {
  bifurcations: PortalBifurcation[];
  branches: { label: number; name: string; order: number; originLps: PointLps; downstreamLps: PointLps; lengthMm: number; stemRadiusMm: number }[];
  treeLengthMm: number;
  ms: number;
}

/** What the branch editor needs of its controller. */
export interface BranchHost {
  readonly store: Store;
  readonly service: LiverPlanService;
  getState(): LiverPlanState | null;
  patch(p: Partial<LiverPlanState>): void;
  inputsOf(lp: LiverPlanState): LiverPlanInputs;
}

/** Branch points, proposals and territories of the liver plan. */
export class LiverBranchEditor {
  constructor(private readonly host: BranchHost) {}

  /** Why territories cannot be computed now, or null when they can. */
  territoriesBlocked(lp: LiverPlanState | null): string | null {
    if (!lp?.organ) return 'the liver plan is not ready';
    if (lp.organ.portalLabel === null) return 'MISSING_SEGMENT: the liver twin has no portal vein segment — territories follow the portal branches (build the twin with portal-vein seeds)';
    if (!lp.branches.length) return 'MISSING_INPUT: place portal branch points first (Propose branches, or Add branch point, then click the portal vein)';
    return null;
  }

  /** Why branches cannot be proposed now, or null. */
  proposeBlocked(lp: LiverPlanState | null): string | null {
    if (!lp?.organ) return 'the liver plan is not ready';
    if (lp.organ.portalLabel === null) return 'MISSING_SEGMENT: the liver twin has no portal vein segment — build the twin with portal-vein seeds';
    return null;
  }

  /** Arms (or disarms) placing a portal branch point by a click on the twin or the slice. */
  startPlacing(): void {
    const lp = this.host.getState();
    if (!lp?.organ || lp.organ.portalLabel === null) return;
    const s = this.host.store.get();
    this.host.store.update({ liverPlan: { ...lp, placingBranch: !lp.placingBranch, message: lp.placingBranch ? '' : 'Click a portal-vein branch on the 3D twin or the slice.' }, seedMode: 'none', edit: { ...s.edit, tool: 'none' } });
  }

  /** Places a branch point when armed (returns false otherwise, so the click goes elsewhere). */
  placeAt(pointLps: PointLps, how: '3D pick' | 'slice click'): boolean {
    const lp = this.host.getState();
    if (!lp?.placingBranch) return false;
    const label = lp.branches.reduce((m, b) => Math.max(m, b.label), 0) + 1;
    this.host.patch({ branches: [...lp.branches, { label, name: `B${label}`, pointsLps: [[...pointLps]], source: 'user' }], placingBranch: false, territories: null, message: `Branch point B${label} placed by ${how}.` });
    return true;
  }

  /** Removes every branch point. */
  clear(): void {
    this.host.patch({ branches: [], territories: null, message: 'Branch points cleared.' });
  }

  /** Removes branch `index` (a proposal or a click). */
  remove(index: number): boolean {
    const lp = this.host.getState();
    const b = lp?.branches[index];
    if (!lp || !b) return false;
    this.host.patch({ branches: lp.branches.filter((_, n) => n !== index), territories: null, message: `Branch ${b.name} removed.` });
    return true;
  }

  /** Proposes branches from the portal vein's centerline (in the worker), replaces the branch points and computes the territories. */
  async propose(): Promise<boolean> {
    const lp = this.host.getState();
    const blocked = this.proposeBlocked(lp);
    if (blocked || !lp) {
      this.host.patch({ message: `Branches not proposed — ${blocked}.` });
      return false;
    }
    this.host.patch({ proposing: true, message: 'Extracting the portal vein centerline…' });
    const o = await this.host.service.propose();
    const cur = this.host.getState();
    if (cur?.labelsKey !== lp.labelsKey) return false;
    if (o.status === 'error') {
      this.host.patch({ proposing: false, message: `Branches not proposed — ${o.error.message}` });
      return false;
    }
    const p = o.proposal;
    const replaced = cur.branches.length;
    this.host.patch({
      proposing: false, branches: p.branches.map((b) => b.branch), territories: null, centerlines: o.centerlines,
      proposal: { bifurcations: p.bifurcations, treeLengthMm: p.treeLengthMm, ms: o.ms, branches: p.branches.map((b) => ({ label: b.branch.label, name: b.branch.name, order: b.order, originLps: b.originLps, downstreamLps: b.downstreamLps, lengthMm: b.lengthMm, stemRadiusMm: b.stemRadiusMm })) },
      message: `${p.branches.length} branches proposed from the portal vein centerline (${p.treeLengthMm.toFixed(0)} mm, ${p.bifurcations.length} bifurcations${replaced ? `; ${replaced} earlier point(s) replaced` : ''}).`,
    });
    return this.territories();
  }

  /** Computes the geodesic territories in the worker. */
  async territories(): Promise<boolean> {
    const lp = this.host.getState();
    const blocked = this.territoriesBlocked(lp);
    if (blocked || !lp) {
      this.host.patch({ message: `Territories not computed — ${blocked}.` });
      return false;
    }
    const before = lp.message && /proposed/.test(lp.message) ? `${lp.message} ` : '';
    this.host.patch({ territoriesBusy: true, message: `${before}Computing territories…` });
    const o = await this.host.service.territories(this.host.inputsOf(lp));
    if (this.host.getState()?.labelsKey !== lp.labelsKey) return false;
    if (o.status === 'error') {
      this.host.patch({ territoriesBusy: false, message: `Territories not computed — ${o.error.message}` });
      return false;
    }
    this.host.patch({ territoriesBusy: false, territories: { metrics: o.metrics, labels: o.labels, cropLoIjk: o.cropLoIjk, cropSize: o.cropSize, ms: o.ms }, message: o.metrics.available ? `${before}Territories computed in ${(o.ms / 1000).toFixed(2)} s.` : `Territories: ${o.metrics.reason}` });
    return o.metrics.available;
  }
}
