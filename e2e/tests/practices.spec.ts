// Story: the Good Practices library. Anyone searches in any word form (and without Polish
// letters) with filters; an officer describes a practice; the metropolis publishes it.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, errorSummary, expectNoA11yViolations, login, submitAndWait, uniqueSuffix, visit } from '../helpers';

test.describe.configure({ timeout: 90_000 });

test('anyone finds practices by inflected words without Polish letters and filters them', async ({ page }) => {
  await visit(page, '/');
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Dobre praktyki' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dobre praktyki' })).toBeVisible();
  await page.getByLabel('Czego szukasz?').fill('fundusz sasiedzki');
  await page.getByRole('button', { name: 'Szukaj' }).click();
  const first = page.locator('.results li').first();
  await expect(first.getByRole('link')).toHaveText('Fundusz sąsiedzki na osiedlach Sosnowca');
  await expect(first.locator('mark').first()).toBeVisible();
  await expectNoA11yViolations(page);

  await page.getByLabel('Czego szukasz?').fill('mikrogranty dla grup nieformalnych');
  await page.getByLabel('Instrument').selectOption('microgrants');
  await page.getByRole('button', { name: 'Szukaj' }).click();
  await expect(page.locator('.results li')).toHaveCount(1);
  await expect(page.locator('.results li').getByRole('link')).toHaveText('Mikrogranty dla grup nieformalnych w Piotrkowie Trybunalskim');

  await page.locator('.results li').getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Metryczka' })).toBeVisible();
  await expect(page.getByText('Marek Metropolitalny').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Rejestr zmian' })).toBeVisible();
  await expectNoA11yViolations(page);
});

test('an officer describes a practice and the metropolis publishes it', async ({ browser }) => {
  const suffix = uniqueSuffix();
  const title = `Spółdzielnia sąsiedzka seniorów ${suffix}`;
  const officer = await (await browser.newContext()).newPage();
  await login(officer, 'urzednik@katowice.demo', DEMO_PASSWORD);
  await visit(officer, '/praktyki/nowa');
  await expect(officer.getByRole('heading', { level: 1, name: 'Opisz dobrą praktykę' })).toBeVisible();
  await expectNoA11yViolations(officer);
  await submitAndWait(officer, officer.getByRole('button', { name: 'Przekaż do weryfikacji' }));
  await expect(errorSummary(officer)).toBeVisible();
  await expectNoA11yViolations(officer);

  await officer.getByLabel('Tytuł').fill(title);
  await officer.getByLabel('Streszczenie').fill('Seniorzy prowadzą wspólnie klub i wymieniają się usługami.');
  await officer.getByLabel('Problem i co zrobiono').fill('Samotni seniorzy z jednego osiedla założyli spółdzielnię sąsiedzką przy wsparciu miasta.');
  await officer.getByLabel('Rezultaty (z liczbami)').fill('Do spółdzielni należy 140 seniorów.');
  await officer.getByLabel('Instrument').selectOption('other');
  await officer.getByLabel('Tematy (oddzielone przecinkami)').fill('seniorzy, sąsiedztwo');
  await officer.getByLabel('Rok realizacji').fill('2025');
  await officer.getByLabel('Imię i nazwisko osoby do kontaktu').fill('Katarzyna Urzędniczka');
  await officer.getByLabel('E-mail osoby do kontaktu').fill('seniorzy@katowice.demo');
  await submitAndWait(officer, officer.getByRole('button', { name: 'Przekaż do weryfikacji' }));
  await expect(officer.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(officer.getByText('Przekazana do weryfikacji')).toBeVisible();
  await expectNoA11yViolations(officer);

  const metro = await (await browser.newContext()).newPage();
  await login(metro, 'metropolia@gzm.demo', DEMO_PASSWORD);
  await visit(metro, '/praktyki/przeglad');
  await expectNoA11yViolations(metro);
  await metro.getByRole('link', { name: title }).click();
  await expectNoA11yViolations(metro);
  await submitAndWait(metro, metro.getByRole('button', { name: 'Opublikuj' }));
  await expect(metro.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(metro.getByText('Opublikował(a)')).toBeVisible();

  // Anyone now finds it with another form of the words, without Polish letters.
  const anon = await (await browser.newContext()).newPage();
  await visit(anon, '/praktyki?q=spoldzielni+sasiedzkiej');
  await expect(anon.locator('.results li').first().getByRole('link')).toHaveText(title);
});
