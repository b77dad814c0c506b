// Types of visit-support.mjs, for the bench (bench/visits.ts), which is TypeScript.
import type { Browser, Page } from 'playwright-core';

export type Visit = {
  page: Page;
  advance(ms: number): Promise<void>;
  worker(): string[];
  workerTypes(): string[];
  workerAt(): number[];
  assets(): { path: string; type: string }[];
  close(): Promise<void>;
};

export function visit(browser: Browser, url: string, origin?: string): Promise<Visit>;
