/**
 * The implant catalogue (schema `jumeau.implants/1`, assets/implants/): generic parametric families,
 * not brand copies. Pure: the caller reads the JSON file; {@link parseImplantCatalogue} validates it
 * and names the bad field. Geometry from the parameters: implantMeshes.ts.
 */
import {
  arrayAt, fail, noExtraKeys, numbersAt, objectAt, oneOfAt, positiveAt, stringAt, type JsonObject,
} from './jsonFields';

/** Catalogue schema tag. */
export const IMPLANT_CATALOGUE_SCHEMA = 'jumeau.implants/1';

/** Implant kinds, i.e. the role an implant plays in a plan. */
export const IMPLANT_KINDS = ['cup', 'head', 'stem', 'femoralComponent', 'tibialComponent'] as const;
export type ImplantKind = (typeof IMPLANT_KINDS)[number];

/** One cup size: outer diameter and the head diameters its liners take. */
export interface CupSize { size: string; outerDiameterMm: number; headDiametersMm: number[] }
/** Hemispherical cup: shell of `shellThicknessMm`; inner (shell) diameter = outer − 2·shell. */
export interface CupFamily { kind: 'cup'; id: string; name: string; shellThicknessMm: number; minLinerThicknessMm: number; sizes: CupSize[] }
/** Femoral heads: diameters (the head's "size") and neck-length options. */
export interface HeadFamily { kind: 'head'; id: string; name: string; diametersMm: number[]; neckLengthsMm: number[] }
/** One stem size: a tapered body with a neck; offset options = head-centre distance from the stem axis at neck length 0. */
export interface StemSize { size: string; lengthMm: number; proximalWidthMm: number; distalDiameterMm: number; offsetsMm: number[] }
/** Tapered stem family: neck diameter and neck–shaft (CCD) angle options. */
export interface StemFamily { kind: 'stem'; id: string; name: string; neckDiameterMm: number; neckShaftAnglesDeg: number[]; sizes: StemSize[] }
/** One femoral knee component size. */
export interface FemoralComponentSize { size: string; mlWidthMm: number; apDepthMm: number; distalThicknessMm: number; posteriorThicknessMm: number }
/** Femoral knee components. */
export interface FemoralComponentFamily { kind: 'femoralComponent'; id: string; name: string; sizes: FemoralComponentSize[] }
/** One tibial baseplate size. */
export interface TibialComponentSize { size: string; mlWidthMm: number; apDepthMm: number; baseplateThicknessMm: number }
/** Tibial baseplates with insert-thickness options. */
export interface TibialComponentFamily { kind: 'tibialComponent'; id: string; name: string; insertThicknessesMm: number[]; sizes: TibialComponentSize[] }

/** Any family. */
export type ImplantFamily = CupFamily | HeadFamily | StemFamily | FemoralComponentFamily | TibialComponentFamily;

/** A validated catalogue. */
export interface ImplantCatalogue { schema: typeof IMPLANT_CATALOGUE_SCHEMA; id: string; version: string; description: string; families: ImplantFamily[] }

function sizes<T>(o: JsonObject, path: string, read: (s: JsonObject, p: string) => T & { size: string }): T[] {
  const seen = new Set<string>();
  return arrayAt(o.sizes, `${path}.sizes`, 1).map((v, n) => {
    const p = `${path}.sizes[${n}]`;
    const s = read(objectAt(v, p), p);
    if (seen.has(s.size)) fail(`${p}.size`, `size "${s.size}" appears twice`);
    seen.add(s.size);
    return s;
  });
}

