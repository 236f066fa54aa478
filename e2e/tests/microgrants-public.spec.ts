// Microgrants story 4: what everyone sees without logging in (calls, the finished call's results,
// funded initiatives with their status), and the agreement PDF for the applicant's representative.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, expectNoA11yViolations, login, visit } from '../helpers';
import { FINISHED_CALL, MUNICIPALITY, OPEN_CALL, RESIDENT } from '../grants';

test.describe.configure({ timeout: 60_000 });

const MONEY = (zl: string) => new RegExp(`^${zl.replace(' ', '\\s')},00\\s*zł$`);
/** People who must never be named on public pages: the group's members and the evaluator. */
const PRIVATE_NAMES = ['Anna Mieszkanka', 'Piotr Sąsiad', 'Zofia Działkowa', 'Ewa Oceniająca'];

test('an anonymous visitor sees the calls, the published results and the funded initiatives', async ({ page }) => {
  await visit(page, `/${MUNICIPALITY}`);
  await page.getByRole('main').getByRole('link', { name: 'Nabory mikrograntów' }).click();
  await expect(page).toHaveURL(new RegExp(`/${MUNICIPALITY}/nabory$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Nabory mikrograntów: Piotrków Trybunalski' })).toBeVisible();
  await expectNoA11yViolations(page);
  const calls = page.getByRole('table', { name: 'Nabory mikrograntów' });
  const finished = calls.getByRole('row').filter({ has: page.getByRole('link', { name: FINISHED_CALL, exact: true }) });
  const open = calls.getByRole('row').filter({ has: page.getByRole('link', { name: OPEN_CALL, exact: true }) });
  await expect(finished.getByRole('cell').nth(1)).toHaveText('wyniki ogłoszone');
  await expect(finished.getByRole('cell').nth(3)).toHaveText(MONEY('8 000'));
  await expect(open.getByRole('cell').nth(1)).toHaveText('trwa nabór');
  await expect(open.getByRole('cell').nth(3)).toHaveText(MONEY('20 000'));
  await expect(page.getByRole('link', { name: 'Panel urzędu' })).toHaveCount(0);

  // The open call asks a visitor to log in before applying.
  await open.getByRole('link', { name: OPEN_CALL, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: OPEN_CALL })).toBeVisible();
  await expect(page.getByText('Aby złożyć wniosek, zaloguj się.')).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Złóż wniosek' })).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('link', { name: 'Zaloguj się' })).toHaveAttribute('href', /^\/logowanie\?powrot=\/nabory\//);
  await expect(page.getByRole('region', { name: 'Wyniki' })).toHaveCount(0);
  await expectNoA11yViolations(page);

  // The finished call: ranks, amounts and outcomes.
  await page.goBack();
  await finished.getByRole('link', { name: FINISHED_CALL, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: FINISHED_CALL })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('wyniki ogłoszone');
  const results = page.getByRole('region', { name: 'Wyniki' });
  await expect(results).toContainText(/Przyznano łącznie: 7\s000,00\s*zł \/ 8\s000,00\s*zł/);
  const table = results.getByRole('table', { name: 'Wyniki' });
  await expect(table.getByRole('columnheader')).toHaveText([
    'Miejsce', 'Wnioskodawca', 'Tytuł', 'Średnia punktów', 'Wnioskowana kwota', 'Przyznana kwota', 'Wynik',
  ]);
  const rows = table.getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1).getByRole('cell')).toHaveText([
    '1', 'Sąsiedzi z Podwórka przy Słowackiego', 'Podwórko pełne zieleni', '26,00', MONEY('4 000'), MONEY('4 000'), 'dofinansowany',
  ]);
  await expect(rows.nth(2).getByRole('cell')).toHaveText([
    '2', 'Fundacja Sąsiedzka „Razem”', 'Sąsiedzkie kino letnie', '23,00', MONEY('3 000'), MONEY('3 000'), 'dofinansowany',
  ]);
  for (const name of PRIVATE_NAMES) await expect(page.getByText(name)).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('link', { name: 'Złóż wniosek' })).toHaveCount(0);
  await expectNoA11yViolations(page);

  // Funded initiatives with their status: the settled one is "rozliczona".
  await visit(page, `/${MUNICIPALITY}/nabory`);
  await page.getByRole('main').getByRole('link', { name: 'Sfinansowane inicjatywy' }).click();
  await expect(page).toHaveURL(new RegExp(`/${MUNICIPALITY}/inicjatywy$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Sfinansowane inicjatywy: Piotrków Trybunalski' })).toBeVisible();
  const initiative = (title: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: title }) });
  const garden = initiative('Podwórko pełne zieleni');
  await expect(garden).toContainText('Sąsiedzi z Podwórka przy Słowackiego');
  await expect(garden).toContainText(/4\s000,00\s*zł/);
  await expect(garden.getByText('rozliczona', { exact: true })).toBeVisible();
  const cinema = initiative('Sąsiedzkie kino letnie');
  await expect(cinema).toContainText('Fundacja Sąsiedzka „Razem”');
  await expect(cinema.getByText('w realizacji', { exact: true })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(/Przyznano łącznie: 7\s000,00\s*zł/);
  for (const name of PRIVATE_NAMES) await expect(page.getByText(name)).toHaveCount(0);
  await expectNoA11yViolations(page);
});

test('the representative downloads the signed agreement as a PDF from "Moje wnioski"', async ({ page }) => {
  await login(page, RESIDENT, DEMO_PASSWORD);
  await visit(page, '/moje-wnioski');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Sąsiedzkie kino letnie', exact: true }) });
  await expect(row.getByRole('cell').nth(1)).toHaveText('Fundacja Sąsiedzka „Razem”');
  await expect(row.getByRole('cell').nth(2)).toHaveText('złożony');
  await row.getByRole('link', { name: 'Sąsiedzkie kino letnie', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sąsiedzkie kino letnie' })).toBeVisible();

  const agreement = page.getByRole('region', { name: /^Umowa / });
  await expect(agreement).toBeVisible();
  await expect(agreement).toContainText('podpisana');
  await expect(agreement).toContainText(/3\s000,00\s*zł/);
  await expectNoA11yViolations(page);

  const link = agreement.getByRole('link', { name: /^Pobierz umowę/ });
  const href = await link.getAttribute('href');
  expect(href).toMatch(/\/wnioski\/[^/]+\/umowa\.pdf$/);
  const [download, response] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => r.url().endsWith(href!)),
    link.click(),
  ]);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(download.suggestedFilename()).toMatch(/^umowa-.+\.pdf$/);
  const bytes = await page.request.get(href!).then((r) => r.body());
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // Someone else cannot download it.
  await page.context().clearCookies();
  const stranger = await page.request.get(href!, { maxRedirects: 0 });
  expect(stranger.status()).not.toBe(200);
});
