import type { Command } from "commander";
import { parseAgreementScope } from "../collaborative/agreement-scope.ts";
import { districtJson } from "../collaborative/district-json.ts";
import {
  DISTRICT_LEADS,
  type DistrictLead,
  invitationPath,
  inviteDistrictLead,
} from "../collaborative/invite-district-lead.ts";
import { parseMembershipStatus } from "../collaborative/membership.ts";
import type { District } from "../workspace/district-repository.ts";
import {
  DEFAULT_WORKSPACE_DIR,
  openWorkspace,
  type Workspace,
  workspaceLocation,
} from "../workspace/open-workspace.ts";
import { workspaceRepositories } from "../workspace/workspace-repositories.ts";

async function withWorkspace<T>(dir: string, work: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await openWorkspace(workspaceLocation(process.env, dir));
  try {
    return await work(ws);
  } finally {
    await ws.close();
  }
}

function describe(d: District): string {
  const a = d.agreement;
  const agreement =
    a === null
      ? "no agreement"
      : `agreement ${a.startsOn}..${a.endsOn}, years ${a.firstYear}-${a.lastYear}${a.dataKinds.length > 0 ? `, ${a.dataKinds.join(",")}` : ""}`;
  return `${d.code}  ${d.status}${d.status === "participant" && d.optedIn ? " (opted in)" : ""}  ${d.name}  ${agreement}`;
}

/**
 * `collab districts add|list|set-status|invite`: the collaborative's districts in the workspace
 * (membership, data-sharing agreement, invitations of the district's leads).
 */
export function registerDistrictsCommand(program: Command): void {
  const districts = program
    .command("districts")
    .description(
      `the collaborative's districts: membership and data-sharing agreements (workspace ${DEFAULT_WORKSPACE_DIR}, or PostgreSQL when DATABASE_URL is set)`,
    );

  districts
    .command("add")
    .description("onboard a district, with its data-sharing agreement when given")
    .requiredOption("--code <code>", "7-digit county-district code")
    .requiredOption("--name <name>", "district name")
    .option("--status <status>", "member | participant | inactive", "member")
    .option("--opted-in", "a participant that opts in to identification and pairing")
    .option("--agreement-signed <date>", "date the agreement was signed (default: its start)")
    .option("--agreement-start <date>", "first day data is accepted (YYYY-MM-DD)")
    .option("--agreement-end <date>", "the agreement's expiry (YYYY-MM-DD)")
    .option(
      "--scope <scope>",
      "school years and, optionally, input tables covered: YYYY-YYYY[:table,table]",
    )
    .option("--workspace <dir>", "PGlite workspace folder", DEFAULT_WORKSPACE_DIR)
    .action(
      async (o: {
        code: string;
        name: string;
        status: string;
        optedIn?: boolean;
        agreementSigned?: string;
        agreementStart?: string;
        agreementEnd?: string;
        scope?: string;
        workspace: string;
      }) => {
        const status = parseMembershipStatus(o.status);
        const agreementParts = [o.agreementStart, o.agreementEnd, o.scope];
        const given = agreementParts.filter((p) => p !== undefined).length;
        if (given !== 0 && given !== 3)
          throw new Error(
            "an agreement needs --agreement-start, --agreement-end and --scope together",
          );
        const scope = o.scope === undefined ? null : parseAgreementScope(o.scope);
        await withWorkspace(o.workspace, async (ws) => {
          const repos = workspaceRepositories(ws.db);
          let district = await repos.districts.create({
            code: o.code,
            name: o.name,
            status,
            optedIn: o.optedIn === true,
          });
          if (scope !== null)
            district = await repos.districts.recordAgreement(o.code, {
              signedOn: o.agreementSigned ?? o.agreementStart!,
              startsOn: o.agreementStart!,
              endsOn: o.agreementEnd!,
              ...scope,
            });
          console.log(`onboarded ${describe(district)}`);
        });
      },
    );

  districts
    .command("list")
    .description("every district with its membership and agreement")
    .option("--json", "print JSON (usable as `collab compute --membership FILE`)")
    .option("--workspace <dir>", "PGlite workspace folder", DEFAULT_WORKSPACE_DIR)
    .action(async (o: { json?: boolean; workspace: string }) => {
      await withWorkspace(o.workspace, async (ws) => {
        const list = await workspaceRepositories(ws.db).districts.list();
        if (o.json) console.log(JSON.stringify({ districts: list.map(districtJson) }, null, 2));
        else if (list.length === 0) console.log("no districts onboarded");
        else for (const d of list) console.log(describe(d));
      });
    });

  districts
    .command("set-status")
    .description("change a district's membership (kept in its history)")
    .argument("<code>", "7-digit district code")
    .argument("<status>", "member | participant | inactive")
    .option("--opted-in", "the participant opts in to identification and pairing")
    .option("--no-opted-in", "the participant opts out")
    .option("--reason <text>", "why (kept in the history)", "")
    .option("--workspace <dir>", "PGlite workspace folder", DEFAULT_WORKSPACE_DIR)
    .action(
      async (
        code: string,
        statusText: string,
        o: { optedIn?: boolean; reason: string; workspace: string },
      ) => {
        const status = parseMembershipStatus(statusText);
        await withWorkspace(o.workspace, async (ws) => {
          const district = await workspaceRepositories(ws.db).districts.setStatus(code, {
            status,
            ...(o.optedIn !== undefined ? { optedIn: o.optedIn } : {}),
            reason: o.reason,
          });
          console.log(`now ${describe(district)}`);
        });
      },
    );

  districts
    .command("invite")
    .description("invite a district's data lead or superintendent; prints the one-time link")
    .argument("<code>", "7-digit district code")
    .requiredOption("--lead <lead>", DISTRICT_LEADS.join(" | "))
    .requiredOption("--email <email>", "their email")
    .requiredOption("--name <name>", "their name")
    .option("--base-url <url>", "the server's address, for the link", "http://127.0.0.1:8080")
    .option("--workspace <dir>", "PGlite workspace folder", DEFAULT_WORKSPACE_DIR)
    .action(
      async (
        code: string,
        o: { lead: string; email: string; name: string; baseUrl: string; workspace: string },
      ) => {
        if (!(DISTRICT_LEADS as readonly string[]).includes(o.lead))
          throw new Error(`unknown lead "${o.lead}"; expected ${DISTRICT_LEADS.join(" or ")}`);
        await withWorkspace(o.workspace, async (ws) => {
          const sent = await inviteDistrictLead(workspaceRepositories(ws.db), {
            districtCode: code,
            lead: o.lead as DistrictLead,
            email: o.email,
            displayName: o.name,
            invitedBy: null,
            now: () => new Date(),
          });
          console.log(
            `invited ${sent.user.email} (${o.lead}, district ${code}); the link works once, until ${sent.expiresAt.toISOString()}:`,
          );
          console.log(`${o.baseUrl.replace(/\/$/, "")}${invitationPath(sent.token)}`);
        });
      },
    );
}
