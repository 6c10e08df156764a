/**
 * The 3D twin view (Babylon.js): the segment meshes in the patient's orientation, lit, with camera
 * presets and a fit-to-twin. Geometry crosses into the engine only through src/core/engineFrame.ts
 * (LPS mm → engine metres, winding reversed because that map mirrors). The render loop runs only while
 * the view is shown.
 */
import { Engine } from '@babylonjs/core/Engines/engine';
import { Scene } from '@babylonjs/core/scene';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight';
import { DirectionalLight } from '@babylonjs/core/Lights/directionalLight';
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData';
import { VertexBuffer } from '@babylonjs/core/Buffers/buffer';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import { Plane } from '@babylonjs/core/Maths/math.plane';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder';
// Side effect: scene.pick needs the Ray module registered (Babylon's tree-shakeable build).
import '@babylonjs/core/Culling/ray';
import { METRES_PER_MM, enginePositionsFromLps, flipTriangleWinding, lpsFromEngine } from '../core/engineFrame';
import type { TriangleMesh } from '../meshing/types';
import { VIEW_PRESETS, edgeLetters, type ViewPreset } from './viewPresets';
import { VolumeRenderSlot, type VolumeRenderSupport } from './volumeRender';
import type { Volume } from '../volume/volume';
import type { VolumeRenderPreset } from '../volume/volumeTexture';

/** A segment to show: name, sRGB colour, mesh in LPS mm. */
export interface SceneSegment {
  name: string;
  colorRgb: [number, number, number];
  mesh: TriangleMesh;
}

/** The Babylon scene of the twin, bound to one canvas. */
export class TwinScene {
  private readonly engine: Engine;
  private readonly scene: Scene;
  private readonly camera: ArcRotateCamera;
  private meshes: Mesh[] = [];
  private running = false;

  private lastLetters = '';
  private readonly volumeSlot: VolumeRenderSlot;

  /**
   * @param onLetters - called with the screen-edge letters whenever the camera turns
   * @param options - `webGl1`: refuse WebGL2 (tests of the fallback without 3D textures)
   */
  constructor(private readonly canvas: HTMLCanvasElement, private readonly onLetters: (l: { left: string; right: string; top: string; bottom: string }) => void = () => undefined, options: { webGl1?: boolean } = {}) {
    this.engine = new Engine(canvas, true, { preserveDrawingBuffer: true, stencil: false, disableWebGL2Support: !!options.webGl1 }, true);
    this.scene = new Scene(this.engine);
    this.volumeSlot = new VolumeRenderSlot(this.scene, this.engine);
    this.scene.clearColor = new Color4(0.06, 0.07, 0.09, 1);
    const p = VIEW_PRESETS.anterior;
    this.camera = new ArcRotateCamera('camera', p.alpha, p.beta, 0.5, Vector3.Zero(), this.scene);
    this.camera.minZ = 0.001;
    this.camera.wheelPrecision = 400;
    this.camera.attachControl(canvas, true);
    const hemi = new HemisphericLight('ambient', new Vector3(0, 1, -0.3), this.scene);
    hemi.intensity = 0.55;
    hemi.groundColor = new Color3(0.25, 0.25, 0.28);
    const key = new DirectionalLight('key', new Vector3(0.3, -0.4, 1), this.scene);
    key.intensity = 0.75;
    // The key light follows the camera, so the side facing the viewer is always lit.
    this.scene.onBeforeRenderObservable.add(() => {
      key.direction.copyFrom(this.camera.getTarget().subtract(this.camera.position));
      const l = this.edgeLetters();
      const k = `${l.left}|${l.right}|${l.top}|${l.bottom}`;
      if (k !== this.lastLetters) {
        this.lastLetters = k;
        this.onLetters(l);
      }
    });
  }

  /**
   * Shows these segments. A segment whose mesh object is unchanged keeps its engine mesh (only its
   * colour follows), so an edit rebuilds just the edited segment; the camera is fitted when the set of
   * segments changes, not after an edit.
   */
  setSegments(segments: readonly SceneSegment[]): void {
    const before = this.meshes.map((m) => m.name).join('|');
    const old = new Map(this.meshes.map((m) => [m.name, m]));
    this.meshes = segments.map((s) => {
      let mesh = old.get(s.name);
      old.delete(s.name);
      if (!mesh || this.sources.get(mesh) !== s.mesh) {
        mesh?.dispose(false, true);
        mesh = this.buildMesh(s);
      }
      (mesh.material as StandardMaterial).diffuseColor = new Color3(s.colorRgb[0] / 255, s.colorRgb[1] / 255, s.colorRgb[2] / 255);
      return mesh;
    });
    for (const m of old.values()) m.dispose(false, true);
    if (this.meshes.map((m) => m.name).join('|') !== before) this.fit();
  }

