/**
 * Future liver remnant (FLR), brief §6.4: body-surface area (Mosteller, DuBois), standardised total
 * liver volume (Vauthey, Urata), sFLR = FLR / TLV_std, the CT-measured ratio FLR / (TLV_CT − tumour),
 * and a configurable table of minimum-FLR thresholds keyed by liver condition, each with its source.
 *
 * The comparison is `ratio ≥ minRatio` on the unrounded Float64 ratio (LIV-02: 650 / 1625.3 mL =
 * 39.99 % **fails** 40 %). Height and weight are removed by DICOM de-identification, so a missing value
 * is `MISSING_INPUT` naming the field; an implausible one (17 cm, 1750 cm, 0 kg) is `BAD_ARGUMENT`.
 */
import { JumeauError } from '../../core/errors';
import { checkFinite } from '../validate';

/** Liver condition keying the minimum-FLR table. */
export type LiverCondition = 'normal' | 'chemotherapy' | 'cirrhosis';

/** One minimum-FLR requirement from the literature. */
export interface FlrThreshold {
  /** Minimum FLR as a fraction of the total liver volume (0.25 = 25 %). */
  minRatio: number;
  /** Who proposed it and where the number comes from (shown next to the verdict). */
  source: string;
}

/** A row of the threshold table: the threshold applied and other published values shown beside it. */
export interface FlrThresholdRow {
  /** Human-readable condition, e.g. "chemotherapy-injured liver (> 3 months)". */
  label: string;
  /** The threshold the verdict uses. */
  threshold: FlrThreshold;
  /** Other published thresholds for the same condition (each also evaluated and reported). */
  alternatives: FlrThreshold[];
}

/** The whole table; pass a modified copy to {@link assessFlr} to change a value. */
export type FlrThresholdTable = Record<LiverCondition, FlrThresholdRow>;

const TABLE_SOURCE = 'brief §6.4, [S39] J Surg Oncol 2019 review table (PMC6422720)';

/** Default minimum-FLR table (brief §6.4, [S39]); engineering reference, not clinical guidance. */
export const FLR_THRESHOLDS: Readonly<FlrThresholdTable> = Object.freeze({
  normal: {
    label: 'normal liver',
    threshold: { minRatio: 0.25, source: `Vauthey 2000 (complications rise at FLR ≤ 25 %), ${TABLE_SOURCE}` },
    alternatives: [{ minRatio: 0.2, source: `Kishi, ${TABLE_SOURCE}` }],
  },
  chemotherapy: {
    label: 'chemotherapy-injured liver (> 3 months)',
    threshold: { minRatio: 0.3, source: `Shindoh, ${TABLE_SOURCE}` },
    alternatives: [],
  },
  cirrhosis: {
    label: 'cirrhosis / chronic hepatitis',
    threshold: { minRatio: 0.4, source: `Azoulay, ${TABLE_SOURCE}` },
    alternatives: [{ minRatio: 0.5, source: `Kubota (40–50 % by ICG-R15; upper value), ${TABLE_SOURCE}` }],
  },
});

/** Plausible adult height (cm): catches metres (1.75), millimetres (1750) and typos (17). */
export const HEIGHT_RANGE_CM: readonly [number, number] = [50, 250];
/** Plausible body weight (kg): > 0 and at most this. */
export const MAX_WEIGHT_KG = 500;

function required(value: number | null | undefined, subject: string): number {
  if (value === undefined || value === null) {
    throw new JumeauError('MISSING_INPUT', 'is needed for the standardised liver volume (removed by DICOM de-identification; enter it)', { subject });
  }
  return checkFinite(value, subject);
}

function checkHeightCm(heightCm: number | null | undefined, subject = 'heightCm'): number {
  const h = required(heightCm, subject);
  if (h < HEIGHT_RANGE_CM[0] || h > HEIGHT_RANGE_CM[1]) {
    throw new JumeauError('BAD_ARGUMENT', `must be a height in centimetres within [${HEIGHT_RANGE_CM.join(', ')}], got ${h}`, { subject });
  }
  return h;
}

function checkWeightKg(weightKg: number | null | undefined, subject = 'weightKg'): number {
  const w = required(weightKg, subject);
  if (!(w > 0) || w > MAX_WEIGHT_KG) throw new JumeauError('BAD_ARGUMENT', `must be a weight in kilograms within (0, ${MAX_WEIGHT_KG}], got ${w}`, { subject });
  return w;
}

/** Body-surface area (m²), Mosteller: √(height_cm · weight_kg / 3600). LIV-01: 175 cm, 75 kg → 1.9094. */
export function bsaMostellerM2(heightCm: number, weightKg: number): number {
  return Math.sqrt((checkHeightCm(heightCm) * checkWeightKg(weightKg)) / 3600);
}

