import { statusDisplay, type StatusEnums, type StatusKind, type Tone } from '../lib/format';

interface StatusBadgeProps<K extends StatusKind> {
  kind: K;
  value: StatusEnums[K];
}

/** A status as a coloured label: the text carries the meaning, the colour only helps. */
export function StatusBadge<K extends StatusKind>({ kind, value }: StatusBadgeProps<K>) {
  const { label, tone } = statusDisplay(kind, value);
  return <Badge tone={tone}>{label}</Badge>;
}

interface BadgeProps {
  tone: Tone;
  children: string;
  title?: string;
}

export function Badge({ tone, children, title }: BadgeProps) {
  return (
    <span className={`badge tone-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** Anything a simulated provider or executor produced is labelled as such, everywhere. */
export function SimulatedBadge() {
  return (
    <Badge tone="muted" title="Produced by the built-in simulated provider, not a real model">
      Simulated
    </Badge>
  );
}
