/**
 * Babylon content of the headset overlay (engine-agnostic: the page's WebGL engine or a NullEngine in
 * the benchmark). The scene must be right-handed (`scene.useRightHandedSystem = true`): meshes are
 * built in the patient frame (metres, `patientFromLps`, a proper rotation — windings kept) under a root
 * node whose world matrix is `xrFromPatient`, so the overlay sits where the chain in ./frames.ts says.
 *
 * - twin overlay: the segments in their colours, per-segment visibility, one opacity, outline mode and a
 *   clipping plane given in LPS (re-placed with every pose);
 * - planned landmark markers on the twin (next = cyan, picked = green);
 * - the virtual patient (tests, demo, desktop fallback): the same bones in grey at a KNOWN pose, with a
 *   marker sphere at every landmark (a click on one snaps to its centre, like a probe in a divot);
 * - picks, traced points and tool-tip markers in the XR space.
 */
import type { Scene } from '@babylonjs/core/scene';
import { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { InstancedMesh } from '@babylonjs/core/Meshes/instancedMesh';
import '@babylonjs/core/Meshes/instancedMesh'; // side effect: Mesh.createInstance
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { Matrix, Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector';
import { Plane } from '@babylonjs/core/Maths/math.plane';
import '@babylonjs/core/Culling/ray';
import '@babylonjs/core/Rendering/outlineRenderer';
import type { PointLps, Vec3 } from '../core/vec3';
import type { SegmentMesh } from '../meshing/types';
import type { PointXrM, RigidTransformM } from './frames';
import { babylonMatrixArray, clipPlaneInXr, patientDirectionFromLps, patientFromLps } from './frames';
import type { PlannedLandmark } from './landmarks';

/** Options of {@link XrOverlayScene}. */
export interface OverlaySceneOptions {
  segments: readonly SegmentMesh[];
  landmarks: readonly PlannedLandmark[];
  /** Known `xrFromPatient` of the virtual patient; null = no virtual patient (a real one is there). */
  virtualPatientPose: RigidTransformM | null;
  /** Segments that are planned objects (implants, resection surfaces): left off the virtual patient. */
  plannedNames?: readonly string[];
  /** Where the unregistered twin floats (preview), default 0.6 m beside the virtual patient. */
  previewPose?: RigidTransformM;
}

const rgb = (c: readonly number[]): Color3 => new Color3(c[0] / 255, c[1] / 255, c[2] / 255);

/** Sets a node's transform from a rigid motion (metres). */
export function setNodePose(node: TransformNode, t: RigidTransformM): void {
  const m = Matrix.FromArray(babylonMatrixArray(t));
  const rot = node.rotationQuaternion ?? new Quaternion();
  m.decompose(undefined, rot, node.position);
  node.rotationQuaternion = rot;
}

/** A segment mesh in the patient frame (metres), normals mapped with the same rotation. */
function patientMesh(name: string, seg: SegmentMesh, scene: Scene, parent: TransformNode): Mesh {
  const src = seg.mesh.positionsLps;
  const pos = new Float32Array(src.length);
  const nrm = new Float32Array(src.length);
  const normals = seg.mesh.normals;
  for (let v = 0; v < src.length; v += 3) {
    const p = patientFromLps([src[v], src[v + 1], src[v + 2]]);
    pos[v] = p[0];
    pos[v + 1] = p[1];
    pos[v + 2] = p[2];
    if (normals) {
      const n = patientDirectionFromLps([normals[v], normals[v + 1], normals[v + 2]]);
      nrm[v] = n[0];
      nrm[v + 1] = n[1];
      nrm[v + 2] = n[2];
    }
  }
  const vd = new VertexData();
  vd.positions = pos;
  vd.indices = seg.mesh.indices;
  if (!normals) VertexData.ComputeNormals(pos, seg.mesh.indices, nrm, { useRightHandedSystem: true });
  vd.normals = nrm;
  const mesh = new Mesh(name, scene);
  vd.applyToMesh(mesh);
  mesh.parent = parent;
  mesh.isPickable = false;
  return mesh;
}

function material(name: string, scene: Scene, colour: Color3, emissive = 0): StandardMaterial {
  const m = new StandardMaterial(name, scene);
  m.diffuseColor = colour;
  m.specularColor = new Color3(0.12, 0.12, 0.12);
  m.emissiveColor = colour.scale(emissive);
  m.backFaceCulling = true;
  return m;
}

/** The overlay's scene content (see module doc). */
export class XrOverlayScene {
  /** Root of the registered twin; world matrix = current `xrFromPatient`. */
  readonly twinRoot: TransformNode;
  /** Root of the virtual patient (known pose), or null. */
  readonly patientRoot: TransformNode | null;
  private readonly segmentMeshes = new Map<string, Mesh>();
  private readonly patientMeshes: Mesh[] = [];
  private readonly patientMarkers = new Map<string, Mesh>();
  private readonly plannedMarkers = new Map<string, Mesh>();
  private readonly pickTemplate: Mesh;
  private readonly traceTemplate: Mesh;
  private pickInstances: InstancedMesh[] = [];
  private traceInstances: InstancedMesh[] = [];
  private readonly tips = new Map<string, Mesh>();
  private readonly twinMaterials: StandardMaterial[] = [];
  private readonly previewPose: RigidTransformM;
  private pose: RigidTransformM | null = null;
  private clip: { pointLps: PointLps; normalLps: Vec3 } | null = null;
  private opacity = 0.85;
  private outline = false;

  constructor(private readonly scene: Scene, options: OverlaySceneOptions) {
    if (!scene.useRightHandedSystem) throw new Error('XrOverlayScene needs scene.useRightHandedSystem = true');
    this.twinRoot = new TransformNode('twin overlay', scene);
    for (const seg of options.segments) {
      const mesh = patientMesh(`twin ${seg.name}`, seg, scene, this.twinRoot);
      const mat = material(`twin ${seg.name}`, scene, rgb(seg.colorRgb), 0.15);
      mesh.material = mat;
      mesh.outlineColor = rgb(seg.colorRgb);
      mesh.outlineWidth = 0.0015;
      this.twinMaterials.push(mat);
      this.segmentMeshes.set(seg.name, mesh);
    }
    const markerMat = material('planned landmark', scene, new Color3(1, 1, 1), 0.5);
    for (const l of options.landmarks) {
      const s = CreateSphere(`planned ${l.name}`, { diameter: 0.008, segments: 8 }, scene);
      s.material = markerMat.clone(`planned ${l.name}`);
      s.position = Vector3.FromArray(patientFromLps(l.pointLps));
      s.parent = this.twinRoot;
      s.isPickable = false;
      this.plannedMarkers.set(l.name, s);
    }
    this.pickTemplate = CreateSphere('pick', { diameter: 0.005, segments: 6 }, scene);
    this.pickTemplate.material = material('pick', scene, new Color3(1, 0.25, 0.2), 0.6);
    this.pickTemplate.isVisible = false;
    this.pickTemplate.isPickable = false;
    this.traceTemplate = CreateSphere('trace', { diameter: 0.003, segments: 4 }, scene);
    this.traceTemplate.material = material('trace', scene, new Color3(0.3, 0.8, 1), 0.6);
    this.traceTemplate.isVisible = false;
    this.traceTemplate.isPickable = false;

    this.patientRoot = null;
    if (options.virtualPatientPose) {
      const root = new TransformNode('virtual patient', scene);
      setNodePose(root, options.virtualPatientPose);
      const bone = material('virtual patient bone', scene, new Color3(0.86, 0.84, 0.78));
      const planned = new Set(options.plannedNames ?? []);
      for (const seg of options.segments) {
        if (planned.has(seg.name)) continue;
        const m = patientMesh(`patient ${seg.name}`, seg, scene, root);
        m.material = bone;
        this.patientMeshes.push(m);
      }
      const divot = material('virtual patient landmark', scene, new Color3(1, 0.85, 0.1), 0.4);
      for (const l of options.landmarks) {
        const s = CreateSphere(`patient landmark ${l.name}`, { diameter: 0.01, segments: 10 }, scene);
        s.material = divot;
        s.position = Vector3.FromArray(patientFromLps(l.pointLps));
        s.parent = root;
        s.isPickable = false;
        s.renderingGroupId = 1; // drawn over the bone, so the inner landmarks can be seen and clicked
        this.patientMarkers.set(l.name, s);
      }
      this.patientRoot = root;
    }
    const vp = options.virtualPatientPose;
    this.previewPose = options.previewPose ?? (vp ? { rotation: vp.rotation, translationM: [vp.translationM[0] + 0.6, vp.translationM[1], vp.translationM[2]] } : { rotation: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], translationM: [0.4, 1.1, -0.7] });
    this.setPose(null);
  }

  /** Shows the twin at `xrFromPatient`; null = unregistered (preview pose, faded). */
  setPose(xrFromPatient: RigidTransformM | null): void {
    this.pose = xrFromPatient;
    setNodePose(this.twinRoot, xrFromPatient ?? this.previewPose);
    this.twinRoot.computeWorldMatrix(true);
    for (const m of this.twinRoot.getChildMeshes()) m.computeWorldMatrix(true);
    this.applyMaterials();
  }

  /** Current pose shown (null = preview). */
  get currentPose(): RigidTransformM | null {
    return this.pose;
  }

  /** Shows or hides one segment of the twin overlay. */
  setSegmentVisible(name: string, visible: boolean): void {
    this.segmentMeshes.get(name)?.setEnabled(visible);
  }

  /** Segment names and visibility. */
  segmentStates(): { name: string; visible: boolean }[] {
    return [...this.segmentMeshes].map(([name, m]) => ({ name, visible: m.isEnabled(false) }));
  }

  /** Opacity of the overlay, 0–1. */
  setOpacity(opacity: number): void {
    this.opacity = Math.min(1, Math.max(0.05, opacity));
    this.applyMaterials();
  }

  get overlayOpacity(): number {
    return this.opacity;
  }

  /** Outline mode: bright silhouettes over a faint fill. */
  setOutline(on: boolean): void {
    this.outline = on;
    for (const m of this.segmentMeshes.values()) m.renderOutline = on;
    this.applyMaterials();
  }

  get outlineMode(): boolean {
    return this.outline;
  }

  /** Clipping plane in LPS (hides the side the normal points to), or null. */
  setClip(clip: { pointLps: PointLps; normalLps: Vec3 } | null): void {
    this.clip = clip;
    this.applyMaterials();
  }

  get clipPlane(): { pointLps: PointLps; normalLps: Vec3 } | null {
    return this.clip;
  }

  private applyMaterials(): void {
    const pose = this.pose ?? this.previewPose;
    const plane = this.clip ? clipPlaneInXr(pose, this.clip.pointLps, this.clip.normalLps) : null;
    const alpha = this.pose ? (this.outline ? 0.12 : this.opacity) : Math.min(this.opacity, 0.35);
    for (const mat of this.twinMaterials) {
      mat.alpha = alpha;
      mat.clipPlane = plane ? new Plane(plane.normal[0], plane.normal[1], plane.normal[2], plane.d) : null;
    }
  }

  /** Colours the planned markers: next = cyan, picked = green, others white. */
  markLandmarks(picked: readonly string[], next: string | null): void {
    const done = new Set(picked);
    for (const [name, m] of this.plannedMarkers) {
      const c = name === next ? new Color3(0.1, 0.9, 1) : done.has(name) ? new Color3(0.2, 0.9, 0.3) : new Color3(0.9, 0.9, 0.9);
      const mat = m.material as StandardMaterial;
      mat.diffuseColor = c;
      mat.emissiveColor = c.scale(0.5);
    }
  }

  /** Shows the picked points and the traced points (XR metres). */
  showPoints(picksXrM: readonly PointXrM[], traceXrM: readonly PointXrM[]): void {
    const sync = (have: InstancedMesh[], want: readonly PointXrM[], template: Mesh, tag: string): InstancedMesh[] => {
      while (have.length > want.length) have.pop()!.dispose();
      while (have.length < want.length) {
        const inst = template.createInstance(`${tag} ${have.length}`);
        inst.isPickable = false;
        have.push(inst);
      }
      want.forEach((p, i) => have[i].position.copyFromFloats(p[0], p[1], p[2]));
      return have;
    };
    this.pickInstances = sync(this.pickInstances, picksXrM, this.pickTemplate, 'pick');
    this.traceInstances = sync(this.traceInstances, traceXrM, this.traceTemplate, 'trace');
  }

  /** Moves (or creates / hides with null) the tip marker of a controller. */
  setTip(key: string, pointXrM: PointXrM | null): void {
    let m = this.tips.get(key);
    if (!m) {
      m = CreateSphere(`tip ${key}`, { diameter: 0.004, segments: 6 }, this.scene);
      m.material = material(`tip ${key}`, this.scene, new Color3(1, 1, 0.4), 0.8);
      m.isPickable = false;
      this.tips.set(key, m);
    }
    m.setEnabled(!!pointXrM);
    if (pointXrM) m.position.copyFromFloats(pointXrM[0], pointXrM[1], pointXrM[2]);
  }

  /** Shows or hides the virtual patient. */
  setVirtualPatientVisible(on: boolean): void {
    this.patientRoot?.setEnabled(on);
  }

  /**
   * Desktop pick under canvas pixel (x, y): a landmark marker of the virtual patient → its centre (a
   * divot), else the bone surface point; XR metres, or null when the ray misses the virtual patient.
   */
  pickVirtualPatient(x: number, y: number): { pointXrM: PointXrM; landmark: string | null } | null {
    const markers = new Set<Mesh>(this.patientMarkers.values());
    const onMarker = this.scene.pick(x, y, (m) => markers.has(m as Mesh) && m.isEnabled());
    if (onMarker?.hit && onMarker.pickedMesh) {
      const c = onMarker.pickedMesh.getAbsolutePosition();
      const name = [...this.patientMarkers].find(([, m]) => m === onMarker.pickedMesh)?.[0] ?? null;
      return { pointXrM: [c.x, c.y, c.z], landmark: name };
    }
    const bones = new Set<Mesh>(this.patientMeshes);
    const hit = this.scene.pick(x, y, (m) => bones.has(m as Mesh) && m.isEnabled());
    if (!hit?.hit || !hit.pickedPoint) return null;
    return { pointXrM: [hit.pickedPoint.x, hit.pickedPoint.y, hit.pickedPoint.z], landmark: null };
  }

  /** Where a landmark of the virtual patient is (its marker centre, XR metres), or null. */
  virtualLandmarkXr(name: string): PointXrM | null {
    const m = this.patientMarkers.get(name);
    if (!m) return null;
    m.computeWorldMatrix(true);
    const c = m.getAbsolutePosition();
    return [c.x, c.y, c.z];
  }

  /** Triangles and meshes of the twin overlay (for the benchmark and the panel). */
  twinStats(): { triangles: number; meshes: number } {
    let triangles = 0;
    for (const m of this.segmentMeshes.values()) triangles += m.getTotalIndices() / 3;
    return { triangles, meshes: this.segmentMeshes.size };
  }

  /** World-space centre of the twin's bounding box (camera framing). */
  twinCentre(): Vector3 {
    let min = new Vector3(Infinity, Infinity, Infinity);
    let max = new Vector3(-Infinity, -Infinity, -Infinity);
    for (const m of [...this.segmentMeshes.values(), ...this.patientMeshes]) {
      m.computeWorldMatrix(true);
      const b = m.getBoundingInfo().boundingBox;
      min = Vector3.Minimize(min, b.minimumWorld);
      max = Vector3.Maximize(max, b.maximumWorld);
    }
    return min.add(max).scale(0.5);
  }
}
