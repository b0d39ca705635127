import { darkStyles, defaultStyles, JsonView as JsonTree } from 'react-json-view-lite';
import 'react-json-view-lite/dist/index.css';
import { useTheme } from '../ThemeProvider';

/** Structured content as a tree whose nodes open and close; long strings wrap (see .json-view in styles.css). */
export function JsonView({ data, label }: { data: unknown; label: string }) {
  const { resolved } = useTheme();
  const styles = resolved === 'dark' ? darkStyles : defaultStyles;
  const value = typeof data === 'object' && data !== null ? data : { value: data };
  return (
    <div className="json-view" aria-label={label}>
      <JsonTree
        data={value}
        style={{ ...styles, container: `${styles.container} json-view__tree` }}
        shouldExpandNode={(level) => level < 2}
      />
    </div>
  );
}
