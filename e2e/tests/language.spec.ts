// Story 4: switching the interface to English and back; the choice is remembered.
import { expect, test } from '@playwright/test';
import { expectNoA11yViolations, visit } from '../helpers';

test('switch to English, stay in English across pages, switch back to Polish', async ({ page }) => {
  await visit(page, '/gminy');
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  const header = page.getByRole('banner');

  // The switch is announced in the language it leads to.
  const toEnglish = header.getByRole('link', { name: 'English', exact: true });
  await expect(toEnglish).toHaveAttribute('lang', 'en');
  await expect(toEnglish).toHaveAttribute('href', '/jezyk/en?powrot=%2Fgminy');
  await toEnglish.click();

  // Back on the same page, now in English.
  await expect(page).toHaveURL(/\/gminy$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeAttached();
  await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Municipalities' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Municipalities' })).toBeVisible();
  await expect(page).toHaveTitle('Municipalities — wspólnie');
  await expectNoA11yViolations(page);

  // Remembered (cookie) on the next pages, including a form and a 404.
  await page.getByRole('link', { name: 'wspólnie', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'Municipalities on the platform' })).toBeVisible();
  await expectNoA11yViolations(page);

  await header.getByRole('link', { name: 'Log in', exact: true }).click();
  await expect(page).toHaveURL(/\/logowanie$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByLabel('Password', { exact: true })).toBeVisible();
  await expectNoA11yViolations(page);

  const missing = await page.goto('/nie-ma-takiej-strony/wcale');
  expect(missing?.status()).toBe(404);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expectNoA11yViolations(page);

  // And back to Polish from an English page.
  await visit(page, '/deklaracja-dostepnosci');
  const toPolish = header.getByRole('link', { name: 'Polski', exact: true });
  await expect(toPolish).toHaveAttribute('lang', 'pl');
  await toPolish.click();
  await expect(page).toHaveURL(/\/deklaracja-dostepnosci$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  await expect(page.getByRole('link', { name: 'Przejdź do treści' })).toBeAttached();
  await expect(page.getByRole('heading', { level: 1, name: 'Deklaracja dostępności' })).toBeVisible();
  await expect(header.getByRole('link', { name: 'English', exact: true })).toBeVisible();
  await expectNoA11yViolations(page);

  // Polish is remembered too.
  await visit(page, '/gminy');
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  await expect(page.getByRole('heading', { level: 1, name: 'Gminy' })).toBeVisible();
});
