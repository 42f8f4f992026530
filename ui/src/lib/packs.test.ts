import { describe, expect, it } from "vitest";
import type { InstalledView } from "./bindings/InstalledView";
import type { PackView } from "./bindings/PackView";
import type { VersionView } from "./bindings/VersionView";
import { compareVersions, groupKeyId, originText, refusalHeading, sourceText, unsignedPacks, versionAction } from "./packs";

function version(v: string, extra: Partial<VersionView> = {}): VersionView {
  return { version: v, in_use: false, valid: true, problem: null, review_by: "2027-05-31", expires: null, signer: "Northbrook", ...extra };
}

function installed(extra: Partial<InstalledView>): InstalledView {
  return { id: "northbrook", name: "Northbrook", national: false, in_use: true, version_in_use: "1.1.0", pinned: false, built_in_version: null, highest_accepted: "1.1.0", versions: [], ...extra };
}

describe("signed packs in words", () => {
  it("groups a key id in fours, to compare it with the publisher's", () => {
    expect(groupKeyId("72EC3C3B8F3D2783")).toBe("72EC 3C3B 8F3D 2783");
  });

  it("says where a pack came from", () => {
    expect(sourceText({ kind: "built-in" })).toBe("Built into the app");
    const imported = sourceText({ kind: "imported", version: "1.1.0", signer: "Northbrook partnership", key_id: "72EC3C3B8F3D2783", pinned: true });
    expect(imported).toContain("signed by Northbrook partnership (key 72EC 3C3B 8F3D 2783)");
    expect(imported).toContain("went back");
    expect(sourceText({ kind: "unsigned", dir: "/home/a/pack" })).toContain("authoring mode: /home/a/pack");
    expect(originText("system")).toContain("administrator");
    expect(originText("user")).toBe("Added by you");
  });

  it("heads each refusal by its kind", () => {
    expect(refusalHeading({ kind: "untrusted-key", message: "m", key_id: "72EC3C3B8F3D2783" })).toContain("does not trust");
    expect(refusalHeading({ kind: "rollback", message: "m", id: "n", offered: "1.0.0", accepted: "1.1.0" })).toContain("older version");
    expect(refusalHeading({ kind: "pack-altered", message: "m", file: "contacts.toml" })).toContain("changed after it was signed");
    expect(refusalHeading({ kind: "pack-invalid", message: "m", diagnostics: [] })).toBe("This pack was not added");
  });

  it("finds the unsigned packs in use, for the banner", () => {
    const pack = (kind: "built-in" | "unsigned"): PackView => ({
      info: { id: kind, name: kind, publisher: "p", version: "1.0.0", review_by: "2027-05-31", expires: null, description: null, overlays: null, example: false, dir: "" },
      bundled: kind === "built-in",
      overdue: false,
      source: kind === "unsigned" ? { kind, dir: "/x" } : { kind },
      staleness: "current",
      warning: null,
    });
    expect(unsignedPacks([pack("built-in"), pack("unsigned")]).map((p) => p.info.id)).toEqual(["unsigned"]);
    expect(unsignedPacks(undefined)).toEqual([]);
  });
});

describe("kept versions", () => {
  it("compares semantic versions by number, a pre-release first", () => {
    expect(compareVersions("1.10.0", "1.9.0")).toBe(1);
    expect(compareVersions("1.0.0", "1.0.0")).toBe(0);
    expect(compareVersions("1.0.0-rc.1", "1.0.0")).toBe(-1);
    expect(compareVersions("2.0.0", "10.0.0")).toBe(-1);
  });

  it("offers to go back to an older version and to use a newer one", () => {
    const pack = installed({});
    expect(versionAction(pack, version("1.1.0", { in_use: true }))).toBeNull();
    expect(versionAction(pack, version("1.0.0"))).toBe("Go back to version 1.0.0");
    expect(versionAction(installed({ version_in_use: "1.0.0" }), version("1.1.0"))).toBe("Use version 1.1.0");
    expect(versionAction(pack, version("0.9.0", { valid: false }))).toBeNull();
    expect(versionAction(installed({ in_use: false, version_in_use: null }), version("1.0.0"))).toBe("Use version 1.0.0");
    const national = installed({ id: "england", national: true, version_in_use: "built-in", built_in_version: "2.0.0" });
    expect(versionAction(national, version("2.1.0"))).toBe("Use version 2.1.0");
  });
});
