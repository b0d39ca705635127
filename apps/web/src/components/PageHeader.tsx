import { useId, type ReactNode } from 'react';

interface PageHeaderProps {
  title: ReactNode;
  description?: ReactNode;
  /** Buttons and links for the page as a whole, shown beside the title. */
  actions?: ReactNode;
}

export function PageHeader({ title, description, actions }: PageHeaderProps) {
  return (
    <header className="page-header">
      <div className="page-header__text">
        <h1 className="page-header__title" id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {description !== undefined && <div className="page-header__description">{description}</div>}
      </div>
      {actions !== undefined && <div className="page-header__actions">{actions}</div>}
    </header>
  );
}

interface SectionProps {
  title: string;
  /** Content beside the heading (a count, a filter, a link). */
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A titled card; its heading labels the region for screen-reader navigation. */
export function Section({ title, aside, children, className }: SectionProps) {
  const headingId = useId();
  return (
    <section className={className === undefined ? 'card' : `card ${className}`} aria-labelledby={headingId}>
      <div className="card__header">
        <h2 className="card__title" id={headingId}>
          {title}
        </h2>
        {aside !== undefined && <div className="card__aside">{aside}</div>}
      </div>
      {children}
    </section>
  );
}
