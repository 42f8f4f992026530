// Signed packs on the page: the words for where a pack came from, for each refusal, for
// a key's origin, and which way a kept version lies. Pure functions, tested by Vitest.

import type { AppError } from "./bindings/AppError";
import type { InstalledView } from "./bindings/InstalledView";
import type { PackSource } from "./bindings/PackSource";
import type { PackView } from "./bindings/PackView";
import type { VersionView } from "./bindings/VersionView";

/** A key id in groups of four, easier to read aloud and compare: "72EC 3C3B 8F3D 2783". */
export function groupKeyId(id: string): string {
  return id.replace(/(.{4})(?=.)/g, "$1 ");
}

/** Where a pack in use came from, in a sentence. */
export function sourceText(source: PackSource): string {
  switch (source.kind) {
    case "built-in":
      return "Built into the app";
    case "imported":
      return `Added from a signed pack file, signed by ${source.signer} (key ${groupKeyId(source.key_id)})${source.pinned ? "; you went back to this version" : ""}`;
    case "unsigned":
      return `An unsigned folder, loaded in authoring mode: ${source.dir}`;
  }
}

/** Who put a trusted key on this computer. */
export function originText(origin: string): string {
  switch (origin) {
    case "built-in":
      return "Built into the app";
    case "system":
      return "Put on this computer by your administrator";
    case "user":
      return "Added by you";
    default:
      return "From a file";
  }
}

/** What a trusted key may sign. */
export function roleText(role: string): string {
  return role === "national" ? "The national pack and local packs" : "Local packs";
}

/** The heading over a refused pack, by the kind of refusal. */
export function refusalHeading(e: AppError): string {
  switch (e.kind) {
    case "untrusted-key":
      return "Signed by a publisher this computer does not trust yet";
    case "rollback":
      return "An older version was refused";
    case "pack-altered":
      return "This pack was changed after it was signed";
    case "key-invalid":
      return "This is not a key the app can use";
    default:
      return "This pack was not added";
  }
}

/** The unsigned packs in use (authoring mode), for the banner on every screen. */
export function unsignedPacks(packs: PackView[] | undefined): PackView[] {
  return (packs ?? []).filter((p) => p.source.kind === "unsigned");
}

/** Compares two semantic versions ("1.10.0" after "1.9.0"; a pre-release before its release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split("+")[0].split(/-(.*)/s);
    return { nums: core.split(".").map((n) => Number.parseInt(n, 10) || 0), pre: pre ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/**
 * The button for a kept version, or null for the one in use or one that no longer
 * verifies: "Go back to version 1.0.0" below the version in use, "Use version 1.2.0"
 * above it (or when the pack is not in use).
 */
export function versionAction(pack: InstalledView, v: VersionView): string | null {
  if (v.in_use || !v.valid) return null;
  const current = pack.in_use ? pack.version_in_use : null;
  if (current && current !== "built-in" && compareVersions(v.version, current) < 0) return `Go back to version ${v.version}`;
  if (current === "built-in" && pack.built_in_version && compareVersions(v.version, pack.built_in_version) < 0) return `Go back to version ${v.version}`;
  return `Use version ${v.version}`;
}
