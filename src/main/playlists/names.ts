/** Names (artists, album titles) compared ignoring case, Unicode compatibility forms and surrounding spaces. */
export function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase().trim();
}
