// Microgrants story 1: a fresh resident registers an NGO, applies in the open call, is told that
// the budget does not add up (nothing typed is lost), fixes it and submits; the receipt, "Moje
// wnioski" and the mailbox all show the same confirmation number.
import { expect, test } from '@playwright/test';
import {
  errorSummary,
  expectNoA11yViolations,
  expectSummaryLinkTo,
  submitAndWait,
  uniqueSuffix,
  visit,
} from '../helpers';
import { OPEN_CALL, fact, fillApplication, notice, freshResident, openTheOpenCall, registerNgo, startApplication } from '../grants';

// About a dozen page states, each checked with axe.
test.describe.configure({ timeout: 120_000 });

test('a resident applies for a microgrant: budget error first, then a receipt, "Moje wnioski" and the e-mail', async ({ page }) => {
  await freshResident(page);
  const org = await registerNgo(page);
  await openTheOpenCall(page);
  // The open call shows its deadline and who may apply.
  await expect(fact(page, 'Kto może składać wnioski')).toContainText('organizacja pozarządowa');
  const appPath = await startApplication(page, org);
  await expect(fact(page, 'Wnioskodawca')).toHaveText(org);
  await expect(fact(page, 'Status')).toHaveText('wersja robocza');
  await expect(page.getByRole('link', { name: OPEN_CALL })).toBeVisible();

  const title = `Piknik sąsiedzki ${uniqueSuffix()}`;
  await fillApplication(page, {
    title,
    requested: '2000',
    lines: [
      ['Materiały plastyczne', '1000'],
      ['Poczęstunek', '500'],
    ],
  });

  // A draft may be incomplete or inconsistent: saving works.
  let response = await submitAndWait(page, page.getByRole('button', { name: 'Zapisz wersję roboczą' }));
  expect(response.status()).toBe(303);
  await expect(page).toHaveURL(new RegExp(`${appPath}\\?komunikat=zapisano$`));
  await expect(notice(page)).toHaveText('Zapisano wersję roboczą.');
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const budget = page.getByRole('group', { name: 'Budżet' });
  await expect(budget).toContainText('1 500,00');
  await expectNoA11yViolations(page);

  // Submitting is refused: the summary names the budget problem and points at the budget.
  response = await submitAndWait(page, page.getByRole('button', { name: 'Złóż wniosek' }));
  expect(response.status()).toBe(422);
  await expect(page).toHaveTitle(/^Błąd: /);
  await expect(errorSummary(page)).toBeVisible();
  const budgetMessage = /Pozycje budżetu sumują się do 1\s500,00\s*zł, a wnioskowana kwota to 2\s000,00\s*zł\. Kwoty muszą być równe\.$/;
  await expectSummaryLinkTo(page, budgetMessage, budget);
  await expect(budget.getByText(budgetMessage)).toBeVisible();
  // Read out with the group: "Błąd: Pozycje budżetu …".
  await expect(budget).toHaveAccessibleDescription(new RegExp(`^Błąd: ${budgetMessage.source}`));
  await expect(fact(page, 'Status')).toHaveText('wersja robocza');
  // Everything typed is still there.
  const label = (text: string) => page.getByLabel(text, { exact: true });
  await expect(label('Tytuł inicjatywy')).toHaveValue(title);
  await expect(label('Wnioskowana kwota (zł)')).toHaveValue(/^2\s?000(,00)?$/);
  await expect(label('Pozycja 1')).toHaveValue('Materiały plastyczne');
  await expect(label('Kwota pozycji 1')).toHaveValue(/^1\s?000(,00)?$/);
  await expect(label('Pozycja 2')).toHaveValue('Poczęstunek');
  await expect(label('Kwota pozycji 2')).toHaveValue(/^500(,00)?$/);
  await expect(label('Godziny pracy wolontariuszy')).toHaveValue('30');
  await expect(label('Miejsce realizacji')).toHaveValue('Skwer przy ul. Słowackiego, Piotrków Trybunalski');
  await expectNoA11yViolations(page);

  // The summary link moves the focus to the budget.
  await errorSummary(page).getByRole('link', { name: budgetMessage }).click();
  await expect(budget).toBeFocused();

  // Fixed: the lines add up to the requested amount.
  await label('Kwota pozycji 2').fill('1000');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Złóż wniosek' }));
  expect(response.status()).toBe(303);
  await expect(page).toHaveURL(new RegExp(`${appPath}\\?komunikat=zlozono$`));
  await expect(notice(page)).toHaveText('Wniosek został złożony. Potwierdzenie z numerem wysłaliśmy e-mailem.');
  await expect(fact(page, 'Status')).toHaveText('złożony');
  const number = (await fact(page, 'Numer potwierdzenia').innerText()).trim();
  expect(number).toMatch(/^\d{4}-[A-Z0-9]+-\d{4}$/);
  // Time of submission, in Warsaw time.
  await expect(fact(page, 'Złożono')).toHaveText(/\d{1,2}:\d{2}.*\(czas warszawski\)/);
  // The receipt is read-only: the content, no form.
  await expect(page.getByRole('button', { name: 'Złóż wniosek' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Treść wniosku' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Budżet' }).getByRole('row')).toHaveCount(3);
  await expectNoA11yViolations(page);

  // "Moje wnioski" lists it as submitted, with the number.
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Moje wnioski' }).click();
  await expect(page).toHaveURL(/\/moje-wnioski$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Moje wnioski' })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: title, exact: true }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell', { name: org, exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'złożony', exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: number, exact: true })).toBeVisible();
  await expectNoA11yViolations(page);

  // The confirmation e-mail has the same number.
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Poczta' }).click();
  await expect(page).toHaveURL(/\/poczta$/);
  const mail = page.getByRole('article').filter({ has: page.getByRole('heading', { name: `Potwierdzenie złożenia wniosku ${number}` }) });
  await expect(mail).toHaveCount(1);
  await expect(mail).toContainText(`Numer potwierdzenia: ${number}`);
  await expect(mail).toContainText(`„${title}”`);
  await expect(mail).toContainText(OPEN_CALL);
  await expectNoA11yViolations(page);

  // Reopening the application from "Moje wnioski" shows the same receipt.
  await visit(page, '/moje-wnioski');
  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${appPath}$`));
  await expect(fact(page, 'Numer potwierdzenia')).toHaveText(number);
});
