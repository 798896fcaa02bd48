/** A libvirt or QEMU release number, compared numerically part by part ("10.7.0" > "9.0.0"). */
export type Version = readonly [number, number, number];

const VERSION_PATTERN = /^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?$/;

/** Parses "X.Y" or "X.Y.Z"; returns undefined for anything else. */
export function parseVersion(text: string): Version | undefined {
  const match = VERSION_PATTERN.exec(text);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}

/** True when `available` is at least `required` (both "X.Y[.Z]"). */
export function versionAtLeast(available: string, required: string): boolean {
  const have = parseVersion(available);
  const need = parseVersion(required);
  if (!have || !need) throw new Error(`not a version: ${have ? required : available}`);
  return compareVersions(have, need) >= 0;
}
