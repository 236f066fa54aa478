// Story: a resident reads the open consultation of the 2027 cooperation programme (demo data),
// logs in and comments (first empty, then right; publicly and not); the officer answers the
// comments of a closed consultation, publishes its report, and anyone reads it with the
// non-public comment shown without its author; the programme page lists the programmes by year
// with their deadlines, and the officer records a new programme and its adoption. Every page
// state passes axe.
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import {
  DEMO_PASSWORD,
  errorSummary,
  expectNoA11yViolations,
  expectSummaryLinkTo,
  login,
  registerAccount,
  submitAndWait,
  uniqueEmail,
  visit,
} from '../helpers';

const OFFICER = 'urzednik@piotrkow.demo';
const LIST = '/piotrkow-trybunalski/konsultacje';
const OPEN_TITLE = 'Konsultacje projektu programu współpracy na rok 2027';
const CLOSED_TITLE = 'Konsultacje projektu uchwały o inicjatywie lokalnej';

test.describe.configure({ timeout: 120_000 });

async function anonymousPage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'pl-PL', timezoneId: 'Europe/Warsaw' });
  return ctx.newPage();
}

async function openConsultation(page: Page, title: string): Promise<string> {
  await visit(page, LIST);
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expectNoA11yViolations(page);
  return new URL(page.url()).pathname;
}

test('a resident comments on the open consultation of the 2027 programme', async ({ page, browser }, testInfo) => {
  // Anyone reads it: the document, the dates and the two public comments of the demo.
  const path = await openConsultation(page, OPEN_TITLE);
  await expect(page.getByText('trwa — przyjmuje uwagi')).toBeVisible();
  const comments = page.getByRole('region', { name: 'Uwagi publiczne' });
  await expect(comments.getByRole('listitem')).toHaveCount(2);
  await expect(comments).toContainText('Fundacja Sąsiedzka „Razem”');
  await expect(page.getByText('Aby zgłosić uwagę, zaloguj się.')).toBeVisible();

  await registerAccount(page, 'Helena Testowa', uniqueEmail('helena'), 'bardzo-tajne-haslo-1');
  await visit(page, path);
  const send = page.getByRole('button', { name: 'Wyślij uwagę' });
  let response = await submitAndWait(page, send);
  expect(response.status()).toBe(422);
  await expect(page).toHaveTitle(/^Błąd: /);
  await expectSummaryLinkTo(page, 'To pole jest wymagane.', page.getByLabel('Treść uwagi', { exact: true }));
  await expectNoA11yViolations(page);

  await page.getByLabel('Treść uwagi', { exact: true }).fill('Proszę dopisać do priorytetów ławki i cień na placach zabaw.');
  await page.getByLabel('Pokaż uwagę publicznie', { exact: true }).check();
  response = await submitAndWait(page, page.getByRole('button', { name: 'Wyślij uwagę' }));
  expect(response.status()).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Dziękujemy, uwaga została przyjęta.');
  await expect(comments.getByRole('listitem')).toHaveCount(3);
  await expect(comments).toContainText('Helena Testowa');
  await expectNoA11yViolations(page);

  // A non-public comment is accepted but not shown to the public.
  await page.getByLabel('Treść uwagi', { exact: true }).fill('Uwaga tylko dla urzędu: proszę o kontakt w sprawie lokalu.');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Wyślij uwagę' }));
  expect(response.status()).toBe(303);
  const anon = await anonymousPage(browser, testInfo);
  try {
    await visit(anon, path);
    await expect(anon.getByRole('region', { name: 'Uwagi publiczne' }).getByRole('listitem')).toHaveCount(3);
    await expect(anon.getByText('Uwaga tylko dla urzędu')).toHaveCount(0);
  } finally {
    await anon.context().close();
  }
});

