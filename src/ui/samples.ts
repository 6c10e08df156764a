/** The bundled sample cases (served from the same origin as the page; see vite.config.ts). */

/** One sample case as listed in `sample-catalog.json`. */
export interface SampleCase {
  id: string;
  title: string;
  description: string;
  /** File URLs relative to the page, e.g. `dicom-samples/hip/dicom/0001.dcm`. */
  files: string[];
}

/** Fetches the sample list; an empty list when the app was built or served without samples. */
export async function fetchSampleCatalog(): Promise<SampleCase[]> {
  try {
    const res = await fetch(new URL('sample-catalog.json', document.baseURI), { cache: 'no-store' });
    if (!res.ok) return [];
    const body = (await res.json()) as { cases?: SampleCase[] };
    return Array.isArray(body.cases) ? body.cases : [];
  } catch {
    return [];
  }
}

/** The worker's inputs for a case: each file's URL and a short display name (`<case>/<file>`). */
export function sampleUrls(c: SampleCase): { name: string; url: string }[] {
  return c.files.map((f) => ({ name: `${c.id}/${f.slice(f.lastIndexOf('/') + 1)}`, url: new URL(f, document.baseURI).href }));
}
