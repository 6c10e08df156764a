/**
 * Segmentation benchmark (same as `npm run bench -- segmentation`): see src/cli/benchSegmentation.ts.
 *
 *   npx tsx scripts/bench-segmentation.ts [--runs N] [--size NIxNJxNK] [--tools]
 */
import { runSegmentationBench } from '../src/cli/benchSegmentation';

process.exitCode = runSegmentationBench(process.argv.slice(2));