  /** Engine mesh → the LPS mesh it was made from. */
  private readonly sources = new WeakMap<Mesh, TriangleMesh>();

  private buildMesh(s: SceneSegment): Mesh {
    const mesh = new Mesh(s.name, this.scene);
    const vd = new VertexData();
    vd.positions = enginePositionsFromLps(s.mesh.positionsLps);
    vd.indices = flipTriangleWinding(s.mesh.indices);
    const normals = new Float32Array(vd.positions.length);
    VertexData.ComputeNormals(vd.positions, vd.indices, normals);
    vd.normals = normals;
    vd.applyToMesh(mesh);
    const mat = new StandardMaterial(`${s.name} material`, this.scene);
    mat.specularColor = new Color3(0.15, 0.15, 0.15);
    mesh.material = mat;
    this.sources.set(mesh, s.mesh);
    return mesh;
  }

  private marker: Mesh | null = null;

  /**
   * Marks a point of the twin (LPS mm) with a small sphere drawn over everything: where the slice view's
   * cursor or the last pick is, so 2D and 3D show the same place. Null hides it.
   */
  setMarker(pointLps: [number, number, number] | null): void {
    if (!pointLps) {
      this.marker?.setEnabled(false);
      return;
    }
    if (!this.marker) {
      this.marker = CreateSphere('cursor marker', { diameter: 5 * METRES_PER_MM, segments: 12 }, this.scene);
      const mat = new StandardMaterial('cursor marker material', this.scene);
      mat.emissiveColor = new Color3(0.2, 1, 1);
      mat.disableLighting = true;
      this.marker.material = mat;
      this.marker.isPickable = false;
      this.marker.renderingGroupId = 1;
    }
    const [x, y, z] = enginePositionsFromLps(Float32Array.from(pointLps));
    this.marker.position.set(x, y, z);
    this.marker.setEnabled(true);
  }

  /**
   * Colours a segment per vertex (RGBA 0–1, one per vertex of its LPS mesh, e.g. portal territories on
   * the liver), or back to its plain colour (null).
   */
  setVertexColours(name: string, rgba: Float32Array | null): void {
    const mesh = this.meshes.find((m) => m.name === name);
    if (!mesh) return;
    if (rgba) mesh.setVerticesData(VertexBuffer.ColorKind, rgba, true);
    else if (mesh.isVerticesDataPresent(VertexBuffer.ColorKind)) mesh.removeVerticesData(VertexBuffer.ColorKind);
    mesh.useVertexColors = !!rgba;
  }

  private implants: Mesh[] = [];
  private implantsKey = '';

  /**
   * Shows the planned implants (meshes already posed in LPS mm), metallic grey, drawn over the bone
   * where they are inside it at 60 % opacity so the bone around them stays visible. `key` identifies
   * the set: the same key keeps the meshes.
   */
  setImplants(key: string, implants: readonly SceneSegment[]): void {
    if (key === this.implantsKey) return;
    this.implantsKey = key;
    for (const m of this.implants) m.dispose(false, true);
    this.implants = implants.map((s) => {
      const mesh = this.buildMesh(s);
      const mat = mesh.material as StandardMaterial;
      mat.diffuseColor = new Color3(s.colorRgb[0] / 255, s.colorRgb[1] / 255, s.colorRgb[2] / 255);
      mat.specularColor = new Color3(0.6, 0.6, 0.6);
      mesh.isPickable = false;
      return mesh;
    });
  }

  /** Opacity of a segment (1 = opaque); see-through segments keep their back faces hidden. */
  setOpacity(name: string, opacity: number): void {
    for (const m of this.meshes) {
      if (m.name !== name) continue;
      const mat = m.material as StandardMaterial;
      mat.alpha = Math.min(1, Math.max(0, opacity));
      mat.backFaceCulling = true;
    }
  }

  /**
   * The segment surface under canvas pixel (x, y) (CSS pixels from the canvas' top-left), as the
   * segment name and the hit point in LPS mm, or null when the ray misses the twin.
   */
  pickLps(x: number, y: number): { name: string; pointLps: [number, number, number] } | null {
    const hit = this.scene.pick(x, y, (m) => this.meshes.includes(m as Mesh) && m.isEnabled());
    if (!hit?.hit || !hit.pickedPoint || !hit.pickedMesh) return null;
    const p = hit.pickedPoint;
    return { name: hit.pickedMesh.name, pointLps: lpsFromEngine([p.x, p.y, p.z]) as [number, number, number] };
  }

