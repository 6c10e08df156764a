/**
 * Transfer syntaxes Jumeau reads, with the codec that decodes each. Anything not listed here is
 * refused with an error that names the syntax (UID and name) — never guessed.
 */

/** How the pixel data of a syntax is decoded. */
export type CodecKind =
  | 'native-le'
  | 'native-be'
  | 'rle'
  | 'jpeg-baseline'
  | 'jpeg-lossless'
  | 'jpeg-ls'
  | 'jpeg2000'
  | 'htj2k';

/** One supported transfer syntax. */
export interface TransferSyntaxInfo {
  uid: string;
  name: string;
  codec: CodecKind;
  /** True when the pixel data is stored as encapsulated fragments. */
  encapsulated: boolean;
  /** True when the codec may lose information (the loader warns). */
  lossy: boolean;
}

const LIST: TransferSyntaxInfo[] = [
  { uid: '1.2.840.10008.1.2', name: 'Implicit VR Little Endian', codec: 'native-le', encapsulated: false, lossy: false },
  { uid: '1.2.840.10008.1.2.1', name: 'Explicit VR Little Endian', codec: 'native-le', encapsulated: false, lossy: false },
  { uid: '1.2.840.10008.1.2.1.99', name: 'Deflated Explicit VR Little Endian', codec: 'native-le', encapsulated: false, lossy: false },
  { uid: '1.2.840.10008.1.2.2', name: 'Explicit VR Big Endian', codec: 'native-be', encapsulated: false, lossy: false },
  { uid: '1.2.840.10008.1.2.5', name: 'RLE Lossless', codec: 'rle', encapsulated: true, lossy: false },
  { uid: '1.2.840.10008.1.2.4.50', name: 'JPEG Baseline (Process 1)', codec: 'jpeg-baseline', encapsulated: true, lossy: true },
  { uid: '1.2.840.10008.1.2.4.51', name: 'JPEG Extended (Process 2 & 4)', codec: 'jpeg-baseline', encapsulated: true, lossy: true },
  { uid: '1.2.840.10008.1.2.4.57', name: 'JPEG Lossless, Non-Hierarchical (Process 14)', codec: 'jpeg-lossless', encapsulated: true, lossy: false },
  { uid: '1.2.840.10008.1.2.4.70', name: 'JPEG Lossless, First-Order Prediction (Process 14 SV1)', codec: 'jpeg-lossless', encapsulated: true, lossy: false },
  { uid: '1.2.840.10008.1.2.4.80', name: 'JPEG-LS Lossless', codec: 'jpeg-ls', encapsulated: true, lossy: false },
  { uid: '1.2.840.10008.1.2.4.81', name: 'JPEG-LS Lossy (Near-Lossless)', codec: 'jpeg-ls', encapsulated: true, lossy: true },
  { uid: '1.2.840.10008.1.2.4.90', name: 'JPEG 2000 Lossless', codec: 'jpeg2000', encapsulated: true, lossy: false },
  { uid: '1.2.840.10008.1.2.4.91', name: 'JPEG 2000', codec: 'jpeg2000', encapsulated: true, lossy: true },
  { uid: '1.2.840.10008.1.2.4.201', name: 'High-Throughput JPEG 2000 Lossless', codec: 'htj2k', encapsulated: true, lossy: false },
  { uid: '1.2.840.10008.1.2.4.202', name: 'High-Throughput JPEG 2000 with RPCL Options Lossless', codec: 'htj2k', encapsulated: true, lossy: false },
  { uid: '1.2.840.10008.1.2.4.203', name: 'High-Throughput JPEG 2000', codec: 'htj2k', encapsulated: true, lossy: true },
];

/** Names of well-known syntaxes we do not decode, so the error can name them. */
const KNOWN_UNSUPPORTED: Record<string, string> = {
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile',
  '1.2.840.10008.1.2.4.101': 'MPEG2 High Profile',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 Main Profile',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component Lossless',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component',
  '1.2.840.10008.1.2.4.94': 'JPIP Referenced',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.111': 'JPEG XL JPEG Recompression',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
};

const BY_UID = new Map(LIST.map((t) => [t.uid, t]));

/** The supported syntax with this UID, or undefined. */
export function transferSyntaxInfo(uid: string): TransferSyntaxInfo | undefined {
  return BY_UID.get(uid);
}

/** A human name for any UID ("unknown" when we do not know it). */
export function transferSyntaxName(uid: string): string {
  return BY_UID.get(uid)?.name ?? KNOWN_UNSUPPORTED[uid] ?? 'unknown transfer syntax';
}

/** All supported syntaxes (documentation, tests). */
export function supportedTransferSyntaxes(): readonly TransferSyntaxInfo[] {
  return LIST;
}
