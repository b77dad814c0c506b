import type { TestProject } from 'vitest/node';
import { startFakeResend } from './server';

/** Starts one fake Resend for the whole run; tests find it with `inject('fakeResendUrl')`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fake = await startFakeResend({ slowMs: 400 });
  project.provide('fakeResendUrl', fake.url);
  return () => fake.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    fakeResendUrl: string;
  }
}
