/**
 * The three MPR viewports (axial, coronal, sagittal) on Cornerstone3D: the loaded volume as a local
 * Cornerstone volume (no image loader, no request: the voxels are already in the page), window/level,
 * scroll, zoom/pan, linked crosshairs and the twin's labelmap as a coloured overlay. Loaded lazily, so
 * Cornerstone and vtk.js stay out of the first page load.
 *
 * Cornerstone's world frame is DICOM LPS in millimetres, as ours: volume origin, spacing and direction
 * cross unchanged (our direction is column-major [dirI, dirJ, dirK], the layout Cornerstone expects).
 */
import { Enums, RenderingEngine, cache, init as csInit, setVolumesForViewports, volumeLoader, type Types } from '@cornerstonejs/core';
import {
  CrosshairsTool, Enums as ToolEnums, PanTool, StackScrollTool, ToolGroupManager, WindowLevelTool, ZoomTool,
  addTool, init as toolsInit, segmentation,
} from '@cornerstonejs/tools';
import type { LabelArray } from '../../segmentation/labelmap';
import type { Volume } from '../../volume/volume';
import { mprEdgeLetters, type EdgeLetters } from '../logic/orientation';
import type { DisplayWindow } from '../logic/window';

/** The three viewports, by our name. */
export const MPR_VIEWS = ['axial', 'coronal', 'sagittal'] as const;
export type MprView = (typeof MPR_VIEWS)[number];

const ORIENTATION: Record<MprView, Enums.OrientationAxis> = {
  axial: Enums.OrientationAxis.AXIAL,
  coronal: Enums.OrientationAxis.CORONAL,
  sagittal: Enums.OrientationAxis.SAGITTAL,
};
const ENGINE_ID = 'jumeau-mpr';
const TOOL_GROUP_ID = 'jumeau-mpr-tools';
const SEG_ID = 'jumeau-twin-labels';

let initialised = false;
let labelsCounter = 0;

function initOnce(): void {
  if (initialised) return;
  csInit();
  toolsInit();
  for (const T of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, CrosshairsTool]) addTool(T);
  initialised = true;
}

/** What the primary mouse button does in the MPR viewports. */
export type MprPrimaryTool = 'crosshairs' | 'windowLevel';

/** The MPR viewports bound to three elements. */
export class CornerstoneMpr {
  private readonly engine: RenderingEngine;
  private readonly toolGroup: NonNullable<ReturnType<typeof ToolGroupManager.createToolGroup>>;
  private volumeId: string | null = null;
  private labelsId: string | null = null;
  private shownLabels: LabelArray | null = null;
  private frameOfReference = 'jumeau-for';

