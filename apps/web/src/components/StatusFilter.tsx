import { statusDisplay, statusValues, type StatusEnums, type StatusKind } from '../lib/format';

interface StatusFilterProps<K extends StatusKind> {
  kind: K;
  value: StatusEnums[K] | 'all';
  onChange: (value: StatusEnums[K] | 'all') => void;
}

/** A "Status: All / …" select over one status enum, for list pages. */
export function StatusFilter<K extends StatusKind>({ kind, value, onChange }: StatusFilterProps<K>) {
  return (
    <label className="inline-field">
      <span>Status</span>
      <select
        className="input input--small"
        value={value}
        onChange={(event) => onChange(statusValues(kind).find((status) => status === event.target.value) ?? 'all')}
      >
        <option value="all">All</option>
        {statusValues(kind).map((status) => (
          <option key={status} value={status}>
            {statusDisplay(kind, status).label}
          </option>
        ))}
      </select>
    </label>
  );
}
