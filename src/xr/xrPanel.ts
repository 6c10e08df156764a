/**
 * In-headset Babylon GUI: a control panel on a 0.5 × 0.625 m plane (1024 × 1280 px texture = 2048 px/m;
 * text 28–40 px, i.e. 14–20 mm glyph boxes, readable at arm's length) and a large head-locked
 * registration-quality badge (predicted TRE at the target, green/amber/red) that follows the view.
 * Buttons send {@link OverlayActions}; the texts come from ./quality.ts so both panels say the same.
 */
import type { Scene } from '@babylonjs/core/scene';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { Camera } from '@babylonjs/core/Cameras/camera';
import { CreatePlane } from '@babylonjs/core/Meshes/Builders/planeBuilder';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import { AdvancedDynamicTexture } from '@babylonjs/gui/2D/advancedDynamicTexture';
import { Button } from '@babylonjs/gui/2D/controls/button';
import { Grid } from '@babylonjs/gui/2D/controls/grid';
import { Rectangle } from '@babylonjs/gui/2D/controls/rectangle';
import { StackPanel } from '@babylonjs/gui/2D/controls/stackPanel';
import { TextBlock } from '@babylonjs/gui/2D/controls/textBlock';
import { Control } from '@babylonjs/gui/2D/controls/control';
import type { OverlayActions } from './actions';
import { CLIP_STEP_MM, NUDGE_BUTTONS, NUDGE_STEP_MM, ROTATE_STEP_DEG } from './actions';
import type { PointXrM } from './frames';
import type { QualityTexts } from './quality';

/** Texture pixels per metre of the panel (1024 px over 0.5 m). */
export const PANEL_PX_PER_M = 2048;
/** Panel plane (m) and its GUI texture (px). */
const PANEL_W_M = 0.5;
const PANEL_H_M = 0.625;
const PANEL_W_PX = 1024;
const PANEL_H_PX = 1280;
/** Smallest font on the panel (px): ≥ 24 px at 1024 px / 0.5 m. */
export const PANEL_MIN_FONT_PX = 28;

function text(name: string, size: number, colour = 'white', height = size * 1.5): TextBlock {
  const t = new TextBlock(name, '');
  t.fontSize = size;
  t.color = colour;
  t.height = `${Math.round(height)}px`;
  t.textWrapping = true;
  t.textHorizontalAlignment = Control.HORIZONTAL_ALIGNMENT_LEFT;
  t.paddingLeft = '24px';
  return t;
}

/** Toggle / state flags shown on buttons. */
export interface PanelFlags {
  locked: boolean;
  tracing: boolean;
  checking: boolean;
  outline: boolean;
  clip: boolean;
  segments: { name: string; visible: boolean }[];
}

/** The in-headset panel and the quality badge. */
export class XrPanel {
  readonly panelMesh: Mesh;
  readonly badgeMesh: Mesh;
  private readonly step = text('step', 36, '#e8f4ff');
  private readonly fre = text('fre', 28, '#b8c0cc');
  private readonly treLines = text('tre', 32, 'white', 96);
  private readonly warn = text('warnings', 28, '#f0a020', 84);
  private readonly badgeText = new TextBlock('badge', 'TRE —');
  private readonly badgeDetail = new TextBlock('badge detail', '');
  private readonly badgeBox = new Rectangle('badge box');
  private readonly buttons = new Map<string, Button>();
  private readonly segmentButtons: Button[] = [];