/** Body-surface area (m²), DuBois: 0.007184 · W^0.425 · H^0.725 (kg, cm). LIV-01: 175 cm, 75 kg → 1.9031. */
export function bsaDuBoisM2(heightCm: number, weightKg: number): number {
  const h = checkHeightCm(heightCm);
  const w = checkWeightKg(weightKg);
  return 0.007184 * w ** 0.425 * h ** 0.725;
}

function checkBsa(bsaM2: number): number {
  checkFinite(bsaM2, 'bsaM2');
  if (!(bsaM2 > 0)) throw new JumeauError('BAD_ARGUMENT', `must be > 0 m², got ${bsaM2}`, { subject: 'bsaM2' });
  return bsaM2;
}

/** Standardised total liver volume (mL), Vauthey/Ribero: −794.41 + 1267.28 · BSA. BSA 2.0 → 1740.15. */
export function tlvVautheyMl(bsaM2: number): number {
  return -794.41 + 1267.28 * checkBsa(bsaM2);
}

/** Standardised total liver volume (mL), Urata: 706.2 · BSA + 2.4. LIV-01: BSA 1.9094 → 1350.8. */
export function tlvUrataMl(bsaM2: number): number {
  return 706.2 * checkBsa(bsaM2) + 2.4;
}

/** Which body-surface-area formula. */
export type BsaFormula = 'mosteller' | 'dubois';
/** Which standardised-liver-volume formula. */
export type TlvFormula = 'vauthey' | 'urata';

/** How the denominator of the FLR ratio is obtained. */
export type TlvSource =
  | {
      /** Standardised TLV from BSA (sFLR). */
      kind: 'standardized';
      /** Patient height (cm); missing → MISSING_INPUT. */
      heightCm?: number | null;
      /** Patient weight (kg); missing → MISSING_INPUT. */
      weightKg?: number | null;
      /** Default 'mosteller'. */
      bsaFormula?: BsaFormula;
      /** Default 'vauthey'. */
      tlvFormula?: TlvFormula;
    }
  | {
      /** CT-measured: TLV_CT − tumour volume. */
      kind: 'measured';
      /** Whole-liver volume measured on CT (mL), tumours included. */
      tlvCtMl: number;
      /** Tumour volume inside the liver (mL). */
      tumourVolumeMl: number;
    };

/** The denominator actually used, reported with every verdict (brief: always show which TLV). */
export type TlvUsed =
  | { kind: 'standardized'; tlvFormula: TlvFormula; bsaFormula: BsaFormula; heightCm: number; weightKg: number; bsaM2: number; tlvMl: number; description: string }
  | { kind: 'measured'; tlvCtMl: number; tumourVolumeMl: number; tlvMl: number; description: string };

/** A threshold and whether the ratio meets it. */
export interface FlrVerdict extends FlrThreshold {
  /** ratio ≥ minRatio, unrounded. */
  passes: boolean;
}

/** Result of {@link assessFlr}. */
export interface FlrAssessment {
  /** FLR volume (mL) as given. */
  flrVolumeMl: number;
  /** FLR / TLV used (fraction, unrounded). */
  ratio: number;
  /** 100 · ratio (for display; never used for the comparison). */
  percent: number;
  /** The denominator and how it was obtained. */
  tlvUsed: TlvUsed;
  /** Condition whose row was applied. */
  condition: LiverCondition;
  /** The applied threshold and verdict. */
  verdict: FlrVerdict;
  /** Published alternatives for the same condition, each with its own verdict. */
  alternatives: FlrVerdict[];
}

/** Resolves the TLV denominator (mL) with its provenance. */
export function resolveTlv(source: TlvSource): TlvUsed {
  if (!source || typeof source !== 'object') throw new JumeauError('BAD_ARGUMENT', "must be { kind: 'standardized' | 'measured', … }", { subject: 'tlv' });
  if (source.kind === 'measured') {
    const tlvCtMl = checkFinite(source.tlvCtMl, 'tlv.tlvCtMl');
    const tumourVolumeMl = checkFinite(source.tumourVolumeMl, 'tlv.tumourVolumeMl');
    if (!(tlvCtMl > 0)) throw new JumeauError('BAD_ARGUMENT', `must be > 0 mL, got ${tlvCtMl}`, { subject: 'tlv.tlvCtMl' });
    if (tumourVolumeMl < 0 || tumourVolumeMl >= tlvCtMl) {
      throw new JumeauError('BAD_ARGUMENT', `must be within [0, tlvCtMl = ${tlvCtMl}) mL, got ${tumourVolumeMl}`, { subject: 'tlv.tumourVolumeMl' });
    }
    const tlvMl = tlvCtMl - tumourVolumeMl;
    return { kind: 'measured', tlvCtMl, tumourVolumeMl, tlvMl, description: `measured TLV_CT ${tlvCtMl.toFixed(1)} mL − tumour ${tumourVolumeMl.toFixed(1)} mL` };
  }
  if (source.kind !== 'standardized') throw new JumeauError('BAD_ARGUMENT', "kind must be 'standardized' or 'measured'", { subject: 'tlv.kind' });
  const bsaFormula = source.bsaFormula ?? 'mosteller';
  const tlvFormula = source.tlvFormula ?? 'vauthey';
  if (bsaFormula !== 'mosteller' && bsaFormula !== 'dubois') throw new JumeauError('BAD_ARGUMENT', "must be 'mosteller' or 'dubois'", { subject: 'tlv.bsaFormula' });
  if (tlvFormula !== 'vauthey' && tlvFormula !== 'urata') throw new JumeauError('BAD_ARGUMENT', "must be 'vauthey' or 'urata'", { subject: 'tlv.tlvFormula' });
  const heightCm = checkHeightCm(source.heightCm, 'heightCm');
  const weightKg = checkWeightKg(source.weightKg, 'weightKg');
  const bsaM2 = bsaFormula === 'mosteller' ? bsaMostellerM2(heightCm, weightKg) : bsaDuBoisM2(heightCm, weightKg);
  const tlvMl = tlvFormula === 'vauthey' ? tlvVautheyMl(bsaM2) : tlvUrataMl(bsaM2);
  const description = `standardised TLV (${tlvFormula === 'vauthey' ? 'Vauthey −794.41 + 1267.28·BSA' : 'Urata 706.2·BSA + 2.4'}) ${tlvMl.toFixed(1)} mL, BSA (${bsaFormula === 'mosteller' ? 'Mosteller' : 'DuBois'}) ${bsaM2.toFixed(4)} m²`;
  return { kind: 'standardized', tlvFormula, bsaFormula, heightCm, weightKg, bsaM2, tlvMl, description };
}

