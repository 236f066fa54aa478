// Story: the Good Practices library beyond search. An officer attaches a document to a practice
// (a file that only pretends to be a PDF is refused); anyone sees similar practices, browses one
// municipality's practices and reads a thematic meeting with the practices presented there.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, errorSummary, expectNoA11yViolations, login, submitAndWait, uniqueSuffix, visit } from '../helpers';

test.describe.configure({ timeout: 90_000 });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

test('an officer attaches a document to a practice; a fake PDF is refused', async ({ page }) => {
  const title = `Budżet dla młodzieży ${uniqueSuffix()}`;
  await login(page, 'urzednik@katowice.demo', DEMO_PASSWORD);
  await visit(page, '/praktyki/nowa');
  await expect(page.getByText('Załączniki dodasz po zapisaniu szkicu.')).toBeVisible();
  await page.getByLabel('Tytuł').fill(title);
  await page.getByLabel('Odnośniki (jeden w wierszu)').fill('https://katowice.example/budzet Regulamin budżetu');
  await submitAndWait(page, page.getByRole('button', { name: 'Zapisz szkic' }));
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Regulamin budżetu' })).toHaveAttribute('href', 'https://katowice.example/budzet');
  await expectNoA11yViolations(page);

  await page.getByRole('link', { name: 'Popraw opis praktyki' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Załączniki' })).toBeVisible();
  await expect(page.getByLabel('Odnośniki (jeden w wierszu)')).toHaveValue('https://katowice.example/budzet Regulamin budżetu');
  await expectNoA11yViolations(page);

  // HTML dressed up as a PDF: refused with a message next to the field.
  await page.getByLabel('Plik do dodania').setInputFiles({ name: 'sprawozdanie.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><body>nie PDF</body></html>') });
  await submitAndWait(page, page.getByRole('button', { name: 'Dodaj załącznik' }));
  await expect(errorSummary(page)).toBeVisible();
  await expect(errorSummary(page).getByRole('link', { name: /sprawozdanie\.pdf/ })).toHaveAttribute('href', '#f-file');
  await expect(page).toHaveTitle(/^Błąd:/);
  await expectNoA11yViolations(page);

  await page.getByLabel('Plik do dodania').setInputFiles({ name: 'Sprawozdanie końcowe.pdf', mimeType: 'application/pdf', buffer: PDF });
  await submitAndWait(page, page.getByRole('button', { name: 'Dodaj załącznik' }));
  const link = page.getByRole('link', { name: 'Sprawozdanie końcowe.pdf' });
  await expect(link).toBeVisible();
  await expect(page.getByRole('button', { name: 'Usuń Sprawozdanie końcowe.pdf' })).toBeVisible();
  await expectNoA11yViolations(page);
  const download = await page.request.get((await link.getAttribute('href'))!);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect(download.headers()['content-disposition']).toContain("filename*=UTF-8''Sprawozdanie%20ko%C5%84cowe.pdf");

  // The practice's page lists it; anonymous visitors cannot fetch a draft's file.
  await visit(page, page.url().replace(/\/edycja.*$/, ''));
  await expect(page.getByRole('heading', { name: 'Załączniki' })).toBeVisible();
  const anon = await page.context().browser()!.newContext();
  const blocked = await anon.request.get(new URL((await page.getByRole('link', { name: 'Sprawozdanie końcowe.pdf' }).getAttribute('href'))!, page.url()).toString());
  expect(blocked.status()).toBe(404);
  await anon.close();
});

test('anyone sees similar practices on a practice page', async ({ page }) => {
  await visit(page, '/praktyki?q=mikrogranty+dla+grup+nieformalnych');
  await page.locator('.results li').getByRole('link', { name: 'Mikrogranty dla grup nieformalnych w Piotrkowie Trybunalskim' }).click();
  const similar = page.getByRole('region', { name: 'Podobne praktyki' });
  await expect(similar).toBeVisible();
  await expect(similar.getByRole('link', { name: 'Inkubator grup nieformalnych w Katowicach' })).toBeVisible();
  await expect(similar).toContainText('wspólne tematy: grupy nieformalne');
  await expectNoA11yViolations(page);
  await similar.getByRole('link', { name: 'Inkubator grup nieformalnych w Katowicach' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inkubator grup nieformalnych w Katowicach' })).toBeVisible();
  await expectNoA11yViolations(page);
});

test("anyone browses one municipality's practices", async ({ page }) => {
  await visit(page, '/katowice');
  await page.getByRole('link', { name: 'Dobre praktyki gminy' }).first().click();
  await expect(page).toHaveURL(/\/katowice\/praktyki$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Dobre praktyki gminy — Katowice' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Inkubator grup nieformalnych w Katowicach' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Sosnowca/ })).toHaveCount(0);
  await expectNoA11yViolations(page);
});

test('a thematic meeting shows its materials and the practices presented', async ({ page }) => {
  await visit(page, '/praktyki');
  await page.getByRole('link', { name: 'Spotkania tematyczne' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Spotkania tematyczne' })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole('link', { name: /Jak nie dotacje, to co\?/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Jak nie dotacje, to co\?/ })).toBeVisible();
  const presented = page.getByRole('region', { name: 'Prezentowane praktyki' });
  await expect(presented.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('link', { name: 'Prezentacje ze spotkania' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Metryczka' })).toBeVisible();
  await expectNoA11yViolations(page);
  await presented.getByRole('link', { name: 'Fundusz sąsiedzki na osiedlach Sosnowca' }).click();
  const at = page.getByRole('region', { name: 'Prezentowana na spotkaniach' });
  await expect(at.getByRole('link', { name: /Jak nie dotacje, to co\?/ })).toBeVisible();
  await expectNoA11yViolations(page);
});

test('the metropolis records a thematic meeting', async ({ page }) => {
  const title = `Inkubatory i rady ${uniqueSuffix()}`;
  await login(page, 'metropolia@gzm.demo', DEMO_PASSWORD);
  await visit(page, '/spotkania/nowe');
  await submitAndWait(page, page.getByRole('button', { name: 'Zapisz i opublikuj' }));
  await expect(errorSummary(page)).toBeVisible();
  await expect(page).toHaveTitle(/^Błąd:/);
  await expectNoA11yViolations(page);
  await page.getByLabel('Tytuł spotkania').fill(title);
  await page.getByLabel('Data i godzina rozpoczęcia').fill('2027-03-04T10:00');
  await page.getByLabel('Adres spotkania online').fill('https://spotkania.gzm.demo/inkubatory');
  await page.getByLabel('Inkubator grup nieformalnych w Katowicach (Katowice)').check();
  await submitAndWait(page, page.getByRole('button', { name: 'Zapisz i opublikuj' }));
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Prezentowane praktyki' }).getByRole('link', { name: 'Inkubator grup nieformalnych w Katowicach' })).toBeVisible();
  await expectNoA11yViolations(page);
});