test('the officer answers the comments of a closed consultation and publishes the report', async ({ page, browser }, testInfo) => {
  await login(page, OFFICER, DEMO_PASSWORD);
  const path = await openConsultation(page, CLOSED_TITLE);
  const all = page.getByRole('region', { name: 'Wszystkie uwagi' });
  await expect(all).toContainText('uwaga niepubliczna');
  await expect(all).toContainText('Anna Mieszkanka');

  // The report waits for every answer.
  let response = await submitAndWait(page, page.getByRole('button', { name: 'Opublikuj raport' }));
  expect(response.status()).toBe(409);
  await expect(page).toHaveTitle(/^Błąd: /);
  await expect(errorSummary(page)).toContainText('bez odpowiedzi: 2');
  await expectNoA11yViolations(page);

  // An answer needs a justification.
  const first = page.getByRole('group', { name: 'Rozstrzygnięcie uwagi nr 1' });
  await first.getByLabel('uwzględniona częściowo').check();
  response = await submitAndWait(page, page.getByRole('button', { name: 'Zapisz odpowiedź na uwagę nr 1' }));
  expect(response.status()).toBe(422);
  await expectSummaryLinkTo(page, 'To pole jest wymagane.', page.getByLabel('Uzasadnienie 1', { exact: true }));
  await expect(page.getByRole('group', { name: 'Rozstrzygnięcie uwagi nr 1' }).getByLabel('uwzględniona częściowo')).toBeChecked();
  await expectNoA11yViolations(page);
  await page.getByLabel('Uzasadnienie 1', { exact: true }).fill('Skracamy termin do 21 dni.');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Zapisz odpowiedź na uwagę nr 1' }));
  expect(response.status()).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Odpowiedź zapisana.');

  await page.getByRole('group', { name: 'Rozstrzygnięcie uwagi nr 2' }).getByLabel('uwzględniona', { exact: true }).check();
  await page.getByLabel('Uzasadnienie 2', { exact: true }).fill('Dodajemy wniosek papierowy w BAL.');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Zapisz odpowiedź na uwagę nr 2' }));
  expect(response.status()).toBe(303);
  await expectNoA11yViolations(page);

  await page.getByLabel('Podsumowanie (nieobowiązkowe)', { exact: true }).fill('Wpłynęły dwie uwagi; obie uwzględniono.');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Opublikuj raport' }));
  expect(response.status()).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Raport opublikowany.');
  await expectNoA11yViolations(page);

  // Anyone reads the report; the non-public comment has no author.
  const anon = await anonymousPage(browser, testInfo);
  try {
    await visit(anon, path);
    const report = anon.getByRole('region', { name: 'Raport z konsultacji' });
    await expect(report.getByRole('row')).toHaveCount(3);
    const hidden = report.getByRole('row').filter({ hasText: 'formie papierowej' });
    await expect(hidden).toContainText('uwaga niepubliczna (dane zgłaszającego nie są publikowane)');
    await expect(hidden).not.toContainText('Anna Mieszkanka');
    await expect(report).toContainText('Stowarzyszenie Przyjaciół Starego Miasta');
    const csv = await anon.request.get(`${path}/raport.csv`);
    expect(csv.status()).toBe(200);
    const body = await csv.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString('utf8')).toContain('Dodajemy wniosek papierowy w BAL.');
    expect(body.toString('utf8')).not.toContain('Anna Mieszkanka');
  } finally {
    await anon.context().close();
  }
});

test('the programme page shows the cycle by year and the officer records a programme', async ({ page }) => {
  await visit(page, '/piotrkow-trybunalski/program-wspolpracy');
  await expect(page.getByRole('heading', { level: 3, name: 'Program współpracy na rok 2026' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Program współpracy na rok 2027' })).toBeVisible();
  const y2026 = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Program współpracy na rok 2026' }) });
  await expect(y2026).toContainText('uchwalony');
  await expect(y2026).toContainText('Opinia Rady Działalności Pożytku Publicznego nr 4/2025');
  const y2027 = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Program współpracy na rok 2027' }) });
  await y2027.getByRole('link', { name: OPEN_TITLE }).click();
  await expect(page.getByRole('heading', { level: 1, name: OPEN_TITLE })).toBeVisible();

  await login(page, OFFICER, DEMO_PASSWORD);
  await visit(page, '/piotrkow-trybunalski/urzad');
  await expect(page.getByRole('region', { name: 'Terminy programu współpracy' })).toContainText('Uchwalenie programu na rok');

  await visit(page, '/piotrkow-trybunalski/program-wspolpracy');
  const form = page.getByRole('region', { name: 'Nowy program współpracy' });
  await form.getByLabel('Rok programu', { exact: true }).fill('2030');
  let response = await submitAndWait(page, form.getByRole('button', { name: 'Zapisz program' }));
  expect(response.status()).toBe(422);
  await expect(page).toHaveTitle(/^Błąd: /);
  await expectSummaryLinkTo(page, 'To pole jest wymagane.', page.getByLabel('Tytuł programu', { exact: true }));
  await expect(page.getByLabel('Rok programu', { exact: true })).toHaveValue('2030');
  await expectNoA11yViolations(page);
  await page.getByLabel('Tytuł programu', { exact: true }).fill('Program współpracy na rok 2030');
  await page.getByLabel('Opinia Rady Działalności Pożytku Publicznego', { exact: true }).fill('https://bip.example/opinia-2030');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Zapisz program' }));
  expect(response.status()).toBe(303);
  await expect(page.getByRole('heading', { level: 1, name: 'Program współpracy na rok 2030' })).toBeVisible();
  await expectNoA11yViolations(page);

  // Adoption in the future is refused; today is recorded.
  const adoption = page.getByRole('region', { name: 'Uchwalenie programu' });
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await adoption.getByLabel('Data uchwały rady gminy', { exact: true }).fill(tomorrow);
  response = await submitAndWait(page, adoption.getByRole('button', { name: 'Zapisz uchwalenie' }));
  expect(response.status()).toBe(422);
  await expectSummaryLinkTo(page, 'Data uchwalenia nie może być w przyszłości.', page.getByLabel('Data uchwały rady gminy', { exact: true }));
  await expectNoA11yViolations(page);
  const today = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Data uchwały rady gminy', { exact: true }).fill(today);
  await page.getByLabel('Numer uchwały lub odnośnik', { exact: true }).fill('Uchwała nr I/1/26');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Zapisz uchwalenie' }));
  expect(response.status()).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Zapisano.');
  await expect(page.getByRole('definition').filter({ hasText: 'uchwalony' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Metryczka' })).toContainText('Jan Urzędnik');
  await expectNoA11yViolations(page);
});
