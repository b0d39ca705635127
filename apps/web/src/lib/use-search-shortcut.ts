import { useEffect } from 'react';
import { useLocation } from 'wouter';

/** Typing in a field must type, not jump: the shortcut only works outside editable elements. */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * `/` anywhere in the app focuses the search box, opening the Search page first when
 * another page is shown (as on GitHub and in most documentation sites).
 */
export function useSearchShortcut(): void {
  const [location, navigate] = useLocation();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isEditable(event.target)) return;
      event.preventDefault();
      const focusBox = () => document.getElementById('search-input')?.focus();
      if (location === '/search') {
        focusBox();
        return;
      }
      navigate('/search');
      // After the navigation's own focus handling (the shell focuses the new page's heading).
      setTimeout(focusBox, 0);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [location, navigate]);
}
