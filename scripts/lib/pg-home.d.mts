/** Types of pg-home.mjs for the TypeScript tests that use it. */
export function reachableByOthers(dir: string): boolean;
export function needsPublicHome(root: string): boolean;
export function usePublicBinaries(root: string): { target: string };
export function publicDataDir(root: string, dataDir: string): string;
