import { Route, Routes } from "react-router-dom";
import { Layout } from "./components/layout.tsx";
import { lazyPage, PageLoader } from "./components/lazy-page.tsx";

// Each page is its own chunk, so a visit downloads only the pages it opens; the charting library
// comes with the pages that draw charts (see web/vite.config.ts).
const OverviewPage = lazyPage(
  () => import("./pages/overview-page.tsx"),
  (m) => m.OverviewPage,
);
const LoginPage = lazyPage(
  () => import("./pages/login-page.tsx"),
  (m) => m.LoginPage,
);
const NetworkPage = lazyPage(
  () => import("./pages/network-page.tsx"),
  (m) => m.NetworkPage,
);
const DistrictPage = lazyPage(
  () => import("./pages/district-page.tsx"),
  (m) => m.DistrictPage,
);
const SchoolReportPage = lazyPage(
  () => import("./pages/school-report-page.tsx"),
  (m) => m.SchoolReportPage,
);
const PeersPage = lazyPage(
  () => import("./pages/peers-page.tsx"),
  (m) => m.PeersPage,
);
const StudentsPage = lazyPage(
  () => import("./pages/students-page.tsx"),
  (m) => m.StudentsPage,
);
const ProgressPage = lazyPage(
  () => import("./pages/progress-page.tsx"),
  (m) => m.ProgressPage,
);
const SupportPage = lazyPage(
  () => import("./pages/support-page.tsx"),
  (m) => m.SupportPage,
);
const DataPage = lazyPage(
  () => import("./pages/data-page.tsx"),
  (m) => m.DataPage,
);
const AuditPage = lazyPage(
  () => import("./pages/audit-page.tsx"),
  (m) => m.AuditPage,
);
const WorkspacePage = lazyPage(
  () => import("./pages/workspace-page.tsx"),
  (m) => m.WorkspacePage,
);
const PlanPage = lazyPage(
  () => import("./pages/plan-page.tsx"),
  (m) => m.PlanPage,
);
const ChangeIdeaLibraryPage = lazyPage(
  () => import("./pages/change-idea-library-page.tsx"),
  (m) => m.ChangeIdeaLibraryPage,
);
const FacilitationPage = lazyPage(
  () => import("./pages/facilitation-page.tsx"),
  (m) => m.FacilitationPage,
);
const NetworkRollupPage = lazyPage(
  () => import("./pages/network-rollup-page.tsx"),
  (m) => m.NetworkRollupPage,
);
const ResourcesPage = lazyPage(
  () => import("./pages/resources-page.tsx"),
  (m) => m.ResourcesPage,
);
const ResourcePage = lazyPage(
  () => import("./pages/resource-page.tsx"),
  (m) => m.ResourcePage,
);
const ResourcePublishPage = lazyPage(
  () => import("./pages/resource-publish-page.tsx"),
  (m) => m.ResourcePublishPage,
);
const MembersPage = lazyPage(
  () => import("./pages/members-page.tsx"),
  (m) => m.MembersPage,
);
const DirectoryPage = lazyPage(
  () => import("./pages/directory-page.tsx"),
  (m) => m.DirectoryPage,
);
const InvitePage = lazyPage(
  () => import("./pages/invite-page.tsx"),
  (m) => m.InvitePage,
);
const SubmissionsPage = lazyPage(
  () => import("./pages/submissions-page.tsx"),
  (m) => m.SubmissionsPage,
);
const NotFoundPage = lazyPage(
  () => import("./pages/not-found-page.tsx"),
  (m) => m.NotFoundPage,
);

/** The app's routes inside the common layout. */
export function App() {
  return (
    <Layout>
      <PageLoader>
        <Routes>
          <Route path="/" element={<OverviewPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/districts" element={<NetworkPage />} />
          <Route path="/districts/:code" element={<DistrictPage />} />
          <Route path="/schools/:code" element={<SchoolReportPage />} />
          <Route path="/schools/:code/peers" element={<PeersPage />} />
          <Route path="/schools/:code/students" element={<StudentsPage />} />
          <Route path="/progress" element={<ProgressPage />} />
          <Route path="/support" element={<SupportPage />} />
          <Route path="/data" element={<DataPage />} />
          <Route path="/submissions" element={<SubmissionsPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/workspace" element={<WorkspacePage />} />
          <Route path="/workspace/:kind/:runId/:level/:key" element={<PlanPage />} />
          <Route path="/library" element={<ChangeIdeaLibraryPage />} />
          <Route path="/facilitation" element={<FacilitationPage />} />
          <Route path="/network/rollup" element={<NetworkRollupPage />} />
          <Route path="/resources" element={<ResourcesPage />} />
          <Route path="/resources/new" element={<ResourcePublishPage />} />
          <Route path="/resources/:id" element={<ResourcePage />} />
          <Route path="/members" element={<MembersPage />} />
          <Route path="/directory" element={<DirectoryPage />} />
          <Route path="/invite" element={<InvitePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </PageLoader>
    </Layout>
  );
}
