/**
 * Volume rendering of the CT behind the twin's meshes (Babylon adapter of shaders/volumeRaycast.*.glsl).
 *
 * The CT is block-averaged and mapped to bytes on the CPU (src/volume/volumeTexture.ts), uploaded once
 * per volume as an R8 3D texture, and ray-cast by a box mesh whose corners are the texture's extent
 * mapped texture → LPS (`textureToLpsMatrix`: direction cosines, spacing, origin) → engine
 * (`enginePositionsFromLps`, the one LPS → engine mapping): the volume sits exactly where the meshes
 * are. The box is drawn in the transparent pass, first of it (alphaIndex 0), depth-tested without
 * writing depth: opaque meshes hide it, see-through meshes blend over it — the CT is *behind* the meshes.
 */
import type { Scene } from '@babylonjs/core/scene';
import type { Engine } from '@babylonjs/core/Engines/engine';
import type { Camera } from '@babylonjs/core/Cameras/camera';
import type { Observer } from '@babylonjs/core/Misc/observable';
import { Constants } from '@babylonjs/core/Engines/constants';
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData';
import { ShaderMaterial } from '@babylonjs/core/Materials/shaderMaterial';
import { RawTexture } from '@babylonjs/core/Materials/Textures/rawTexture';
import { RawTexture3D } from '@babylonjs/core/Materials/Textures/rawTexture3D';
import { Vector3, Vector4 } from '@babylonjs/core/Maths/math.vector';
import { enginePositionsFromLps, lpsFromEngine } from '../core/engineFrame';
import { lpsToIndex, type Volume } from '../volume/volume';
import { blockMaxOf, blockMaxSteps, firstVisibleByte, textureToLpsMatrix, transferTable, volumeTextureSteps, type BlockMax, type VolumeRenderPreset, type VolumeTexture } from '../volume/volumeTexture';

/** Runs a step generator in slices of about `budgetMs`, yielding to the page between them; null when `cancelled()`. */
async function runInSlices<T>(steps: Generator<void, T>, cancelled: () => boolean, budgetMs = 25): Promise<T | null> {
  let t0 = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - t0 > budgetMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (cancelled()) return null;
      t0 = performance.now();
    }
  }
}
import vertexSource from '../../shaders/volumeRaycast.vertex.glsl?raw';
import fragmentSource from '../../shaders/volumeRaycast.fragment.glsl?raw';

/** Whether this engine can ray-cast a volume, and the largest 3D texture edge it takes (texels). */
export type VolumeRenderSupport = { ok: true; maxTexelsPerAxis: number } | { ok: false; reason: string };

/** Texel budget per axis of the volume texture, whatever the GPU allows (16.8 M texels). */
export const VOLUME_TEXELS_PER_AXIS_CAP = 256;

/** Samples every `STEP_TEXELS` texels along a ray (1 = one sample per texel, the Nyquist-ish minimum with trilinear filtering). */
export const STEP_TEXELS = 1;

/** Checks WebGL2 (3D textures) and reads the engine's 3D texture size limit. */
export function volumeRenderSupport(engine: Engine): VolumeRenderSupport {
  if (engine.webGLVersion < 2) return { ok: false, reason: 'Volume rendering needs WebGL2 (3D textures); this browser gave the 3D view WebGL 1.' };
  const gl = engine._gl as WebGL2RenderingContext | undefined;
  const max = gl && typeof gl.getParameter === 'function' ? Number(gl.getParameter(gl.MAX_3D_TEXTURE_SIZE)) : 0;
  if (!(max >= 32)) return { ok: false, reason: `Volume rendering needs 3D textures; this GPU allows ${max || 'none'}.` };
  return { ok: true, maxTexelsPerAxis: Math.min(VOLUME_TEXELS_PER_AXIS_CAP, max) };
}

// The unit cube's six faces: outward normal and four corners (texture coordinates).
const FACES: { normal: [number, number, number]; corners: [number, number, number][] }[] = [
  { normal: [-1, 0, 0], corners: [[0, 0, 0], [0, 1, 0], [0, 1, 1], [0, 0, 1]] },
  { normal: [1, 0, 0], corners: [[1, 0, 0], [1, 0, 1], [1, 1, 1], [1, 1, 0]] },
  { normal: [0, -1, 0], corners: [[0, 0, 0], [0, 0, 1], [1, 0, 1], [1, 0, 0]] },
  { normal: [0, 1, 0], corners: [[0, 1, 0], [1, 1, 0], [1, 1, 1], [0, 1, 1]] },
  { normal: [0, 0, -1], corners: [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]] },
  { normal: [0, 0, 1], corners: [[0, 0, 1], [0, 1, 1], [1, 1, 1], [1, 0, 1]] },
];

/** The ray-cast CT of one volume texture in a scene. */
export class VolumeRenderer {
  private readonly box: Mesh;
  private readonly material: ShaderMaterial;
  private readonly texture3d: RawTexture3D;
  private readonly blockTexture: RawTexture3D;
  private table: RawTexture | null = null;
  private readonly textureToLps: number[];
  private preset: VolumeRenderPreset | null = null;

