/**
 * The virtual module of scripts/vite-itk-pipelines.ts: the same-origin folder (absolute URL) that holds
 * the itk-wasm image-io pipelines the app uses.
 */
declare module 'virtual:jumeau-itk-pipelines' {
  /** Absolute URL of the folder of the pipeline files, without a trailing slash. */
  export const itkPipelinesUrl: string;
}
