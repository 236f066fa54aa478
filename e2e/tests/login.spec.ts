// Story 2: logging in — a wrong password, the demo officer, and the way back to a page that
// needed a login.
import { expect, test } from '@playwright/test';
import {
  DEMO_PASSWORD,
  errorSummary,
  expectNoA11yViolations,
  expectSummaryLinkTo,
  submitAndWait,
  visit,
} from '../helpers';

const OFFICER = { email: 'urzednik@piotrkow.demo', name: 'Jan Urzędnik (BAL Piotrków)' };
const RESIDENT = { email: 'mieszkanka@wspolnie.demo', name: 'Anna Mieszkanka' };

test('a wrong password shows one message and the summary; the officer then logs in', async ({ page }) => {
  await visit(page, '/logowanie');
  await expect(page.getByRole('heading', { level: 1, name: 'Logowanie' })).toBeVisible();

  const email = page.getByLabel('E-mail', { exact: true });
  await email.fill(OFFICER.email);
  await page.getByLabel('Hasło', { exact: true }).fill('to-nie-jest-hasło');
  const response = await submitAndWait(page, page.getByRole('button', { name: 'Zaloguj się' }));
  expect(response.status()).toBe(422);

  await expect(page).toHaveURL(/\/logowanie$/);
  await expect(page).toHaveTitle(/^Błąd: Logowanie — wspólnie$/);
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('Nieprawidłowy adres e-mail lub hasło.');
  await expectSummaryLinkTo(page, 'Nieprawidłowy adres e-mail lub hasło.', email);
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/Nieprawidłowy adres e-mail lub hasło\./);
  await expect(email).toHaveValue(OFFICER.email);
  await expect(page.getByLabel('Hasło', { exact: true })).toHaveValue('');
  await expectNoA11yViolations(page);

  // Now the right password: redirected (to "Moje organizacje" by default), logged in.
  await page.getByLabel('Hasło', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await expect(page).toHaveURL(/\/moje-organizacje$/);
  await expect(page.getByRole('banner').getByText(OFFICER.name, { exact: true })).toBeVisible();
  await expectNoA11yViolations(page);
});

test('an empty login form names both missing fields', async ({ page }) => {
  await visit(page, '/logowanie');
  const response = await submitAndWait(page, page.getByRole('button', { name: 'Zaloguj się' }));
  expect(response.status()).toBe(422);
  await expectSummaryLinkTo(page, 'Podaj adres e-mail.', page.getByLabel('E-mail', { exact: true }));
  await expectSummaryLinkTo(page, 'Podaj hasło.', page.getByLabel('Hasło', { exact: true }));
  await expectNoA11yViolations(page);
});

test('a page that needs a login sends to the login form and comes back after it', async ({ page }) => {
  const response = await page.goto('/moje-organizacje');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/logowanie\?powrot=%2Fmoje-organizacje$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Logowanie' })).toBeVisible();
  await expectNoA11yViolations(page);

  await page.getByLabel('E-mail', { exact: true }).fill(RESIDENT.email);
  await page.getByLabel('Hasło', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await expect(page).toHaveURL(/\/moje-organizacje$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Moje organizacje' })).toBeVisible();
  // The demo resident represents two NGOs and an informal group.
  await expect(page.locator('main').getByRole('listitem')).toHaveCount(3);
  await expectNoA11yViolations(page);
});

test('the way back is kept for any page: /organizacje/nowa returns to the form after login', async ({ page }) => {
  // /moje-organizacje is also where a login goes by default, so check a page that is not.
  await page.goto('/organizacje/nowa');
  await expect(page).toHaveURL(/\/logowanie\?powrot=%2Forganizacje%2Fnowa$/);
  await expectNoA11yViolations(page);
  await page.getByLabel('E-mail', { exact: true }).fill(RESIDENT.email);
  await page.getByLabel('Hasło', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await expect(page).toHaveURL(/\/organizacje\/nowa$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Zarejestruj organizację lub grupę' })).toBeVisible();
  await expectNoA11yViolations(page);
});
