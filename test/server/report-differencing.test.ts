import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupPartitions } from "../../src/disclosure/group-partitions.ts";
import { recoverableCells } from "../disclosure/brute-force-attacker.ts";
import { type Harness, PUBLISHED, S1, S1_CHRONIC, startHarness } from "./fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

interface Group {
  student_group: string;
  n: number | null;
  numerator: number | null;
  suppressed: boolean;
}

/** The table the public sees, and the true table behind it (what the attacker wants). */
async function publicTable() {
  const res = await h.app.inject({
    method: "GET",
    url: `/api/runs/${PUBLISHED}/schools/${S1}/report`,
  });
  const shown = (res.json() as { levels: { measures: { groups: Group[] }[] }[] }).levels[0]!
    .measures[0]!.groups;
  const truth = groupPartitions(
    "t",
    S1_CHRONIC.map(([group, n, numerator]) => ({ group, n, numerator })),
  );
  return { shown, ...truth };
}

describe("differencing through the API: the public school report", () => {
  it("shows nothing from which a suppressed cell's n or numerator follows", async () => {
    const { shown, cells, partitions } = await publicTable();
    const hiddenGroups = shown.filter((g) => g.suppressed).map((g) => `t|${g.student_group}`);
    // What the API shows is exactly the truth for the cells it does not hide.
    for (const g of shown.filter((x) => !x.suppressed)) {
      expect(cells.find((c) => c.id === `t|${g.student_group}`)).toMatchObject({
        n: g.n,
        numerator: g.numerator,
      });
    }
    for (const g of shown.filter((x) => x.suppressed))
      expect([g.n, g.numerator]).toEqual([null, null]);
    const hidden = new Set([
      ...hiddenGroups,
      ...cells.filter((c) => c.implicit && c.n > 0).map((c) => c.id),
    ]);
    const attack = recoverableCells(cells, partitions, hidden);
    for (const id of hiddenGroups) {
      expect(attack.n, `n of ${id}`).not.toContain(id);
      expect(attack.numerator, `numerator of ${id}`).not.toContain(id);
    }
    expect(hiddenGroups).toContain("t|AS");
  });

  it("would leak the small group if only it were hidden (the attacker is not toothless)", async () => {
    const { cells, partitions } = await publicTable();
    const hidden = new Set([
      "t|AS",
      ...cells.filter((c) => c.implicit && c.n > 0).map((c) => c.id),
    ]);
    const attack = recoverableCells(cells, partitions, hidden);
    expect(attack.n).toContain("t|AS");
  });
});
