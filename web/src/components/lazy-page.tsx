import { Component, type ComponentType, lazy, type ReactNode, Suspense } from "react";
import { useLocation } from "react-router-dom";

/**
 * A page loaded on first visit, from its own chunk: `load` imports the page module and picks the
 * page component out of it (pages are named exports).
 */
export function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType) {
  return lazy(() => load().then((module) => ({ default: pick(module) })));
}

class ChunkErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    // Usually a chunk of an older build that the server no longer has: a reload fetches the new one.
    return (
      <div className="notice error" role="alert">
        <p>
          This page could not be loaded. <a href={window.location.href}>Reload the page</a> to try
          again.
        </p>
      </div>
    );
  }
}

/**
 * Shows a lazily loaded page: an announced loading state while its chunk downloads, and an alert
 * with a reload link if the chunk cannot be fetched. A new address starts afresh.
 */
export function PageLoader({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <ChunkErrorBoundary key={pathname}>
      <Suspense
        fallback={
          <p className="muted" role="status" aria-live="polite">
            Loading page…
          </p>
        }
      >
        {children}
      </Suspense>
    </ChunkErrorBoundary>
  );
}
