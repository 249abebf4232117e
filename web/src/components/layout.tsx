import { type ReactNode, useEffect, useRef } from "react";
import { NavLink, useLocation, useNavigate } from "react-router-dom";
import { useSession } from "../api/session.tsx";
import { useRunPath } from "./run-link.tsx";
import { RunPicker } from "./run-picker.tsx";
import { SchoolSearch } from "./school-search.tsx";
import { useFallbackTitle } from "./use-document-title.ts";
import { useScrollRegions } from "./use-scroll-regions.ts";

/** The frame of every page: skip link, site navigation, school search, run picker, who is signed in. */
export function Layout({ children }: { children: ReactNode }) {
  const { me, signedIn, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const withRun = useRunPath();
  const main = useRef<HTMLElement>(null);
  useFallbackTitle(location.pathname);
  useScrollRegions(main);
  // Moves focus to the page's content after navigation, so keyboard users start there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new path
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);
  const own = me?.schoolCode ? `/schools/${me.schoolCode}` : null;
  const district = me?.districtCode ? `/districts/${me.districtCode}` : null;
  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is an anchor to #main by convention; the handler also moves focus there, which a fragment alone does not do in this app */}
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="site-header">
        <div className="brand">District Collaborative</div>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to={withRun("/")} end>
                Network
              </NavLink>
            </li>
            <li>
              <NavLink to={withRun("/districts")} end>
                Districts
              </NavLink>
            </li>
            {district ? (
              <li>
                <NavLink to={withRun(district)}>My district</NavLink>
              </li>
            ) : null}
            {own ? (
              <li>
                <NavLink to={withRun(own)} end>
                  My school
                </NavLink>
              </li>
            ) : null}
            <li>
              <NavLink to={withRun("/progress")}>Progress</NavLink>
            </li>
            <li>
              <NavLink to={withRun("/support")}>Support</NavLink>
            </li>
            {signedIn && me?.role !== "network_member" ? (
              <li>
                <NavLink to={withRun("/workspace")}>Workspace</NavLink>
              </li>
            ) : null}
            {me?.role === "facilitator" ||
            me?.role === "hub_admin" ||
            me?.role === "district_admin" ? (
              <li>
                <NavLink to={withRun("/facilitation")}>Facilitation</NavLink>
              </li>
            ) : null}
            {me?.role === "hub_admin" ? (
              <li>
                <NavLink to={withRun("/network/rollup")}>Roll-up</NavLink>
              </li>
            ) : null}
            {signedIn ? (
              <li>
                <NavLink to="/resources">Resources</NavLink>
              </li>
            ) : null}
            <li>
              <NavLink to={withRun("/data")}>Data</NavLink>
            </li>
            {signedIn ? (
              <li>
                <NavLink to="/members">Membership</NavLink>
              </li>
            ) : null}
            {signedIn ? (
              <li>
                <NavLink to="/directory">Directory</NavLink>
              </li>
            ) : null}
            {me?.role === "hub_admin" || me?.role === "district_admin" ? (
              <li>
                <NavLink to="/submissions">Submissions</NavLink>
              </li>
            ) : null}
            {me?.role === "hub_admin" || me?.role === "district_admin" ? (
              <li>
                <NavLink to="/audit">Audit log</NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <SchoolSearch />
        <RunPicker />
        <div className="account">
          {signedIn ? (
            <>
              <span className="who">
                {me?.email} <span className="role">({me?.role.replace("_", " ")})</span>
              </span>
              <button
                type="button"
                onClick={async () => {
                  await signOut();
                  navigate("/login");
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <NavLink to="/login">Sign in</NavLink>
          )}
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
