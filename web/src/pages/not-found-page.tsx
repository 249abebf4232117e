import { Link } from "react-router-dom";
import { useDocumentTitle } from "../components/use-document-title.ts";

/** Any address the app does not know. */
export function NotFoundPage() {
  useDocumentTitle("Page not found");
  return (
    <>
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the network overview</Link>
      </p>
    </>
  );
}
