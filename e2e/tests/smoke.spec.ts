import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from '../helpers';

test('home page: Polish, titled, skip link, no axe violations', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);

  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  await expect(page).toHaveTitle(/\S/);

  const skip = page.getByRole('link', { name: /^Przejdź do treści/ }).first();
  await expect(skip).toBeAttached();
  // The skip link must lead somewhere on the page.
  const href = await skip.getAttribute('href');
  expect(href, 'skip link href').toMatch(/^#./);
  await expect(page.locator(`[id="${href!.slice(1)}"]`)).toHaveCount(1);

  await expectNoA11yViolations(page);
});
