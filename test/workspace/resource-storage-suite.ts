import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { NewResource } from "../../src/resources/resource-repository.ts";
import { NotFoundError } from "../../src/workspace/workspace-errors.ts";
import type { WorkspaceRepositories } from "../../src/workspace/workspace-repositories.ts";

interface Suite {
  readonly repos: WorkspaceRepositories;
  readonly time: { clock: () => Date; advance: (ms: number) => void };
}

const D1 = "0161119";
const D2 = "0400000";
const HOUR = 3_600_000;

async function account(repos: WorkspaceRepositories, email: string) {
  return repos.users.create({
    email,
    displayName: email,
    passwordHash: "scrypt$1024$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
    role: "district_admin",
    districtCode: D1,
  });
}

function resource(createdBy: number, overrides: Partial<NewResource> = {}): NewResource {
  const title = overrides.title ?? "Attendance huddle protocol";
  const description = overrides.description ?? "A weekly 20-minute huddle on absences";
  return {
    title,
    description,
    kind: "protocol",
    tags: {
      grades: ["K", "1"],
      subjects: ["attendance"],
      measures: ["chronic_absence"],
      studentGroups: ["EL"],
    },
    districtCode: D1,
    searchText: `${title} ${description}`,
    createdBy,
    firstVersion: { content: { url: "https://example.org/huddle" }, notes: "First cut", createdBy },
    ...overrides,
  };
}

