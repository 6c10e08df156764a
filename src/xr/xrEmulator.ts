/**
 * Meta's WebXR emulator (npm `iwer`, a devDependency) for development and the e2e tests only: loaded
 * by a dynamic import that exists only when `import.meta.env.DEV` is true (Vite replaces it with
 * `false` in a production build, so the branch and the import are dropped: `vite build` output holds
 * no iwer code), and only with `?emulate=quest3`. It installs over Chromium's native `navigator.xr`
 * (`forceInstall`), which supports no immersive session without a headset.
 */

/** A tracked input of iwer (controller or hand): its target-ray pose, set by the tests. */
interface EmulatedTracked {
  position: { set(x: number, y: number, z: number): void };
  quaternion: { set(x: number, y: number, z: number, w: number): void };
}

/** The bits of iwer's XRDevice the tests drive (kept loose: iwer is not in the production types). */
export interface EmulatedDevice {
  controllers: Record<string, (EmulatedTracked & { updateButtonValue(id: string, v: number): void }) | undefined>;
  /** Hands (XRHandInput): `updatePinchValue(0…1)` blends the relaxed pose into the pinch pose. */
  hands: Record<string, (EmulatedTracked & { updatePinchValue(v: number): void }) | undefined>;
  /** 'controller' (default) or 'hand': which inputs the session sees. */
  primaryInputMode: string;
}

/**
 * Installs the emulated Meta Quest 3 when the page runs in Vite's dev server with `?emulate=quest3`;
 * otherwise does nothing and returns null.
 */
export async function installEmulatorIfRequested(params: URLSearchParams): Promise<EmulatedDevice | null> {
  if (import.meta.env.DEV && params.get('emulate') === 'quest3') {
    const { XRDevice, metaQuest3 } = await import('iwer');
    const device = new XRDevice(metaQuest3);
    device.installRuntime({ forceInstall: true });
    return device as unknown as EmulatedDevice;
  }
  return null;
}
