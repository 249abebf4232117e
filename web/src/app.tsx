import { Route, Routes } from "react-router-dom";
import { Layout } from "./components/layout.tsx";
import { DataPage } from "./pages/data-page.tsx";
import { DistrictPage } from "./pages/district-page.tsx";
import { LoginPage } from "./pages/login-page.tsx";
import { NotFoundPage } from "./pages/not-found-page.tsx";
import { OverviewPage } from "./pages/overview-page.tsx";
import { PeersPage } from "./pages/peers-page.tsx";
import { SchoolReportPage } from "./pages/school-report-page.tsx";
import { StudentsPage } from "./pages/students-page.tsx";
import { SupportPage } from "./pages/support-page.tsx";

/** The app's routes inside the common layout. */
export function App() {
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<OverviewPage />} />
        <Route path="/login" element={<LoginPage />} />
        <Route path="/districts/:code" element={<DistrictPage />} />
        <Route path="/schools/:code" element={<SchoolReportPage />} />
        <Route path="/schools/:code/peers" element={<PeersPage />} />
        <Route path="/schools/:code/students" element={<StudentsPage />} />
        <Route path="/support" element={<SupportPage />} />
        <Route path="/data" element={<DataPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}
