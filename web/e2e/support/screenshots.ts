import { join } from 'node:path';
import { test } from '@playwright/test';
import { screenshotDir } from './paths';

/**
 * Where a spec writes a screenshot for the docs, or undefined (the picture is taken, not kept):
 * only the path project's run keeps them, so the subdomain run of the same pages does not
 * replace them with the same views at other addresses.
 */
export function docsScreenshot(name: string): string | undefined {
  return test.info().project.name === 'subdomain' ? undefined : join(screenshotDir, name);
}
