/** Minor units (paisa) ⇄ the taka an operator types: 12.50 ⇄ 1250. */
export const toMajor = (minor: number) => (minor / 100).toFixed(2);
export const toMinor = (major: string): number => Math.round(Number(major) * 100);
export const validMoney = (major: string) =>
  major.trim() !== '' && Number.isFinite(Number(major)) && Number(major) >= 0;
