// A trivial pool task used by the pool's own test to prove TypeScript task files load.
export default function echo(input: { text: string }): { text: string; threadHasTypeScript: true } {
  return { text: input.text.toUpperCase(), threadHasTypeScript: true };
}
