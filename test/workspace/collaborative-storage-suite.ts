import { describe, expect, it } from "vitest";
import {
  acceptInvitation,
  InvitationUnusableError,
  inviteTokenHash,
} from "../../src/accounts/invite-account.ts";
import { TEST_SCRYPT_PARAMS, verifyPassword } from "../../src/accounts/password-hash.ts";
import { WeakPasswordError } from "../../src/accounts/password-policy.ts";
import {
  DistrictNotInvitableError,
  inviteDistrictLead,
} from "../../src/collaborative/invite-district-lead.ts";
import { DuplicateKeyError, WorkspaceInputError } from "../../src/workspace/workspace-errors.ts";
import type { WorkspaceRepositories } from "../../src/workspace/workspace-repositories.ts";

const D1 = "0161119";
const D2 = "0261119";
const D3 = "0361119";
const HASH = "scrypt$1024$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA";
const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = "a long enough passphrase";

interface Suite {
  readonly repos: WorkspaceRepositories;
  readonly time: { clock: () => Date; advance: (ms: number) => void };
}

/** The collaborative's tables (migration 0012), run inside the storage suite of each backend. */
export function describeCollaborativeStorage(suite: () => Suite): void {
  describe("DistrictRepository", () => {
    it("onboards a district and keeps every change of membership, oldest first", async () => {
      const { repos, time } = suite();
      const hub = await repos.users.create({
        email: "hub@hub.example",
        displayName: "Hub",
        passwordHash: HASH,
        role: "hub_admin",
      });
      const made = await repos.districts.create({
        code: D1,
        name: " Alpha Unified ",
        status: "participant",
        joinedOn: "2024-07-01",
        createdBy: hub.id,
      });
      expect(made).toMatchObject({
        code: D1,
        name: "Alpha Unified",
        status: "participant",
        optedIn: false,
        joinedOn: "2024-07-01",
        agreement: null,
      });
      time.advance(DAY);
      await repos.districts.setStatus(D1, {
        status: "participant",
        optedIn: true,
        reason: "asked",
      });
      time.advance(DAY);
      const now = await repos.districts.setStatus(D1, { status: "member", changedBy: hub.id });
      expect(now).toMatchObject({ status: "member", optedIn: true });
      const history = await repos.districts.history(D1);
      expect(history.map((h) => [h.status, h.optedIn, h.reason, h.changedBy])).toEqual([
        ["participant", false, "onboarded", hub.id],
        ["participant", true, "asked", null],
        ["member", true, "", hub.id],
      ]);
      expect(history[2]!.changedAt.getTime() - history[0]!.changedAt.getTime()).toBe(2 * DAY);
      expect(await repos.districts.membership()).toEqual([
        { districtCode: D1, status: "member", optedIn: true },
      ]);
    });

    it("refuses a second district with the same code, a bad code, and a status change of an unknown one", async () => {
      const { repos } = suite();
      await repos.districts.create({ code: D1, name: "Alpha", status: "member" });
      await expect(
        repos.districts.create({ code: D1, name: "Again", status: "member" }),
      ).rejects.toThrow(DuplicateKeyError);
      await expect(
        repos.districts.create({ code: "123", name: "Short", status: "member" }),
      ).rejects.toThrow('district code "123" is not 7 digits');
      await expect(repos.districts.setStatus(D2, { status: "inactive" })).rejects.toThrow(
        `district "${D2}" not found`,
      );
    });

    it("keeps the latest agreement in force and refuses dates that do not exist or run backwards", async () => {
      const { repos, time } = suite();
      await repos.districts.create({ code: D1, name: "Alpha", status: "member" });
      const base = { signedOn: "2024-06-01", firstYear: 2022, lastYear: 2025, dataKinds: [] };
      await repos.districts.recordAgreement(D1, {
        ...base,
        startsOn: "2024-07-01",
        endsOn: "2025-06-30",
      });
      time.advance(1000);
      const renewed = await repos.districts.recordAgreement(D1, {
        ...base,
        startsOn: "2025-07-01",
        endsOn: "2028-06-30",
        dataKinds: ["schools", "students"],
      });
      expect(renewed.agreement).toMatchObject({
        startsOn: "2025-07-01",
        endsOn: "2028-06-30",
        dataKinds: ["schools", "students"],
      });
      await expect(
        repos.districts.recordAgreement(D1, {
          ...base,
          startsOn: "2024-02-30",
          endsOn: "2025-01-01",
        }),
      ).rejects.toThrow('starts_on "2024-02-30" is not a date');
      await expect(
        repos.districts.recordAgreement(D1, {
          ...base,
          startsOn: "2025-01-01",
          endsOn: "2024-01-01",
        }),
      ).rejects.toThrow(WorkspaceInputError);
      await expect(
        repos.districts.recordAgreement(D2, {
          ...base,
          startsOn: "2025-01-01",
          endsOn: "2026-01-01",
        }),
      ).rejects.toThrow(`district "${D2}" not found`);
    });

    it("submissionAllowed reads the stored district, its agreement and the clock's day", async () => {
      const { repos, time } = suite();
      await repos.districts.create({ code: D1, name: "Alpha", status: "member" });
      expect(await repos.districts.submissionAllowed(D2, 2025)).toEqual({
        allowed: false,
        reason: `district ${D2} is not onboarded in the collaborative`,
      });
      expect(await repos.districts.submissionAllowed(D1, 2025)).toEqual({
        allowed: false,
        reason: `district ${D1} has no data-sharing agreement on record`,
      });
      const today = time.clock().toISOString().slice(0, 10);
      await repos.districts.recordAgreement(D1, {
        signedOn: today,
        startsOn: today,
        endsOn: new Date(time.clock().getTime() + DAY).toISOString().slice(0, 10),
        firstYear: 2024,
        lastYear: 2025,
        dataKinds: [],
      });
      expect(await repos.districts.submissionAllowed(D1, 2025, ["schools"])).toEqual({
        allowed: true,
      });
      time.advance(2 * DAY);
      expect((await repos.districts.submissionAllowed(D1, 2025)).allowed).toBe(false);
    });
  });

  describe("inviteDistrictLead and acceptInvitation", () => {
    const invite = (repos: WorkspaceRepositories, time: Suite["time"], email: string) =>
      inviteDistrictLead(repos, {
        districtCode: D1,
        lead: "superintendent",
        email,
        displayName: "Sam Super",
        invitedBy: null,
        now: time.clock,
        scryptParams: TEST_SCRYPT_PARAMS,
      });
    const accept = (repos: WorkspaceRepositories, token: string, password = PASSWORD) =>
      acceptInvitation(
        {
          users: repos.users,
          sessions: repos.sessions,
          invitations: repos.invitations,
          scryptParams: TEST_SCRYPT_PARAMS,
        },
        { token, password },
      );

    it("creates the district's account with an unlisted directory profile and stores only the token's hash", async () => {
      const { repos, time } = suite();
      await repos.districts.create({ code: D1, name: "Alpha", status: "member" });
      const sent = await invite(repos, time, "sam@alpha.example");
      expect(sent.user).toMatchObject({ role: "district_admin", districtCode: D1 });
      expect(sent.expiresAt.getTime() - time.clock().getTime()).toBe(7 * DAY);
      expect(await repos.invitations.findUsable(inviteTokenHash(sent.token))).toBeDefined();
      const listed = await repos.invitations.listForDistrict(D1);
      expect(listed.map((i) => [i.email, i.usedAt])).toEqual([["sam@alpha.example", null]]);
      expect(JSON.stringify(listed)).not.toContain(sent.token);
      expect(await repos.directory.profile(sent.user.id)).toMatchObject({
        position: "superintendent",
        listed: false,
      });
    });

    it("sets the password once: a second use of the token is refused", async () => {
      const { repos, time } = suite();
      await repos.districts.create({ code: D1, name: "Alpha", status: "member" });
      const sent = await invite(repos, time, "sam@alpha.example");
      await expect(accept(repos, sent.token, "short")).rejects.toThrow(WeakPasswordError);
      // a refused password does not use the token up
      await accept(repos, sent.token);
      const creds = await repos.users.findCredentials("sam@alpha.example");
      expect(await verifyPassword(PASSWORD, creds!.passwordHash)).toBe(true);
      await expect(accept(repos, sent.token, "another long passphrase")).rejects.toThrow(
        InvitationUnusableError,
      );
      expect(
        await verifyPassword(
          PASSWORD,
          (await repos.users.findCredentials("sam@alpha.example"))!.passwordHash,
        ),
      ).toBe(true);
    });

    it("refuses an expired token, an unknown one, and an inactive district", async () => {
      const { repos, time } = suite();
      await repos.districts.create({ code: D1, name: "Alpha", status: "member" });
      const sent = await invite(repos, time, "sam@alpha.example");
      time.advance(7 * DAY);
      await expect(accept(repos, sent.token)).rejects.toThrow(InvitationUnusableError);
      await expect(accept(repos, "not-a-token")).rejects.toThrow(InvitationUnusableError);
      await repos.districts.setStatus(D1, { status: "inactive" });
      await expect(invite(repos, time, "other@alpha.example")).rejects.toThrow(
        DistrictNotInvitableError,
      );
    });
  });

  describe("DirectoryRepository", () => {
    it("lists opted-in people of member and participant districts and the hub, contact only when shown", async () => {
      const { repos } = suite();
      await repos.districts.create({ code: D1, name: "Alpha", status: "member" });
      await repos.districts.create({ code: D2, name: "Beta", status: "participant" });
      await repos.districts.create({ code: D3, name: "Gamma", status: "inactive" });
      const person = (email: string, district: string | null) =>
        repos.users.create({
          email,
          displayName: email.split("@")[0]!,
          passwordHash: HASH,
          role: district === null ? "hub_admin" : "district_admin",
          districtCode: district,
        });
      const profile = {
        position: "data_lead",
        title: "Director of data",
        phone: "555-0100",
        email: "Data@Alpha.example",
        showContact: true,
        listed: true,
      };
      const a = await person("ann@alpha.example", D1);
      await repos.directory.save(a.id, profile);
      const b = await person("bob@beta.example", D2);
      await repos.directory.save(b.id, { ...profile, email: "", showContact: false });
      const c = await person("cat@gamma.example", D3);
      await repos.directory.save(c.id, profile);
      const d = await person("dan@alpha.example", D1);
      await repos.directory.save(d.id, { ...profile, listed: false });
      const h = await person("hal@hub.example", null);
      await repos.directory.save(h.id, { ...profile, position: "hub_staff", showContact: false });
      const all = await repos.directory.list();
      expect(all.map((p) => [p.name, p.position, p.districtName, p.phone, p.email])).toEqual([
        ["ann", "data_lead", "Alpha", "555-0100", "data@alpha.example"],
        ["bob", "data_lead", "Beta", null, null],
        ["hal", "hub_staff", null, null, null],
      ]);
      expect((await repos.directory.list({ districtCode: D2 })).map((p) => p.name)).toEqual([
        "bob",
      ]);
      expect((await repos.directory.list({ position: "hub_staff" })).map((p) => p.name)).toEqual([
        "hal",
      ]);
    });

    it("refuses an unknown position and a malformed phone or email, naming the value", async () => {
      const { repos } = suite();
      const u = await repos.users.create({
        email: "x@hub.example",
        displayName: "X",
        passwordHash: HASH,
        role: "hub_admin",
      });
      const base = { title: "", phone: "", email: "", showContact: false, listed: true };
      await expect(repos.directory.save(u.id, { ...base, position: "janitor" })).rejects.toThrow(
        'unknown position "janitor"',
      );
      await expect(
        repos.directory.save(u.id, { ...base, position: "data_lead", phone: "call me" }),
      ).rejects.toThrow('invalid phone "call me"');
      await expect(
        repos.directory.save(u.id, { ...base, position: "data_lead", email: "nobody" }),
      ).rejects.toThrow('invalid email "nobody"');
    });
  });
}
