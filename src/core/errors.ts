/**
 * Typed errors. Every failure a user can cause (a bad file, a broken series, a wrong value) is a
 * {@link JumeauError} with a stable `code`, the file or field it concerns, and a one-line reason.
 * Library failures are wrapped with `cause` so nothing is lost for `--debug`.
 */

/** Stable error codes; the CLI and UI switch on these, tests assert them. */
export type ErrorCode =
  | 'FILE_READ'
  | 'NOT_DICOM'
  | 'DICOM_TRUNCATED'
  | 'DICOM_PARSE'
  | 'NO_PIXEL_DATA'
  | 'UNSUPPORTED_TRANSFER_SYNTAX'
  | 'UNSUPPORTED_PIXEL_FORMAT'
  | 'DECODE_FAILED'
  | 'NO_IMAGE_SERIES'
  | 'SERIES_NOT_FOUND'
  | 'SERIES_INCONSISTENT'
  | 'GEOMETRY_INVALID'
  | 'VOLUME_TOO_LARGE'
  | 'IMAGE_READ'
  | 'IMAGE_WRITE'
  | 'CANCELLED'
  | 'BAD_ARGUMENT'
  | 'SEED_OUTSIDE_VOLUME'
  | 'EMPTY_SEGMENT'
  | 'GEOMETRY_MISMATCH'
  /** Fiducials too few, coincident or (near-)collinear for a rigid registration. */
  | 'DEGENERATE_FIDUCIALS'
  /** An iterative method (ICP) stopped without meeting its tolerance. */
  | 'NOT_CONVERGED'
  /** A segment the computation needs (e.g. portal vein, tumour) is absent or empty. */
  | 'MISSING_SEGMENT'
  /** A value only the user can supply (e.g. height and weight for sFLR) was not entered. */
  | 'MISSING_INPUT'
  /** A resection surface or plane does not cut the organ it is meant to divide. */
  | 'SURFACE_MISSES_ORGAN'
  /** A structure that must lie inside an organ (a tumour in the liver) lies outside it. */
  | 'OUTSIDE_ORGAN'
  /** A case file (`.jumeau`) that is damaged, of another version, or made on other voxels. */
  | 'BAD_CASE_FILE';

/** A fix the app can apply when the user asks: `allow-gaps` = load again interpolating missing slices. */
export type Remedy = 'allow-gaps';

/** An error a user can act on: names the file (or field) and the reason. */
export class JumeauError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** File name or form field the error concerns, when there is one. */
  readonly subject?: string;
  /** What the user can do about it, when the app can do it for them (e.g. interpolate missing slices). */
  readonly remedy?: Remedy;

  constructor(code: ErrorCode, message: string, options: { subject?: string; cause?: unknown; remedy?: Remedy } = {}) {
    super(options.subject ? `${options.subject}: ${message}` : message, { cause: options.cause });
    this.name = 'JumeauError';
    this.code = code;
    this.subject = options.subject;
    this.remedy = options.remedy;
  }
}

/** Thrown when the user cancels a long operation through an AbortSignal. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new JumeauError('CANCELLED', 'operation cancelled by the user');
}

/** True when `e` is a JumeauError with the given code. */
export function isJumeauError(e: unknown, code?: ErrorCode): e is JumeauError {
  return e instanceof JumeauError && (code === undefined || e.code === code);
}

/**
 * A short text for any thrown value: Errors, strings (dicom-parser throws strings), and objects that
 * wrap one (dicom-parser's `{ exception, dataSet }`).
 */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object' && 'exception' in e) return describeError((e as { exception: unknown }).exception);
  if (e && typeof e === 'object' && 'message' in e && typeof (e as { message: unknown }).message === 'string') return (e as { message: string }).message;
  return String(e);
}
