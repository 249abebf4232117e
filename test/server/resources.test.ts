import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RESOURCE_MAX_BYTES } from "../../src/resources/resource-file.ts";
import { D1, D2, type Harness, signIn, startHarness, type Who } from "./fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

interface FilePart {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array | string;
}

/** A multipart/form-data body as a browser sends it: fields (repeated for lists), then the file. */
function multipart(fields: Record<string, string | string[]>, file?: FilePart) {
  const boundary = "----collabtest7MA4YWxkTrZu0gW";
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`,
        ),
      );
    }
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      Buffer.from(file.bytes),
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

async function as(who: Who) {
  const { cookie, csrf } = await signIn(h.app, who);
  const headers = { ...(cookie ? { cookie } : {}), ...(csrf ? { "x-csrf-token": csrf } : {}) };
  return {
    get: (url: string) => h.app.inject({ method: "GET", url, headers }),
    json: (method: "POST" | "PUT", url: string, payload: object) =>
      h.app.inject({ method, url, headers, payload }),
    form: (url: string, fields: Record<string, string | string[]>, file?: FilePart) => {
      const body = multipart(fields, file);
      return h.app.inject({
        method: "POST",
        url,
        headers: { ...headers, ...body.headers },
        payload: body.payload,
      });
    },
  };
}

const PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";
const FIELDS = {
  title: "Chronic absence change package",
  description: "Home visits, mentors and a weekly huddle, with the tools we used",
  kind: "change_package",
  grades: ["K", "1", "2"],
  subjects: ["attendance"],
  measures: ["chronic_absence"],
  student_groups: ["EL", "SED"],
  notes: "As used in 2024–25",
};

async function total(): Promise<number> {
  const res = await (await as("hub_admin")).get("/api/resources?limit=1");
  return (res.json() as { total: number }).total;
}

describe("shared resources API", () => {
  it("publishes a file with its tags; the type is read from the bytes and the district is named", async () => {
    const lead = await as("district_admin");
    const res = await lead.form("/api/resources", FIELDS, {
      name: "change-package.pdf",
      type: "text/html",
      bytes: PDF,
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({
      title: FIELDS.title,
      kind: { id: "change_package", label: "Change package" },
      grades: ["K", "1", "2"],
      subjects: [{ id: "attendance", label: "Attendance" }],
      measures: [{ id: "chronic_absence" }],
      student_groups: [{ id: "EL", label: "English learners" }, { id: "SED" }],
      district_code: D1,
      district_name: "District",
      downloads: 0,
      rating_average: null,
      rating_count: 0,
      may_revise: true,
      current: {
        version: 1,
        url: null,
        file_name: "change-package.pdf",
        content_type: "application/pdf",
        byte_size: PDF.length,
        notes: "As used in 2024–25",
      },
    });
    expect(r.measures[0].label).not.toBe("chronic_absence");
  });

  it("adds versions (its author, its district's admin, the hub), not another district's admin or a network member", async () => {
    const staff = await as("school_staff");
    const made = await staff.json("POST", "/api/resources", {
      title: "Data meeting agenda",
      kind: "meeting_template",
      url: "https://docs.example.org/agenda",
      notes: "First draft",
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as number;
    const v2 = await staff.form(
      `/api/resources/${id}/versions`,
      { notes: "Now as a document" },
      { name: "agenda.md", type: "text/markdown", bytes: "# Agenda\n1. Data\n" },
    );
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json().current).toMatchObject({
      version: 2,
      file_name: "agenda.md",
      content_type: "text/markdown; charset=utf-8",
    });
    const v3 = await (await as("district_admin")).json("POST", `/api/resources/${id}/versions`, {
      url: "https://docs.example.org/agenda-v3",
      notes: "District edition",
    });
    expect(v3.statusCode).toBe(201);
    expect(
      (
        await (
          await as("hub_admin")
        ).json("POST", `/api/resources/${id}/versions`, { url: "https://x.example/4" })
      ).statusCode,
    ).toBe(201);
    for (const who of ["other_district_admin", "other_school_staff", "network_member"] as const) {
      const res = await (await as(who)).json("POST", `/api/resources/${id}/versions`, {
        url: "https://evil.example",
      });
      expect(res.statusCode, who).toBe(403);
    }
    const detail = (await staff.get(`/api/resources/${id}`)).json();
    expect(detail.versions.map((v: { version: number }) => v.version)).toEqual([4, 3, 2, 1]);
    expect(detail.current.version).toBe(4);
    expect(
      (await (await as("other_district_admin")).get(`/api/resources/${id}`)).json().may_revise,
    ).toBe(false);
    // Every upload is in the audit log.
    const audit = await h.workspace.db
      .selectFrom("audit_log")
      .select(["action", "resource"])
      .where("resource", "like", `shared resource ${id} %`)
      .orderBy("seq")
      .execute();
    expect(audit.map((a) => a.resource)).toEqual(
      [1, 2, 3, 4].map((v) => `shared resource ${id} version ${v}`),
    );
  });

  it("keeps one rating per user: rating twice changes it, and the average and count follow", async () => {
    const made = await (await as("facilitator")).json("POST", "/api/resources", {
      title: "Empathy interview protocol",
      kind: "protocol",
      url: "https://docs.example.org/empathy",
    });
    const id = made.json().id as number;
    const staff = await as("school_staff");
    expect((await staff.json("PUT", `/api/resources/${id}/rating`, { stars: 2 })).json()).toEqual({
      average: 2,
      count: 1,
      mine: 2,
    });
    expect((await staff.json("PUT", `/api/resources/${id}/rating`, { stars: 5 })).json()).toEqual({
      average: 5,
      count: 1,
      mine: 5,
    });
    const member = await as("network_member");
    expect((await member.json("PUT", `/api/resources/${id}/rating`, { stars: 4 })).json()).toEqual({
      average: 4.5,
      count: 2,
      mine: 4,
    });
    expect((await staff.json("PUT", `/api/resources/${id}/rating`, { stars: 6 })).statusCode).toBe(
      400,
    );
    const detail = (await staff.get(`/api/resources/${id}`)).json();
    expect([detail.rating_average, detail.rating_count, detail.my_rating]).toEqual([4.5, 2, 5]);
    expect((await staff.json("PUT", "/api/resources/99999/rating", { stars: 3 })).statusCode).toBe(
      404,
    );
  });

  it("counts downloads per version, serves files as attachments and follows links with a 303", async () => {
    const lead = await as("district_admin");
    const made = await lead.json("POST", "/api/resources", {
      title: "Fractions assessment module",
      kind: "assessment_module",
      url: "https://docs.example.org/fractions",
    });
    const id = made.json().id as number;
    await lead.form(
      `/api/resources/${id}/versions`,
      {},
      { name: "fractions.pdf", type: "application/pdf", bytes: PDF },
    );
    const reader = await as("network_member");
    const file = await reader.get(`/api/resources/${id}/versions/2/download`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe(PDF);
    expect(file.headers["content-type"]).toBe("application/pdf");
    expect(file.headers["content-disposition"]).toBe(
      `attachment; filename="fractions.pdf"; filename*=UTF-8''fractions.pdf`,
    );
    expect(file.headers["x-content-type-options"]).toBe("nosniff");
    await reader.get(`/api/resources/${id}/versions/2/download`);
    const link = await reader.get(`/api/resources/${id}/versions/1/download`);
    expect(link.statusCode).toBe(303);
    expect(link.headers.location).toBe("https://docs.example.org/fractions");
    const detail = (await reader.get(`/api/resources/${id}`)).json();
    expect(detail.versions.map((v: { downloads: number }) => v.downloads)).toEqual([2, 1]);
    expect(detail.downloads).toBe(3);
    expect((await reader.get(`/api/resources/${id}/versions/9/download`)).statusCode).toBe(404);
    expect(
      (await (await as("anonymous")).get(`/api/resources/${id}/versions/2/download`)).statusCode,
    ).toBe(401);
  });

  it("searches words, filters by measure, kind and district, and sorts by downloads and rating", async () => {
    const reader = await as("network_member");
    const search = async (qs: string) =>
      (await reader.get(`/api/resources?${qs}`)).json() as {
        resources: { title: string }[];
        sort: string;
      };
    const words = await search("q=absences");
    expect(words.resources.map((r) => r.title)).toEqual(["Chronic absence change package"]);
    expect(words.sort).toBe("relevance");
    expect((await search("measure=chronic_absence")).resources.map((r) => r.title)).toEqual([
      "Chronic absence change package",
    ]);
    expect((await search("kind=protocol")).resources.map((r) => r.title)).toEqual([
      "Empathy interview protocol",
    ]);
    expect((await search("district=hub")).resources.map((r) => r.title)).toEqual([
      "Empathy interview protocol",
    ]);
    expect((await search(`district=${D1}&sort=downloads`)).resources[0]!.title).toBe(
      "Fractions assessment module",
    );
    expect((await search("sort=rating")).resources[0]!.title).toBe("Empathy interview protocol");
    const page = (await reader.get("/api/resources")).json();
    expect(page.may_publish).toBe(false);
    expect(page.facets.districts).toEqual([
      { id: D1, label: "District" },
      { id: "hub", label: "Network hub" },
    ]);
    expect(page.facets.options.measures.length).toBeGreaterThan(10);
    expect((await (await as("school_staff")).get("/api/resources")).json().may_publish).toBe(true);
    expect((await (await as("anonymous")).get("/api/resources")).statusCode).toBe(401);
    expect((await reader.get("/api/resources?sort=best")).statusCode).toBe(400);
  });

  it("publishes for the user's own district; the hub names the district it publishes for", async () => {
    const link = {
      title: "Board presentation template",
      kind: "meeting_template",
      url: "https://x.example/b",
    };
    const own = await (await as("district_admin")).json("POST", "/api/resources", {
      ...link,
      district_code: D2,
    });
    expect(own.json().district_code).toBe(D1);
    const hub = await as("hub_admin");
    const forD2 = await hub.json("POST", "/api/resources", { ...link, district_code: D2 });
    expect([forD2.json().district_code, forD2.json().district_name]).toEqual([D2, "District"]);
    expect((await hub.json("POST", "/api/resources", link)).json().district_name).toBe(
      "Network hub",
    );
    const unknown = await hub.json("POST", "/api/resources", { ...link, district_code: "0999999" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toEqual({
      code: "invalid_district_code",
      message: 'district_code: unknown district "0999999": no school of the network is in it',
    });
    const page = (await hub.get("/api/resources")).json();
    expect(page.facets.options.districts.map((d: { id: string }) => d.id).sort()).toEqual([D1, D2]);
  });

  it("refuses bad fields with a message naming the field and value", async () => {
    const lead = await as("district_admin");
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ ...FIELDS, title: " " }, "invalid_title", /needs a title/],
      [
        { ...FIELDS, measures: ["chronic_absense"] },
        "invalid_measures",
        /unknown measure "chronic_absense"/,
      ],
      [{ ...FIELDS, student_groups: ["XX"] }, "invalid_student_groups", /"XX"/],
      [{ ...FIELDS, kind: "poster" }, "invalid_kind", /unknown kind "poster"/],
      [{ ...FIELDS, url: "javascript:alert(1)" }, "invalid_url", /expected http or https/],
      [{ ...FIELDS }, "invalid_file", /needs a file or a link/],
    ];
    for (const [fields, code, message] of cases) {
      const res = await lead.form("/api/resources", fields);
      expect(res.statusCode, code).toBe(400);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toMatch(message);
    }
    expect(
      (
        await (
          await as("network_member")
        ).form("/api/resources", FIELDS, { name: "a.pdf", type: "application/pdf", bytes: PDF })
      ).statusCode,
    ).toBe(403);
  });

  it("refuses hostile uploads and stores nothing: too large, a path in the name, a program", async () => {
    const lead = await as("district_admin");
    const before = await total();
    const big = new Uint8Array(DEFAULT_RESOURCE_MAX_BYTES + 1).fill(0x41);
    const tooLarge = await lead.form("/api/resources", FIELDS, {
      name: "big.txt",
      type: "text/plain",
      bytes: big,
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe("file_too_large");
    for (const name of ["../../etc/passwd.pdf", "C:\\Users\\x\\plan.pdf", "folder/plan.pdf"]) {
      const res = await lead.form("/api/resources", FIELDS, {
        name,
        type: "application/pdf",
        bytes: PDF,
      });
      expect(res.statusCode, name).toBe(400);
      expect(res.json().error.code).toBe("invalid_file_name");
      expect(res.json().error.message).toContain(JSON.stringify(name));
    }
    const exe = await lead.form("/api/resources", FIELDS, {
      name: "report.pdf",
      type: "application/pdf",
      bytes: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(64)]),
    });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error.code).toBe("executable_refused");
    expect(await total()).toBe(before);
  });

  it("serves markup only as an opaque attachment: never rendered, never sniffed", async () => {
    const lead = await as("district_admin");
    const res = await lead.form(
      "/api/resources",
      { ...FIELDS, title: "Notes" },
      {
        name: "notes.txt",
        type: "text/plain",
        bytes: "<html><script>alert(document.cookie)</script></html>",
      },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().current.content_type).toBe("text/html");
    const got = await lead.get(`/api/resources/${res.json().id}/versions/1/download`);
    expect(got.headers["content-type"]).toBe("application/octet-stream");
    expect(got.headers["content-disposition"]).toMatch(/^attachment; filename="notes.txt"/);
    expect(got.headers["x-content-type-options"]).toBe("nosniff");
    expect(got.headers["content-security-policy"]).toBe("sandbox; default-src 'none'");
  });
});