  /** Uploads the texture and builds the box; shown until {@link setEnabled}(false). */
  constructor(private readonly scene: Scene, private readonly tex: VolumeTexture, blocks: BlockMax = blockMaxOf(tex)) {
    this.textureToLps = textureToLpsMatrix(tex);
    const m = this.textureToLps;
    const positionsLps: number[] = [];
    const texCoords: number[] = [];
    const normals: number[] = [];
    const indices: number[] = [];
    for (const f of FACES) {
      const base = texCoords.length / 3;
      for (const c of f.corners) {
        texCoords.push(...c);
        normals.push(...f.normal);
        for (let r = 0; r < 3; r++) positionsLps.push(m[4 * r] * c[0] + m[4 * r + 1] * c[1] + m[4 * r + 2] * c[2] + m[4 * r + 3]);
      }
      indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
    }
    this.box = new Mesh('volume render box', scene);
    const vd = new VertexData();
    vd.positions = enginePositionsFromLps(Float32Array.from(positionsLps));
    vd.indices = indices;
    vd.applyToMesh(this.box);
    this.box.setVerticesData('texCoord3', Float32Array.from(texCoords), false, 3);
    this.box.setVerticesData('faceNormalTex', Float32Array.from(normals), false, 3);
    this.box.isPickable = false;
    this.box.alphaIndex = 0;

    this.texture3d = new RawTexture3D(tex.data, tex.size[0], tex.size[1], tex.size[2], Constants.TEXTUREFORMAT_R, scene, false, false, Constants.TEXTURE_BILINEAR_SAMPLINGMODE, Constants.TEXTURETYPE_UNSIGNED_BYTE);
    this.texture3d.wrapU = this.texture3d.wrapV = this.texture3d.wrapR = Constants.TEXTURE_CLAMP_ADDRESSMODE;
    this.blockTexture = new RawTexture3D(blocks.data, blocks.size[0], blocks.size[1], blocks.size[2], Constants.TEXTUREFORMAT_R, scene, false, false, Constants.TEXTURE_NEAREST_SAMPLINGMODE, Constants.TEXTURETYPE_UNSIGNED_BYTE);

    this.material = new ShaderMaterial('volume render material', scene, { vertexSource, fragmentSource }, {
      attributes: ['position', 'texCoord3', 'faceNormalTex'],
      uniforms: ['worldViewProjection', 'cameraTex', 'texels', 'spacingMm', 'stepTexels', 'mode', 'clipTex', 'clipOn', 'blockTexels', 'firstVisibleByte'],
      samplers: ['volumeTexture', 'transferTable', 'blockMax'],
      needAlphaBlending: true,
    });
    this.material.backFaceCulling = false;
    this.material.disableDepthWrite = true;
    this.material.alphaMode = Constants.ALPHA_PREMULTIPLIED;
    this.material.setTexture('volumeTexture', this.texture3d);
    this.material.setTexture('blockMax', this.blockTexture);
    this.material.setFloat('blockTexels', blocks.blockTexels);
    this.material.setVector3('texels', new Vector3(...tex.size));
    this.material.setVector3('spacingMm', new Vector3(...tex.spacingMm));
    this.material.setFloat('stepTexels', STEP_TEXELS);
    this.material.setVector4('clipTex', new Vector4(0, 0, 0, 0));
    this.material.setFloat('clipOn', 0);
    this.material.setVector3('cameraTex', new Vector3(0.5, 0.5, -10));
    this.box.material = this.material;
    this.beforeRender = scene.onBeforeRenderObservable.add(() => this.updateCamera());
  }

  private readonly beforeRender: Observer<Scene> | null;

  /** The volume texture this renderer shows. */
  get volumeTexture(): VolumeTexture {
    return this.tex;
  }

  /** Texture coordinate of an LPS point (mm): the continuous texel index, + 0.5, over the texel count. */
  private textureCoordOfLps(p: [number, number, number]): [number, number, number] {
    const ijk = lpsToIndex({ spacing: this.tex.spacingMm, origin: this.tex.originLps, direction: this.tex.direction }, p);
    return [0, 1, 2].map((a) => (ijk[a] + 0.5) / this.tex.size[a]) as [number, number, number];
  }

  /** The camera position in texture coordinates, for the rays (each frame, before drawing). */
  private updateCamera(): void {
    const camera: Camera | null = this.scene.activeCamera;
    if (!camera) return;
    const e = camera.globalPosition;
    const s = this.textureCoordOfLps(lpsFromEngine([e.x, e.y, e.z]) as [number, number, number]);
    this.material.setVector3('cameraTex', new Vector3(s[0], s[1], s[2]));
  }