  constructor(scene: Scene, actions: OverlayActions, segmentNames: readonly string[]) {
    this.panelMesh = CreatePlane('xr panel', { width: PANEL_W_M, height: PANEL_H_M, sideOrientation: 2 }, scene);
    this.panelMesh.position.set(-0.55, 1.35, -0.55);
    this.panelMesh.rotation.y = Math.PI / 6; // turned toward the user at the origin
    const ui = AdvancedDynamicTexture.CreateForMesh(this.panelMesh, PANEL_W_PX, PANEL_H_PX, true);
    const bg = new Rectangle('panel bg');
    bg.background = 'rgba(16, 20, 28, 0.88)';
    bg.thickness = 2;
    bg.color = '#4a5568';
    bg.cornerRadius = 18;
    ui.addControl(bg);
    const stack = new StackPanel('panel stack');
    stack.verticalAlignment = Control.VERTICAL_ALIGNMENT_TOP;
    bg.addControl(stack);
    stack.addControl(text('title', 40, '#9fd3ff'));
    (stack.children[0] as TextBlock).text = 'Jumeau overlay: registration';
    for (const t of [this.step, this.treLines, this.fre, this.warn]) stack.addControl(t);

    const grid = new Grid('buttons');
    grid.height = '900px';
    grid.paddingLeft = '16px';
    grid.paddingRight = '16px';
    for (let c = 0; c < 4; c++) grid.addColumnDefinition(0.25);
    for (let r = 0; r < 8; r++) grid.addRowDefinition(1 / 8);
    stack.addControl(grid);
    const add = (key: string, label: string, row: number, col: number, run: () => void): Button => {
      const b = Button.CreateSimpleButton(key, label);
      b.fontSize = 30;
      b.color = 'white';
      b.background = '#2d3748';
      b.cornerRadius = 10;
      b.paddingTop = '6px';
      b.paddingBottom = '6px';
      b.paddingLeft = '6px';
      b.paddingRight = '6px';
      b.onPointerUpObservable.add(run);
      grid.addControl(b, row, col);
      this.buttons.set(key, b);
      return b;
    };
    add('undo', 'Undo pick', 0, 0, () => actions.undo());
    add('trace', 'Trace', 0, 1, () => actions.toggleTrace());
    add('refine', 'Refine ICP', 0, 2, () => actions.refine());
    add('accept', 'Accept', 0, 3, () => actions.acceptOrUnlock());
    NUDGE_BUTTONS.forEach(([axis, sign, label], i) => add(`nudge ${axis}${sign}`, `${label} ${NUDGE_STEP_MM} mm`, 1 + Math.floor(i / 4), i % 4, () => actions.nudge(axis, sign)));
    add('rotate -1', `↻ ${ROTATE_STEP_DEG}°`, 2, 2, () => actions.rotate(-1));
    add('rotate 1', `↺ ${ROTATE_STEP_DEG}°`, 2, 3, () => actions.rotate(1));
    segmentNames.forEach((name, i) => this.segmentButtons.push(add(`segment ${name}`, name, 3 + Math.floor(i / 4), i % 4, () => actions.toggleSegment(name))));
    const row = 3 + Math.ceil(segmentNames.length / 4);
    add('opacity -', 'Opacity −', row, 0, () => actions.changeOpacity(-0.15));
    add('opacity +', 'Opacity +', row, 1, () => actions.changeOpacity(0.15));
    add('outline', 'Outline', row, 2, () => actions.toggleOutline());
    add('check', 'Check point', row, 3, () => actions.toggleCheck());
    add('clip', 'Clip', row + 1, 0, () => actions.toggleClip());
    add('clip -', `Clip −${CLIP_STEP_MM} mm`, row + 1, 1, () => actions.moveClip(-CLIP_STEP_MM));
    add('clip +', `Clip +${CLIP_STEP_MM} mm`, row + 1, 2, () => actions.moveClip(CLIP_STEP_MM));
    add('exit', 'Exit', row + 1, 3, () => actions.exitXr());

    // Badge: a large head-locked plate.
    this.badgeMesh = CreatePlane('xr badge', { width: 0.3, height: 0.1125, sideOrientation: 2 }, scene);
    this.badgeMesh.billboardMode = 7; // BILLBOARDMODE_ALL: always faces the viewer
    this.badgeMesh.isPickable = false;
    this.badgeMesh.renderingGroupId = 2; // always visible: drawn after (over) the scene
    const badgeUi = AdvancedDynamicTexture.CreateForMesh(this.badgeMesh, 768, 288, false);
    this.badgeBox.background = '#8a8f98';
    this.badgeBox.thickness = 0;
    this.badgeBox.cornerRadius = 24;
    badgeUi.addControl(this.badgeBox);
    this.badgeText.fontSize = 110;
    this.badgeText.fontWeight = 'bold';
    this.badgeText.color = 'black';
    this.badgeText.top = '-36px';
    this.badgeDetail.fontSize = 32;
    this.badgeDetail.color = 'black';
    this.badgeDetail.top = '84px';
    this.badgeBox.addControl(this.badgeText);
    this.badgeBox.addControl(this.badgeDetail);
  }

