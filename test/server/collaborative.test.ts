import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";
import { callAs, D1, D2, type Harness, S1, S3, startHarness, type Who } from "./fixture.ts";

let h: Harness;
let now = new Date("2025-03-01T12:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  h = await startHarness(() => now);
  const repos = workspaceRepositories(h.workspace.db);
  await repos.districts.create({ code: D1, name: "District One", status: "member" });
  await repos.districts.create({ code: D2, name: "District Two", status: "participant" });
});
afterAll(async () => {
  await h?.close();
});

const call = (who: Who, method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
  callAs(h, who, method, url, payload);

describe("student data across membership (issue #18)", () => {
  it("a participant district's staff cannot read a member's student rows, nor the reverse", async () => {
    const participantReadsMember = await call(
      "other_district_admin",
      "GET",
      `/api/schools/${S1}/students`,
    );
    expect(participantReadsMember.statusCode).toBe(403);
    const memberReadsParticipant = await call(
      "district_admin",
      "GET",
      `/api/schools/${S3}/students`,
    );
    expect(memberReadsParticipant.statusCode).toBe(403);
    // each still reads its own
    expect((await call("district_admin", "GET", `/api/schools/${S1}/students`)).statusCode).toBe(
      200,
    );
  });
});

describe("districts API", () => {
  it("onboards a district with its agreement, lists it, changes its status and keeps the history", async () => {
    const made = await call("hub_admin", "POST", "/api/districts", {
      district_code: "0400004",
      name: "District Four",
      status: "participant",
      agreement: {
        signed_on: "2025-02-20",
        starts_on: "2025-03-01",
        ends_on: "2027-06-30",
        first_year: 2024,
        last_year: 2027,
        data_kinds: ["schools", "students"],
      },
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({
      district_code: "0400004",
      status: "participant",
      opted_in: false,
      agreement: { ends_on: "2027-06-30", data_kinds: ["schools", "students"] },
    });
    now = new Date(now.getTime() + DAY);
    const changed = await call("hub_admin", "PUT", "/api/districts/0400004/status", {
      status: "participant",
      opted_in: true,
      reason: "wants a partner school",
    });
    expect(changed.json()).toMatchObject({ status: "participant", opted_in: true });
    const detail = (await call("district_admin", "GET", "/api/districts/0400004")).json();
    expect(
      detail.history.map((c: { status: string; opted_in: boolean; reason: string }) => [
        c.status,
        c.opted_in,
        c.reason,
      ]),
    ).toEqual([
      ["participant", false, "onboarded"],
      ["participant", true, "wants a partner school"],
    ]);
    const list = (await call("school_staff", "GET", "/api/districts")).json();
    expect(list.districts.map((d: { district_code: string }) => d.district_code)).toEqual([
      D1,
      D2,
      "0400004",
    ]);
  });

  it("refuses a malformed code, a duplicate and an unknown district, naming them", async () => {
    const bad = await call("hub_admin", "POST", "/api/districts", {
      district_code: "12",
      name: "X",
      status: "member",
    });
    expect(bad.statusCode).toBe(400);
    const again = await call("hub_admin", "POST", "/api/districts", {
      district_code: D1,
      name: "Again",
      status: "member",
    });
    expect(again.statusCode).toBe(409);
    const missing = await call("hub_admin", "PUT", "/api/districts/0999999/status", {
      status: "inactive",
    });
    expect(missing.statusCode).toBe(404);
  });

  it("invites a superintendent whose one-time link sets the password, once, and not after expiry", async () => {
    const sent = await call("hub_admin", "POST", `/api/districts/${D1}/invitations`, {
      lead: "superintendent",
      email: "super@d1.example",
      name: "Sam Super",
    });
    expect(sent.statusCode).toBe(201);
    const { link_path } = sent.json() as { link_path: string };
    const token = link_path.replace("/invite#token=", "");
    const listed = (await call("hub_admin", "GET", `/api/districts/${D1}/invitations`)).body;
    expect(listed).toContain("super@d1.example");
    expect(listed).not.toContain(token);
    const password = "a long enough passphrase";
    const accept = await h.app.inject({
      method: "POST",
      url: "/api/invitations/accept",
      payload: { token, password },
    });
    expect(accept.statusCode).toBe(200);
    expect(accept.json()).toEqual({ email: "super@d1.example" });
    const login = await h.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "super@d1.example", password },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ role: "district_admin", districtCode: D1 });
    const twice = await h.app.inject({
      method: "POST",
      url: "/api/invitations/accept",
      payload: { token, password: "another long passphrase" },
    });
    expect(twice.statusCode).toBe(410);

    const late = await call("hub_admin", "POST", `/api/districts/${D1}/invitations`, {
      lead: "data_lead",
      email: "late@d1.example",
      name: "Lee Late",
    });
    const lateToken = (late.json() as { link_path: string }).link_path.replace(
      "/invite#token=",
      "",
    );
    now = new Date(now.getTime() + 8 * DAY);
    const expired = await h.app.inject({
      method: "POST",
      url: "/api/invitations/accept",
      payload: { token: lateToken, password },
    });
    expect(expired.statusCode).toBe(410);
  });
});

describe("role-alike directory API", () => {
  it("shows opted-in people to network members, contact only when shown, and filters by position and district", async () => {
    const profile = {
      position: "el_director",
      title: "Director of multilingual learners",
      phone: "555-0101",
      email: "el@d1.example",
      show_contact: true,
      listed: true,
    };
    expect((await call("district_admin", "PUT", "/api/directory/me", profile)).statusCode).toBe(
      200,
    );
    await call("other_district_admin", "PUT", "/api/directory/me", {
      ...profile,
      show_contact: false,
    });
    await call("school_staff", "PUT", "/api/directory/me", { ...profile, listed: false });
    const seen = (
      await call("other_district_admin", "GET", "/api/directory?position=el_director")
    ).json() as { people: { name: string; district_code: string; phone: string | null }[] };
    expect(seen.people.map((p) => [p.name, p.district_code, p.phone])).toEqual([
      ["district_admin", D1, "555-0101"],
      ["other_district_admin", D2, null],
    ]);
    const d2 = (await call("hub_admin", "GET", `/api/directory?district=${D2}`)).json() as {
      people: { name: string }[];
    };
    expect(d2.people.map((p) => p.name)).toEqual(["other_district_admin"]);
    expect((await call("anonymous", "GET", "/api/directory")).statusCode).toBe(401);
  });

  it("is closed to an inactive district's people, and they leave the list", async () => {
    const repos = workspaceRepositories(h.workspace.db);
    await repos.districts.setStatus(D2, { status: "inactive" });
    try {
      expect((await call("other_district_admin", "GET", "/api/directory")).statusCode).toBe(403);
      const hub = (await call("hub_admin", "GET", "/api/directory")).json() as {
        people: { district_code: string | null }[];
      };
      expect(hub.people.some((p) => p.district_code === D2)).toBe(false);
    } finally {
      await repos.districts.setStatus(D2, { status: "participant" });
    }
  });
});
