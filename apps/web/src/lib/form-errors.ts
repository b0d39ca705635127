/**
 * Drops the messages of the fields present in `touched`: a message goes away as soon as
 * the person edits the field it is about, and the others stay until the next submit.
 */
export function clearTouchedErrors<K extends string>(errors: Partial<Record<K, string>>, touched: object): Partial<Record<K, string>> {
  const next = { ...errors };
  for (const key in next) if (key in touched) delete next[key];
  return next;
}
