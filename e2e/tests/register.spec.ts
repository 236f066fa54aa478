// Story 1: a new resident creates an account, logs out and logs in again; a registration with
// a bad password shows the error summary (linked to the fields) and keeps what was typed.
import { expect, test } from '@playwright/test';
import {
  errorSummary,
  expectNoA11yViolations,
  expectSummaryLinkTo,
  registerAccount,
  submitAndWait,
  uniqueEmail,
  uniqueSuffix,
  visit,
} from '../helpers';

test('a new resident registers, logs out and logs in again', async ({ page }) => {
  const name = `Maria Testowa ${uniqueSuffix()}`;
  const email = uniqueEmail();
  const password = 'zielony rower nad Pilicą';

  await registerAccount(page, name, email, password);
  await expect(page.getByRole('heading', { level: 1, name: 'Moje organizacje' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(
    'Konto zostało założone. Możesz teraz zarejestrować organizację lub grupę nieformalną.',
  );
  const header = page.getByRole('banner');
  await expect(header.getByText(name, { exact: true })).toBeVisible();

  // Log out with the button in the header: back on the home page, anonymous.
  await header.getByRole('button', { name: 'Wyloguj się' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(header.getByText(name, { exact: true })).toHaveCount(0);
  await expect(header.getByRole('link', { name: 'Zaloguj się' })).toBeVisible();
  await expectNoA11yViolations(page);

  // Log in again through the form.
  await header.getByRole('link', { name: 'Zaloguj się' }).click();
  await expect(page).toHaveURL(/\/logowanie/);
  await expectNoA11yViolations(page);
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Hasło', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await expect(page).toHaveURL(/\/moje-organizacje$/);
  await expect(header.getByText(name, { exact: true })).toBeVisible();
  await expect(header.getByRole('button', { name: 'Wyloguj się' })).toBeVisible();
  // The welcome notice belongs to the first visit only.
  await expect(page.getByRole('status')).toHaveCount(0);
  await expectNoA11yViolations(page);
});

test('a short password and a different repeat show the error summary linked to the fields', async ({ page }) => {
  const email = uniqueEmail();
  await visit(page, '/rejestracja');
  await page.getByLabel('Imię i nazwisko', { exact: true }).fill('Jan Krótkohasłowy');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Hasło', { exact: true }).fill('krótkie');
  await page.getByLabel('Powtórz hasło', { exact: true }).fill('inne');
  const response = await submitAndWait(page, page.getByRole('button', { name: 'Załóż konto' }));
  expect(response.status()).toBe(422);

  await expect(page).toHaveURL(/\/rejestracja$/);
  await expect(page).toHaveTitle(/^Błąd: .* — wspólnie$/);
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();

  const password = page.getByLabel('Hasło', { exact: true });
  const repeat = page.getByLabel('Powtórz hasło', { exact: true });
  await expectSummaryLinkTo(page, /^Hasło musi mieć co najmniej 12 znaków/, password);
  await expectSummaryLinkTo(page, 'Hasła nie są takie same.', repeat);
  await expect(summary.getByRole('link')).toHaveCount(2);

  // The same messages next to the fields, tied to them for screen readers.
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/Hasło musi mieć co najmniej 12 znaków/);
  await expect(repeat).toHaveAttribute('aria-invalid', 'true');
  await expect(repeat).toHaveAccessibleDescription(/Hasła nie są takie same\./);

  // What was typed is kept (but never the passwords).
  await expect(page.getByLabel('E-mail', { exact: true })).toHaveValue(email);
  await expect(page.getByLabel('Imię i nazwisko', { exact: true })).toHaveValue('Jan Krótkohasłowy');
  await expect(password).toHaveValue('');
  await expect(repeat).toHaveValue('');
  await expect(page.getByLabel('E-mail', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');

  await expectNoA11yViolations(page);

  // Following a summary link goes to its field.
  await summary.getByRole('link', { name: 'Hasła nie są takie same.' }).click();
  await expect(page).toHaveURL(/#f-password-repeat$/);
  await expect(repeat).toBeInViewport();
});
