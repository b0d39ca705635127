import { browserStorage } from './storage';

// The API token the dashboard sends as `Authorization: Bearer …`. It lives in
// localStorage so a reload keeps the person signed in; logging out removes it.

export const TOKEN_STORAGE_KEY = 'quarterdeck.token';

export function readSessionToken(): string | null {
  return browserStorage()?.getItem(TOKEN_STORAGE_KEY) ?? null;
}

export function storeSessionToken(token: string): void {
  browserStorage()?.setItem(TOKEN_STORAGE_KEY, token);
}

export function clearSessionToken(): void {
  browserStorage()?.removeItem(TOKEN_STORAGE_KEY);
}