function parseFamily(o: JsonObject, path: string): ImplantFamily {
  const kind = oneOfAt(o.kind, `${path}.kind`, IMPLANT_KINDS);
  const base = { id: stringAt(o.id, `${path}.id`), name: stringAt(o.name, `${path}.name`) };
  switch (kind) {
    case 'cup': {
      const shell = positiveAt(o.shellThicknessMm, `${path}.shellThicknessMm`);
      const minLiner = positiveAt(o.minLinerThicknessMm, `${path}.minLinerThicknessMm`);
      const cupSizes = sizes(o, path, (s, p) => {
        const outer = positiveAt(s.outerDiameterMm, `${p}.outerDiameterMm`);
        const heads = numbersAt(s.headDiametersMm, `${p}.headDiametersMm`);
        heads.forEach((h, k) => {
          if (outer - 2 * shell - h < 2 * minLiner - 1e-9) fail(`${p}.headDiametersMm[${k}]`, `a ${h} mm head leaves a liner thinner than ${minLiner} mm in a ${outer} mm cup`);
        });
        return { size: stringAt(s.size, `${p}.size`), outerDiameterMm: outer, headDiametersMm: heads };
      });
      return { kind, ...base, shellThicknessMm: shell, minLinerThicknessMm: minLiner, sizes: cupSizes };
    }
    case 'head':
      return { kind, ...base, diametersMm: numbersAt(o.diametersMm, `${path}.diametersMm`), neckLengthsMm: numbersAt(o.neckLengthsMm, `${path}.neckLengthsMm`) };
    case 'stem':
      return {
        kind, ...base,
        neckDiameterMm: positiveAt(o.neckDiameterMm, `${path}.neckDiameterMm`),
        neckShaftAnglesDeg: numbersAt(o.neckShaftAnglesDeg, `${path}.neckShaftAnglesDeg`),
        sizes: sizes(o, path, (s, p) => ({
          size: stringAt(s.size, `${p}.size`),
          lengthMm: positiveAt(s.lengthMm, `${p}.lengthMm`),
          proximalWidthMm: positiveAt(s.proximalWidthMm, `${p}.proximalWidthMm`),
          distalDiameterMm: positiveAt(s.distalDiameterMm, `${p}.distalDiameterMm`),
          offsetsMm: numbersAt(s.offsetsMm, `${p}.offsetsMm`),
        })),
      };
    case 'femoralComponent':
      return {
        kind, ...base,
        sizes: sizes(o, path, (s, p) => ({
          size: stringAt(s.size, `${p}.size`),
          mlWidthMm: positiveAt(s.mlWidthMm, `${p}.mlWidthMm`),
          apDepthMm: positiveAt(s.apDepthMm, `${p}.apDepthMm`),
          distalThicknessMm: positiveAt(s.distalThicknessMm, `${p}.distalThicknessMm`),
          posteriorThicknessMm: positiveAt(s.posteriorThicknessMm, `${p}.posteriorThicknessMm`),
        })),
      };
    case 'tibialComponent':
      return {
        kind, ...base,
        insertThicknessesMm: numbersAt(o.insertThicknessesMm, `${path}.insertThicknessesMm`),
        sizes: sizes(o, path, (s, p) => ({
          size: stringAt(s.size, `${p}.size`),
          mlWidthMm: positiveAt(s.mlWidthMm, `${p}.mlWidthMm`),
          apDepthMm: positiveAt(s.apDepthMm, `${p}.apDepthMm`),
          baseplateThicknessMm: positiveAt(s.baseplateThicknessMm, `${p}.baseplateThicknessMm`),
        })),
      };
  }
}

/**
 * Validates a parsed catalogue (`JSON.parse` of assets/implants/generic.json).
 * @throws JumeauError BAD_ARGUMENT naming the field, e.g. `families[0].sizes[3].outerDiameterMm`
 */
export function parseImplantCatalogue(json: unknown): ImplantCatalogue {
  const o = objectAt(json, 'catalogue');
  noExtraKeys(o, '', ['schema', 'id', 'version', 'description', 'families']);
  if (o.schema !== IMPLANT_CATALOGUE_SCHEMA) fail('schema', `must be "${IMPLANT_CATALOGUE_SCHEMA}", got ${JSON.stringify(o.schema)}`);
  const ids = new Set<string>();
  const families = arrayAt(o.families, 'families', 1).map((f, n) => {
    const fam = parseFamily(objectAt(f, `families[${n}]`), `families[${n}]`);
    if (ids.has(fam.id)) fail(`families[${n}].id`, `family "${fam.id}" appears twice`);
    ids.add(fam.id);
    return fam;
  });
  return { schema: IMPLANT_CATALOGUE_SCHEMA, id: stringAt(o.id, 'id'), version: stringAt(o.version, 'version'), description: stringAt(o.description, 'description'), families };
}

/** The family with this id, or undefined. */
export function findFamily(catalogue: ImplantCatalogue, familyId: string): ImplantFamily | undefined {
  return catalogue.families.find((f) => f.id === familyId);
}

/** Sizes a family offers, as strings (head diameters for heads). */
export function familySizes(family: ImplantFamily): string[] {
  return family.kind === 'head' ? family.diametersMm.map(String) : family.sizes.map((s) => s.size);
}

/** Inner (shell) radius of a cup size, mm: (outer − 2·shell) / 2. */
export function cupInnerRadiusMm(family: CupFamily, size: CupSize): number {
  return (size.outerDiameterMm - 2 * family.shellThicknessMm) / 2;
}

/**
 * Placeholder sizing rule (not a clinical rule): the smallest cup whose inner radius exceeds the native
 * head radius + `clearanceMm` (default 2). Returns undefined when no size is large enough.
 */
export function smallestCupForHead(family: CupFamily, nativeHeadRadiusMm: number, clearanceMm = 2): CupSize | undefined {
  const bySize = [...family.sizes].sort((a, b) => a.outerDiameterMm - b.outerDiameterMm);
  return bySize.find((s) => cupInnerRadiusMm(family, s) > nativeHeadRadiusMm + clearanceMm);
}