  /**
   * Cuts the twin with an axial plane: everything superior to `zLps` (mm) is hidden, so the inside of a
   * joint can be seen from above; null removes the cut. (Babylon hides where n·p + d > 0.)
   */
  setAxialClip(zLps: number | null): void {
    this.scene.clipPlane = zLps === null ? null : new Plane(0, 1, 0, -zLps * METRES_PER_MM);
    this.volumeSlot.setAxialClip(zLps);
  }

  /** Whether the CT can be volume-rendered here (WebGL2 3D textures), and why not. */
  get volumeRenderSupport(): VolumeRenderSupport {
    return this.volumeSlot.support;
  }

  /**
   * Ray-casts the CT behind the meshes with a preset (see src/scene/volumeRender.ts), or stops (null).
   * The volume is downsampled (in slices of ≈ 25 ms) and uploaded when it changes, not on a preset
   * change; `onReady` is called when a new volume's texture is shown.
   */
  setVolumeRender(volume: Volume | null, preset: VolumeRenderPreset, onReady?: () => void): void {
    this.volumeSlot.show(volume, preset, onReady);
  }

  /** Size (texels) and spacing (mm) of the volume texture shown, or null. */
  get volumeRenderTexture(): { size: [number, number, number]; spacingMm: [number, number, number] } | null {
    const t = this.volumeSlot.shownTexture;
    return t ? { size: t.size, spacingMm: t.spacingMm } : null;
  }

  /** Where an LPS point (mm) is drawn on the canvas, in CSS pixels from its top-left (tests, overlays). */
  screenOfLps(pointLps: [number, number, number]): [number, number] {
    const [x, y, z] = enginePositionsFromLps(Float32Array.from(pointLps));
    const w = this.engine.getRenderWidth();
    const h = this.engine.getRenderHeight();
    const p = Vector3.Project(new Vector3(x, y, z), Matrix.Identity(), this.camera.getViewMatrix().multiply(this.camera.getProjectionMatrix()), this.camera.viewport.toGlobal(w, h));
    return [(p.x * this.canvas.clientWidth) / w, (p.y * this.canvas.clientHeight) / h];
  }

  /** The Babylon scene, for overlays that live beside the twin (plan surfaces, gizmos). */
  get babylonScene(): Scene {
    return this.scene;
  }

  /** The canvas the scene renders to. */
  get canvasElement(): HTMLCanvasElement {
    return this.canvas;
  }

  /** Shows or hides a segment by name. */
  setVisible(name: string, visible: boolean): void {
    for (const m of this.meshes) if (m.name === name) m.setEnabled(visible);
  }

  /** Points the camera at the twin's bounding box centre, far enough to see all of it. */
  fit(): void {
    if (!this.meshes.length) return;
    let min = new Vector3(Infinity, Infinity, Infinity);
    let max = new Vector3(-Infinity, -Infinity, -Infinity);
    for (const m of this.meshes) {
      m.computeWorldMatrix(true);
      const b = m.getBoundingInfo().boundingBox;
      min = Vector3.Minimize(min, b.minimumWorld);
      max = Vector3.Maximize(max, b.maximumWorld);
    }
    this.camera.setTarget(min.add(max).scale(0.5));
    const halfDiagonal = max.subtract(min).length() / 2;
    this.camera.radius = halfDiagonal / Math.sin(Math.min(this.camera.fov, this.camera.fov * this.engine.getAspectRatio(this.camera)) / 2);
  }

  /** Turns the camera to a preset view (keeps the target and distance). */
  setView(preset: ViewPreset): void {
    const p = VIEW_PRESETS[preset];
    this.camera.alpha = p.alpha;
    this.camera.beta = p.beta;
  }

  /** Patient-direction letters of the screen edges for the current camera. */
  edgeLetters(): { left: string; right: string; top: string; bottom: string } {
    return edgeLetters(this.camera.alpha, this.camera.beta);
  }

  /** Starts or stops rendering (only while the view is visible). */
  setRunning(on: boolean): void {
    if (on === this.running) return;
    this.running = on;
    if (on) {
      this.engine.resize();
      this.engine.runRenderLoop(() => this.scene.render());
    } else {
      this.engine.stopRenderLoop();
    }
  }

  /** Resizes the drawing buffer to the canvas' CSS size. */
  resize(): void {
    this.engine.resize();
  }

  /** Renders one frame now (tests and screenshots). */
  renderOnce(): void {
    this.scene.render();
  }

  /** Frees the GPU resources. */
  dispose(): void {
    this.setRunning(false);
    this.volumeSlot.dispose();
    this.scene.dispose();
    this.engine.dispose();
  }
}