function file(text: string) {
  const bytes = new TextEncoder().encode(text);
  return {
    fileName: "huddle.md",
    contentType: "text/markdown; charset=utf-8",
    bytes,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

/** The shared-resource tables (migration 0013), on each backend. */
export function describeResourceStorage(suite: () => Suite): void {
  describe("ResourceRepository", () => {
    it("publishes a resource with a link version, adds a file version, and keeps the bytes and counts per version", async () => {
      const { repos, time } = suite();
      const lead = await account(repos, "lead@d1.example");
      const made = await repos.resources.publish(resource(lead.id));
      expect(made).toMatchObject({
        title: "Attendance huddle protocol",
        kind: "protocol",
        districtCode: D1,
        tags: { grades: ["K", "1"], measures: ["chronic_absence"], studentGroups: ["EL"] },
        downloads: 0,
        ratingAverage: null,
        ratingCount: 0,
        myRating: null,
        current: {
          version: 1,
          url: "https://example.org/huddle",
          fileName: null,
          notes: "First cut",
        },
      });
      time.advance(HOUR);
      const v2 = await repos.resources.addVersion(made.id, {
        content: file("# Huddle\nAgenda"),
        notes: "Now a file",
        createdBy: lead.id,
      });
      expect(v2).toMatchObject({ version: 2, fileName: "huddle.md", byteSize: 15, url: null });
      const got = await repos.resources.content(made.id, 2);
      expect(new TextDecoder().decode(got!.bytes!)).toBe("# Huddle\nAgenda");
      expect((await repos.resources.content(made.id, 1))!.bytes).toBeNull();
      expect(await repos.resources.content(made.id, 3)).toBeUndefined();
      expect(await repos.resources.countDownload(v2.id)).toBe(1);
      expect(await repos.resources.countDownload(v2.id)).toBe(2);
      await repos.resources.countDownload(made.current.id);
      const detail = await repos.resources.find(made.id, lead.id);
      expect(detail!.current.version).toBe(2);
      expect(detail!.versions.map((v) => [v.version, v.downloads])).toEqual([
        [2, 2],
        [1, 1],
      ]);
      expect(detail!.downloads).toBe(3);
      expect(detail!.updatedAt).toEqual(time.clock());
      await expect(
        repos.resources.addVersion(9999, {
          content: { url: "https://x.example" },
          notes: "",
          createdBy: lead.id,
        }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it("keeps one rating per user: a second rating replaces the first", async () => {
      const { repos } = suite();
      const a = await account(repos, "a@d1.example");
      const b = await account(repos, "b@d1.example");
      const r = await repos.resources.publish(resource(a.id));
      expect(await repos.resources.rate(r.id, a.id, 2)).toEqual({ average: 2, count: 1 });
      expect(await repos.resources.rate(r.id, a.id, 5)).toEqual({ average: 5, count: 1 });
      expect(await repos.resources.rate(r.id, b.id, 4)).toEqual({ average: 4.5, count: 2 });
      expect((await repos.resources.find(r.id, a.id))!.myRating).toBe(5);
      expect((await repos.resources.find(r.id, null))!.myRating).toBeNull();
      await expect(repos.resources.rate(9999, a.id, 3)).rejects.toBeInstanceOf(NotFoundError);
    });

    it("searches the words (English stemming), filters by kind, tag and district, and sorts four ways", async () => {
      const { repos, time } = suite();
      const a = await account(repos, "a@d1.example");
      const b = await account(repos, "b@d1.example");
      const huddle = await repos.resources.publish(resource(a.id));
      time.advance(HOUR);
      const math = await repos.resources.publish(
        resource(a.id, {
          title: "Grade 3 fractions assessment module",
          description: "Common formative assessment with scoring guide",
          kind: "assessment_module",
          tags: { grades: ["3"], subjects: ["math"], measures: ["math_growth"], studentGroups: [] },
          districtCode: D2,
          searchText:
            "Grade 3 fractions assessment module Common formative assessment with scoring guide",
        }),
      );
      time.advance(HOUR);
      const agenda = await repos.resources.publish(
        resource(a.id, {
          title: "Pair meeting agenda",
          description: "Agenda for quarterly pair meetings, absences review included",
          kind: "meeting_template",
          districtCode: null,
          searchText:
            "Pair meeting agenda Agenda for quarterly pair meetings, absences review included absence absence",
        }),
      );
      await repos.resources.countDownload(math.current.id);
      await repos.resources.countDownload(math.current.id);
      await repos.resources.countDownload(huddle.current.id);
      await repos.resources.rate(huddle.id, a.id, 5);
      await repos.resources.rate(agenda.id, a.id, 3);
      await repos.resources.rate(agenda.id, b.id, 4);
      const ids = async (q: Parameters<typeof repos.resources.search>[0]) =>
        (await repos.resources.search(q)).resources.map((r) => r.id);

      expect(await ids({})).toEqual([agenda.id, math.id, huddle.id]);
      // "absence" finds "absences" (stemmed), ranked by how often it appears.
      expect(await ids({ text: "absence", sort: "relevance" })).toEqual([agenda.id, huddle.id]);
      expect(await ids({ text: "fraction scoring" })).toEqual([math.id]);
      expect(await ids({ text: "absences -agenda" })).toEqual([huddle.id]);
      expect(await ids({ kind: "assessment_module" })).toEqual([math.id]);
      expect(await ids({ measure: "chronic_absence" })).toEqual([agenda.id, huddle.id]);
      expect(await ids({ grade: "3" })).toEqual([math.id]);
      expect(await ids({ subject: "attendance", studentGroup: "EL" })).toEqual([
        agenda.id,
        huddle.id,
      ]);
      expect(await ids({ district: D2 })).toEqual([math.id]);
      expect(await ids({ district: "hub" })).toEqual([agenda.id]);
      expect(await ids({ sort: "downloads" })).toEqual([math.id, huddle.id, agenda.id]);
      expect(await ids({ sort: "rating" })).toEqual([huddle.id, agenda.id, math.id]);
      expect(await ids({ sort: "newest", limit: 1, offset: 1 })).toEqual([math.id]);
      expect((await repos.resources.search({ limit: 1 })).total).toBe(3);
      const one = (await repos.resources.search({ sort: "rating" })).resources[1]!;
      expect([one.ratingAverage, one.ratingCount, one.downloads]).toEqual([3.5, 2, 0]);

      expect(await repos.resources.facets()).toEqual({
        kinds: ["assessment_module", "meeting_template", "protocol"],
        districts: [null, D1, D2],
        grades: ["1", "3", "K"],
        subjects: ["attendance", "math"],
        measures: ["chronic_absence", "math_growth"],
        studentGroups: ["EL"],
      });
    });
  });
}
