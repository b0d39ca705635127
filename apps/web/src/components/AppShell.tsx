import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { ConnectionStatus, UserRole } from '../types';
import { ConnectionBanner } from './ConnectionBanner';
import { ThemeToggle } from './ThemeProvider';

export interface NavItem {
  href: string;
  label: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Overview' },
  { href: '/projects', label: 'Projects' },
  { href: '/agents', label: 'Agents' },
  { href: '/sessions', label: 'Sessions' },
  { href: '/search', label: 'Search' },
  { href: '/settings', label: 'Settings' },
];

/** Overview is active only on "/", every other item on its own path and below it. */
export function isNavItemActive(href: string, path: string): boolean {
  if (href === '/') return path === '/';
  return path === href || path.startsWith(`${href}/`);
}

interface AppShellProps {
  /** Omitted until the live connection is wired; then the banner says whether it is live. */
  connection?: ConnectionStatus;
  user?: { name: string; role: UserRole } | null;
  onLogout?: () => void;
  children: ReactNode;
}

export function AppShell({ connection, user = null, onLogout, children }: AppShellProps) {
  const [location] = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const navId = useId();
  const mainRef = useRef<HTMLElement>(null);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const previousLocation = useRef(location);

  // After a client-side navigation, move focus to the new page's heading (or main) so
  // keyboard and screen-reader users start at the content, as after a full page load.
  useEffect(() => {
    if (previousLocation.current === location) return;
    previousLocation.current = location;
    setMenuOpen(false);
    const heading = mainRef.current?.querySelector<HTMLElement>('#page-title');
    (heading ?? mainRef.current)?.focus();
  }, [location]);

  return (
    <div className={menuOpen ? 'shell shell--menu-open' : 'shell'}>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <button
          ref={menuButtonRef}
          type="button"
          className="button button--quiet topbar__menu"
          aria-expanded={menuOpen}
          aria-controls={navId}
          onClick={() => setMenuOpen((open) => !open)}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M4 7h16M4 12h16M4 17h16" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          <span className="visually-hidden">{menuOpen ? 'Close menu' : 'Open menu'}</span>
        </button>
        <Link href="/" className="brand">
          <span className="brand__mark" aria-hidden="true" />
          Quarterdeck
        </Link>
        <div className="topbar__end">
          {connection === 'live' && <ConnectionBanner status="live" />}
          <ThemeToggle />
          {user !== null && (
            <span className="topbar__user">
              {user.name} <span className="topbar__role">({user.role})</span>
            </span>
          )}
          {onLogout !== undefined && (
            <button type="button" className="button button--quiet" onClick={onLogout}>
              Log out
            </button>
          )}
        </div>
      </header>
      <nav
        id={navId}
        className="sidebar"
        aria-label="Main"
        onKeyDown={(event) => {
          if (event.key === 'Escape' && menuOpen) {
            setMenuOpen(false);
            menuButtonRef.current?.focus();
          }
        }}
      >
        <ul className="sidebar__list">
          {NAV_ITEMS.map((item) => {
            const active = isNavItemActive(item.href, location);
            return (
              <li key={item.href}>
                <Link href={item.href} className="sidebar__link" aria-current={active ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" ref={mainRef} className="main" tabIndex={-1}>
        {connection !== undefined && connection !== 'live' && <ConnectionBanner status={connection} />}
        {children}
      </main>
    </div>
  );
}
