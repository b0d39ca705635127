import { Link } from 'wouter';
import { PageHeader } from '../components/PageHeader';
import { EmptyState } from '../components/states';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        title="There is nothing at this address"
        action={
          <Link href="/" className="button">
            Go to the overview
          </Link>
        }
      >
        The link may be old, or the project it pointed to was deleted.
      </EmptyState>
    </>
  );
}
