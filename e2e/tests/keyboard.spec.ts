// Story 5: keyboard only — the skip link comes first and leads to the content; logging in
// needs no mouse.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, expectNoA11yViolations, visit } from '../helpers';

test('the first Tab focuses the visible skip link; Enter moves focus to the main content', async ({ page }) => {
  await visit(page, '/gminy');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Przejdź do treści' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport(); // shown when focused
  await expectNoA11yViolations(page); // the page with the skip link shown

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#tresc$/);
  await expect(page.getByRole('main')).toBeFocused();
  await expectNoA11yViolations(page);

  // The next Tab continues inside the content, not back at the header.
  await page.keyboard.press('Tab');
  const focusedInMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
  expect(focusedInMain, 'focus after the skip link is inside <main>').toBe(true);
});

test('the login form can be completed with the keyboard only', async ({ page }) => {
  await visit(page, '/logowanie');

  // Skip the header, then Tab into the form.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Przejdź do treści' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();

  await page.keyboard.press('Tab');
  await expect(page.getByLabel('E-mail', { exact: true })).toBeFocused();
  await page.keyboard.type('mieszkanka@wspolnie.demo');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Hasło', { exact: true })).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Zaloguj się' })).toBeFocused();
  await expectNoA11yViolations(page);
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/moje-organizacje$/);
  await expect(page.getByRole('banner').getByText('Anna Mieszkanka', { exact: true })).toBeVisible();
  await expectNoA11yViolations(page);
});

test('after a failed login the error summary gets the focus and its link leads to the field', async ({ page }) => {
  await visit(page, '/logowanie');
  await page.getByLabel('E-mail', { exact: true }).focus();
  await page.keyboard.press('Enter'); // submit the empty form from the keyboard
  await expect(page).toHaveURL(/\/logowanie$/);
  const summary = page.getByRole('alert');
  await expect(summary).toBeFocused();
  await expectNoA11yViolations(page);

  await page.keyboard.press('Tab');
  const first = summary.getByRole('link', { name: 'Podaj adres e-mail.' });
  await expect(first).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#f-email$/);
  await expect(page.getByLabel('E-mail', { exact: true })).toBeFocused();
});
