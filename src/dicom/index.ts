/**
 * Public API of the DICOM stage: files in, series summaries and patient volumes out.
 *
 * ```ts
 * const scan = await scanDicomSources(sources, { onProgress, signal });
 * const { volume, warnings } = await loadSeriesVolume(sources, scan.series[0], { onProgress, signal });
 * ```
 */
export { scanDicomSources, type ScanResult, type ScannedSeries, type SkippedFile, type Progress, type ScanOptions } from './scan';
export { loadSeriesVolume, type LoadedSeries, type LoadOptions } from './loadVolume';
export { type SeriesSummary } from './summary';
export { type SeriesWarning, type WarningCode } from './warnings';
export { type DicomFileSource, sourceFromBytes, sourceFromBlob } from './source';
export { setCodecWasmLocator } from './codecs';
export { supportedTransferSyntaxes, transferSyntaxName } from './transferSyntax';
export { planSlices, type SlicePlan } from './geometry';
export { type FrameRecord } from './frames';
