// Story: anyone asks the statutory calendar which working day comes N working days after a date,
// and sees the public holidays of the year (Easter-dependent ones included); a bad question
// comes back with the error summary. Every state is checked with axe.
import { expect, test } from '@playwright/test';
import { errorSummary, expectNoA11yViolations, expectSummaryLinkTo, visit } from '../helpers';

test('the calendar counts working days across Easter and lists the holidays', async ({ page }) => {
  await visit(page, '/');
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Kalendarz' }).click();
  await expect(page).toHaveURL(/\/kalendarz$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Kalendarz dni roboczych' })).toBeVisible();
  await expectNoA11yViolations(page);

  await page.getByLabel('Data początkowa', { exact: true }).fill('2026-04-02');
  await page.getByLabel('Liczba dni roboczych', { exact: true }).fill('2');
  await page.getByLabel('Rok, którego święta pokazać', { exact: true }).fill('2026');
  await page.getByRole('button', { name: 'Policz' }).click();
  await expect(page).toHaveURL(/od=2026-04-02&dni=2/);

  const answer = page.getByRole('region', { name: 'Odpowiedź' });
  await expect(answer).toContainText('2 dni robocze po 02.04.2026 (czwartek) to 07.04.2026 (wtorek).');
  await expect(answer).toContainText('06.04.2026 — Poniedziałek Wielkanocny');
  const holidays = page.getByRole('table', { name: 'Dni wolne od pracy w roku 2026' });
  await expect(holidays.getByRole('row', { name: /04\.06\.2026 czwartek Boże Ciało/ })).toBeVisible();
  await expect(holidays.getByRole('row', { name: /24\.12\.2026 czwartek Wigilia/ })).toBeVisible();
  await expectNoA11yViolations(page);
});

test('a negative number of days and a day that does not exist are field errors', async ({ page }) => {
  await visit(page, '/kalendarz?od=2027-02-30&dni=-1');
  await expect(page).toHaveTitle(/^Błąd: Kalendarz dni roboczych — wspólnie$/);
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expectSummaryLinkTo(page, 'Taki dzień nie istnieje w kalendarzu.', page.getByLabel('Data początkowa', { exact: true }));
  await expectSummaryLinkTo(page, 'Liczba nie może być ujemna.', page.getByLabel('Liczba dni roboczych', { exact: true }));
  await expect(page.getByLabel('Liczba dni roboczych', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectNoA11yViolations(page);
});