  /**
   * @param elements - one div per view (sized by CSS)
   * @param onCamera - called after any viewport's camera changed (scroll, crosshairs, zoom)
   */
  constructor(private readonly elements: Record<MprView, HTMLDivElement>, private readonly onCamera: () => void = () => undefined) {
    initOnce();
    this.engine = new RenderingEngine(ENGINE_ID);
    this.engine.setViewports(MPR_VIEWS.map((v) => ({
      viewportId: v,
      type: Enums.ViewportType.ORTHOGRAPHIC,
      element: elements[v],
      defaultOptions: { orientation: ORIENTATION[v], background: [0, 0, 0] as Types.Point3 },
    })));
    ToolGroupManager.destroyToolGroup(TOOL_GROUP_ID);
    const tg = ToolGroupManager.createToolGroup(TOOL_GROUP_ID);
    if (!tg) throw new Error('Cornerstone refused the MPR tool group');
    this.toolGroup = tg;
    for (const T of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, CrosshairsTool]) tg.addTool(T.toolName);
    for (const v of MPR_VIEWS) {
      tg.addViewport(v, ENGINE_ID);
      elements[v].addEventListener(Enums.Events.CAMERA_MODIFIED, () => this.onCamera());
    }
    tg.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    tg.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    tg.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
    this.setPrimaryTool('crosshairs');
  }

  /** Chooses the primary-button tool (crosshairs or window/level). */
  setPrimaryTool(tool: MprPrimaryTool): void {
    const on = tool === 'crosshairs' ? CrosshairsTool.toolName : WindowLevelTool.toolName;
    const off = tool === 'crosshairs' ? WindowLevelTool.toolName : CrosshairsTool.toolName;
    this.toolGroup.setToolPassive(off);
    this.toolGroup.setToolActive(on, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
  }

  /** Shows a volume (a new id per series; the previous one is removed from the cache). */
  async setVolume(id: string, volume: Volume, window: DisplayWindow): Promise<void> {
    // No ':' in the id: Cornerstone would read the part before it as an image-loader scheme and try to
    // load the slices through a loader (there is none: the voxels are local).
    const volumeId = `jumeau-ct-${id.replace(/[^A-Za-z0-9.-]/g, '-')}`;
    this.frameOfReference = `jumeau-for-${volumeId}`;
    if (this.volumeId === volumeId) return this.setWindow(window);
    this.clearLabels();
    if (this.volumeId) cache.removeVolumeLoadObject(this.volumeId);
    const data = volume.data instanceof Int16Array || volume.data instanceof Uint16Array || volume.data instanceof Float32Array || volume.data instanceof Uint8Array ? volume.data : Float32Array.from(volume.data);
    volumeLoader.createLocalVolume(volumeId, {
      metadata: {
        BitsAllocated: 16, BitsStored: 16, SamplesPerPixel: 1, HighBit: 15, PhotometricInterpretation: 'MONOCHROME2', PixelRepresentation: 1,
        Modality: volume.unit === 'HU' ? 'CT' : 'OT', ImageOrientationPatient: volume.direction.slice(0, 6), PixelSpacing: [volume.spacing[1], volume.spacing[0]],
        FrameOfReferenceUID: this.frameOfReference, Columns: volume.size[0], Rows: volume.size[1], voiLut: [], VOILUTFunction: 'LINEAR',
      },
      dimensions: [...volume.size] as Types.Point3,
      spacing: [...volume.spacing] as Types.Point3,
      origin: [...volume.origin] as Types.Point3,
      direction: [...volume.direction] as Types.Mat3,
      scalarData: data,
    });
    this.volumeId = volumeId;
    await setVolumesForViewports(this.engine, [{ volumeId }], [...MPR_VIEWS]);
    for (const v of MPR_VIEWS) this.engine.getViewport(v).resetCamera();
    this.setWindow(window);
  }

  /** Window/level in the volume's unit (HU for CT). */
  setWindow(w: DisplayWindow): void {
    for (const v of MPR_VIEWS) {
      const vp = this.engine.getViewport(v) as Types.IVolumeViewport;
      vp.setProperties({ voiRange: { lower: w.level - w.width / 2, upper: w.level + w.width / 2 } });
      vp.render();
    }
  }

  /**
   * Shows `labels` (on the volume's grid) in the given colours, or removes the overlay (null). The same
   * array after an edit: pass `changed` true to refresh it.
   */
  async setLabels(labels: LabelArray | null, volume: Volume, coloursByLabel: ([number, number, number] | undefined)[], changed = false): Promise<void> {
    if (!labels) return this.clearLabels();
    if (labels === this.shownLabels && !changed) return this.setColours(coloursByLabel);
    if (labels === this.shownLabels && this.labelsId) {
      const vol = cache.getVolume(this.labelsId);
      vol?.voxelManager?.setCompleteScalarDataArray?.(labels);
      segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(SEG_ID);
      return;
    }
    this.clearLabels();
    const labelsId = `jumeau-labels-${++labelsCounter}`;
    volumeLoader.createLocalVolume(labelsId, {
      metadata: {
        BitsAllocated: 8, BitsStored: 8, SamplesPerPixel: 1, HighBit: 7, PhotometricInterpretation: 'MONOCHROME2', PixelRepresentation: 0, Modality: 'SEG',
        ImageOrientationPatient: volume.direction.slice(0, 6), PixelSpacing: [volume.spacing[1], volume.spacing[0]], FrameOfReferenceUID: this.frameOfReference,
        Columns: volume.size[0], Rows: volume.size[1], voiLut: [], VOILUTFunction: 'LINEAR',
      },
      dimensions: [...volume.size] as Types.Point3,
      spacing: [...volume.spacing] as Types.Point3,
      origin: [...volume.origin] as Types.Point3,
      direction: [...volume.direction] as Types.Mat3,
      scalarData: labels instanceof Uint8Array ? labels.slice() : Uint8Array.from(labels),
      referencedVolumeId: this.volumeId ?? undefined,
    });
    this.labelsId = labelsId;
    this.shownLabels = labels;
    segmentation.addSegmentations([{ segmentationId: SEG_ID, representation: { type: ToolEnums.SegmentationRepresentations.Labelmap, data: { volumeId: labelsId } } }]);
    const lutIndex = segmentation.config.color.addColorLUT(this.lut(coloursByLabel));
    await segmentation.addLabelmapRepresentationToViewportMap(Object.fromEntries(MPR_VIEWS.map((v) => [v, [{ segmentationId: SEG_ID, config: { colorLUTOrIndex: lutIndex } }]])));
    for (const v of MPR_VIEWS) this.engine.getViewport(v).render();
  }

  private lut(colours: ([number, number, number] | undefined)[]): Types.ColorLUT {
    const out: Types.ColorLUT = [[0, 0, 0, 0]];
    for (let l = 1; l < Math.max(2, colours.length); l++) {
      const c = colours[l];
      out.push(c ? [c[0], c[1], c[2], 255] : [0, 0, 0, 0]);
    }
    return out;
  }

  private setColours(colours: ([number, number, number] | undefined)[]): void {
    colours.forEach((c, l) => {
      if (!c || l === 0) return;
      for (const v of MPR_VIEWS) segmentation.config.color.setSegmentIndexColor(v, SEG_ID, l, [c[0], c[1], c[2], 255]);
    });
  }

  private clearLabels(): void {
    if (!this.labelsId) return;
    segmentation.removeSegmentation(SEG_ID);
    cache.removeVolumeLoadObject(this.labelsId);
    this.labelsId = null;
    this.shownLabels = null;
  }

  /** Letters at the screen edges of a view, from its camera (what the user sees, after any rotation). */
  edgeLetters(v: MprView): EdgeLetters {
    const cam = this.engine.getViewport(v).getCamera();
    return mprEdgeLetters(cam.viewUp as [number, number, number], cam.viewPlaneNormal as [number, number, number]);
  }

  /** The LPS point at the centre of a view's slice (its focal point), mm. */
  focalPointLps(v: MprView): [number, number, number] {
    return [...(this.engine.getViewport(v).getCamera().focalPoint as [number, number, number])];
  }

  /** Canvas pixel (CSS) of an LPS point in a view (tests, overlays). */
  canvasPointOf(v: MprView, pLps: [number, number, number]): [number, number] {
    return [...this.engine.getViewport(v).worldToCanvas(pLps)] as [number, number];
  }

  /** Resizes the viewports to their elements. */
  resize(): void {
    this.engine.resize(true, true);
  }

  /** Frees the GPU resources and the cached volumes. */
  dispose(): void {
    this.clearLabels();
    ToolGroupManager.destroyToolGroup(TOOL_GROUP_ID);
    this.engine.destroy();
    if (this.volumeId) cache.removeVolumeLoadObject(this.volumeId);
    this.volumeId = null;
  }
}