  /** Chooses the transfer function (bone, soft tissue) or the MIP. */
  setPreset(preset: VolumeRenderPreset): void {
    if (preset === this.preset) return;
    this.preset = preset;
    const data = transferTable(preset, this.tex);
    if (this.table) this.table.update(data);
    else {
      this.table = RawTexture.CreateRGBATexture(data, 256, 1, this.scene, false, false, Constants.TEXTURE_BILINEAR_SAMPLINGMODE);
      this.table.wrapU = this.table.wrapV = Constants.TEXTURE_CLAMP_ADDRESSMODE;
      this.material.setTexture('transferTable', this.table);
    }
    this.material.setFloat('mode', preset === 'mip' ? 1 : 0);
    this.material.setFloat('firstVisibleByte', firstVisibleByte(data));
  }

  /**
   * The axial cut of the twin: samples superior to `zLps` (mm) are hidden; null shows all. The LPS
   * plane z = zLps is written in texture coordinates through the same texture → LPS affine.
   */
  setAxialClip(zLps: number | null): void {
    const m = this.textureToLps;
    if (zLps === null) this.material.setFloat('clipOn', 0);
    else {
      this.material.setVector4('clipTex', new Vector4(m[8], m[9], m[10], m[11] - zLps));
      this.material.setFloat('clipOn', 1);
    }
  }

  /** Shows or hides the rendered volume (the texture stays uploaded). */
  setEnabled(on: boolean): void {
    this.box.setEnabled(on);
  }

  /** Frees the box, the material and both textures. */
  dispose(): void {
    this.scene.onBeforeRenderObservable.remove(this.beforeRender);
    this.box.dispose(false, false);
    this.material.dispose(true, false);
    this.texture3d.dispose();
    this.blockTexture.dispose();
    this.table?.dispose();
  }
}

/**
 * The volume rendering of a twin scene: at most one renderer, rebuilt only when the volume object
 * changes (a preset change swaps the 256-entry table, a cut sets a uniform); the texture is made on
 * first use, downsampled to the engine's limit.
 */
export class VolumeRenderSlot {
  private renderer: VolumeRenderer | null = null;
  private source: Volume | null = null;
  private clipZLps: number | null = null;
  private checked: VolumeRenderSupport;

  constructor(private readonly scene: Scene, engine: Engine) {
    this.checked = volumeRenderSupport(engine);
  }

  /** What the engine allows (checked once), or why the volume could not be set up. */
  get support(): VolumeRenderSupport {
    return this.checked;
  }

  /** The volume being converted (in slices, off the critical path), or null. */
  private preparing: Volume | null = null;
  /** The last request, applied when a conversion ends. */
  private wanted: { volume: Volume | null; preset: VolumeRenderPreset } = { volume: null, preset: 'bone' };

  /**
   * Shows `volume` with a preset, or hides the rendering (null). A new volume is converted to its
   * texture in slices of ≈ 25 ms (a 512×512×400 CT takes 0.5–1.3 s of CPU: never one long task), then
   * shown if still wanted; `onReady` is called then. Never throws for an unsupported engine: it shows nothing.
   */
  show(volume: Volume | null, preset: VolumeRenderPreset, onReady: () => void = () => undefined): void {
    this.wanted = { volume, preset };
    const support = this.checked;
    if (!volume || !support.ok) {
      this.renderer?.setEnabled(false);
      return;
    }
    if (volume !== this.source) {
      this.renderer?.setEnabled(false);
      if (this.preparing === volume) return;
      this.preparing = volume;
      void this.prepare(volume, support.maxTexelsPerAxis).then((ok) => { if (ok) onReady(); });
      return;
    }
    this.renderer!.setPreset(preset);
    this.renderer!.setAxialClip(this.clipZLps);
    this.renderer!.setEnabled(true);
  }

  /** Converts `volume` in slices and swaps the renderer; false when superseded or refused. */
  private async prepare(volume: Volume, maxTexelsPerAxis: number): Promise<boolean> {
    const stale = (): boolean => this.preparing !== volume;
    const tex = await runInSlices(volumeTextureSteps(volume, { maxTexelsPerAxis }), stale);
    const blocks = tex ? await runInSlices(blockMaxSteps(tex), stale) : null;
    if (!tex || !blocks || stale()) return false;
    this.preparing = null;
    this.renderer?.dispose();
    this.renderer = null;
    this.source = null;
    try {
      this.renderer = new VolumeRenderer(this.scene, tex, blocks);
      this.source = volume;
    } catch (e) {
      // A GPU that refuses the texture or the shader: no volume, the reason in the toggle's tooltip.
      this.checked = { ok: false, reason: `Volume rendering could not start here: ${e instanceof Error ? e.message : String(e)}` };
      return true;
    }
    const w = this.wanted;
    if (w.volume === volume) this.show(volume, w.preset);
    else this.renderer.setEnabled(false);
    return true;
  }

  /** The twin's axial cut (LPS z, mm), or null. */
  setAxialClip(zLps: number | null): void {
    this.clipZLps = zLps;
    this.renderer?.setAxialClip(zLps);
  }

  /** The texture shown (size, spacing…), or null. */
  get shownTexture(): VolumeTexture | null {
    return this.renderer && this.source ? this.renderer.volumeTexture : null;
  }

  /** Frees the GPU resources. */
  dispose(): void {
    this.renderer?.dispose();
    this.renderer = null;
    this.source = null;
  }
}