/** FLR / TLV as an unrounded fraction (both mL). */
export function flrRatio(flrVolumeMl: number, tlvMl: number): number {
  checkFinite(flrVolumeMl, 'flrVolumeMl');
  checkFinite(tlvMl, 'tlvMl');
  if (flrVolumeMl < 0) throw new JumeauError('BAD_ARGUMENT', `must be ≥ 0 mL, got ${flrVolumeMl}`, { subject: 'flrVolumeMl' });
  if (!(tlvMl > 0)) throw new JumeauError('BAD_ARGUMENT', `must be > 0 mL, got ${tlvMl}`, { subject: 'tlvMl' });
  return flrVolumeMl / tlvMl;
}

function checkThreshold(t: FlrThreshold, subject: string): FlrThreshold {
  if (!t || typeof t !== 'object') throw new JumeauError('BAD_ARGUMENT', 'must be { minRatio, source }', { subject });
  checkFinite(t.minRatio, `${subject}.minRatio`);
  if (!(t.minRatio > 0 && t.minRatio < 1)) throw new JumeauError('BAD_ARGUMENT', `must be a fraction in (0, 1), got ${t.minRatio}`, { subject: `${subject}.minRatio` });
  if (typeof t.source !== 'string' || t.source.trim() === '') throw new JumeauError('BAD_ARGUMENT', 'every threshold must name its source', { subject: `${subject}.source` });
  return t;
}

/** ratio ≥ threshold, with no rounding (the brief's boundary rule). */
export function meetsFlrThreshold(ratio: number, threshold: FlrThreshold): boolean {
  return ratio >= threshold.minRatio;
}

/**
 * Assesses an FLR against the table row of `condition`.
 * @param input.flrVolumeMl - functional remnant volume (mL): remnant liver minus tumours in it
 * @param input.tlv - standardised (height/weight) or measured (TLV_CT, tumour) denominator
 * @param input.condition - row of the threshold table
 * @param input.thresholds - table to use (default {@link FLR_THRESHOLDS})
 * @throws MISSING_INPUT naming `heightCm` / `weightKg`; BAD_ARGUMENT naming the wrong field
 */
export function assessFlr(input: { flrVolumeMl: number; tlv: TlvSource; condition: LiverCondition; thresholds?: FlrThresholdTable }): FlrAssessment {
  const table = input.thresholds ?? FLR_THRESHOLDS;
  const row = table[input.condition];
  if (!row) throw new JumeauError('BAD_ARGUMENT', `must be one of ${Object.keys(table).join(', ')}, got ${String(input.condition)}`, { subject: 'condition' });
  const main = checkThreshold(row.threshold, `thresholds.${input.condition}.threshold`);
  const alts = (row.alternatives ?? []).map((t, n) => checkThreshold(t, `thresholds.${input.condition}.alternatives[${n}]`));
  const tlvUsed = resolveTlv(input.tlv);
  const ratio = flrRatio(input.flrVolumeMl, tlvUsed.tlvMl);
  const judge = (t: FlrThreshold): FlrVerdict => ({ minRatio: t.minRatio, source: t.source, passes: meetsFlrThreshold(ratio, t) });
  return {
    flrVolumeMl: input.flrVolumeMl,
    ratio,
    percent: 100 * ratio,
    tlvUsed,
    condition: input.condition,
    verdict: judge(main),
    alternatives: alts.map(judge),
  };
}