  /** Shows the texts and the button states. */
  update(t: QualityTexts, warnings: readonly string[], flags: PanelFlags): void {
    this.step.text = t.step;
    this.fre.text = t.fre;
    this.treLines.text = t.tre.join('\n') || 'TRE — (pick at least 3 landmarks)';
    this.warn.text = warnings.join('\n');
    this.badgeText.text = t.badge;
    this.badgeDetail.text = t.badgeDetail;
    this.badgeBox.background = t.colour;
    const label = (key: string, s: string, on = false): void => {
      const b = this.buttons.get(key);
      if (!b) return;
      if (b.textBlock) b.textBlock.text = s;
      b.background = on ? '#2b6cb0' : '#2d3748';
    };
    label('accept', flags.locked ? 'Unlock' : 'Accept', flags.locked);
    label('trace', flags.tracing ? 'Trace: on' : 'Trace', flags.tracing);
    label('check', flags.checking ? 'Check: armed' : 'Check point', flags.checking);
    label('outline', 'Outline', flags.outline);
    label('clip', flags.clip ? 'Clip: on' : 'Clip', flags.clip);
    for (const s of flags.segments) label(`segment ${s.name}`, s.name, s.visible);
  }

  /** The texts as shown (tests read them back from the GUI controls). */
  texts(): { step: string; fre: string; tre: string; badge: string; badgeDetail: string; badgeColour: string } {
    return { step: this.step.text, fre: this.fre.text, tre: this.treLines.text, badge: this.badgeText.text, badgeDetail: this.badgeDetail.text, badgeColour: String(this.badgeBox.background) };
  }

  /** Shows or hides both (hidden on the desktop, where the DOM panel is used). */
  setVisible(on: boolean): void {
    this.panelMesh.setEnabled(on);
    this.badgeMesh.setEnabled(on);
  }

  /** Keeps the badge 0.6 m ahead of the camera, 0.17 m above the line of sight (≈ 16°, clear of the patient; call every frame). */
  followCamera(camera: Camera): void {
    const fwd = camera.getDirection(new Vector3(0, 0, -1)); // right-handed: the camera looks down −Z
    const up = camera.getDirection(Vector3.Up());
    const p = camera.globalPosition.add(fwd.scale(0.6)).add(up.scale(0.17));
    this.badgeMesh.position.copyFrom(p);
  }

  /**
   * Where a button is in the XR space: its centre (metres) and the panel's unit normal on the user's
   * side, or null before the GUI's first layout (or for an unknown key). Plane UV (u right, v up) maps
   * to GUI pixels (u·W, (1 − v)·H), so a pixel (x, y) is at local ((x/W − ½)·w, (½ − y/H)·h, 0).
   * For aiming a controller ray at a button (the e2e does) or for a hint.
   */
  buttonTargetXr(key: string): { pointXrM: PointXrM; towardUserXr: PointXrM } | null {
    const b = this.buttons.get(key);
    if (!b || !(b.centerX > 0 && b.centerY > 0)) return null; // not laid out yet
    const local = new Vector3((b.centerX / PANEL_W_PX - 0.5) * PANEL_W_M, (0.5 - b.centerY / PANEL_H_PX) * PANEL_H_M, 0);
    const world = this.panelMesh.computeWorldMatrix(true);
    const p = Vector3.TransformCoordinates(local, world);
    const n = Vector3.TransformNormal(new Vector3(0, 0, 1), world).normalize(); // local +Z faces the user (placeNear)
    return { pointXrM: [p.x, p.y, p.z], towardUserXr: [n.x, n.y, n.z] };
  }

  /** Is this mesh the panel (a trigger on it is a button press, not a pick)? */
  isPanel(mesh: unknown): boolean {
    return mesh === this.panelMesh;
  }

  /** Moves the panel beside a point (the patient), 0.65 m to its left (−X), turned toward the XR origin (the user). */
  placeNear(pointXrM: PointXrM): void {
    const p = new Vector3(pointXrM[0] - 0.65, Math.max(1.1, pointXrM[1] + 0.35), pointXrM[2]);
    this.panelMesh.position.copyFrom(p);
    this.panelMesh.rotation.y = Math.atan2(-p.x, -p.z); // front side toward the user at the origin
  }
}
