// Story: the officer of Piotrków keeps a catalogue of kinds of social service and records
// micro-purchases from NGOs; at 80 % of the 130 000 zł net threshold the purchase page warns,
// a purchase that would reach it is refused with the current sum and the threshold, and is
// accepted once the officer justifies why it is not the same kind. Then the supplier reports
// the outcomes and the officer accepts them and records the payment. Every page passes axe.
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  DEMO_PASSWORD,
  errorSummary,
  expectNoA11yViolations,
  expectSummaryLinkTo,
  login,
  submitAndWait,
  uniqueSuffix,
  visit,
} from '../helpers';

const OFFICER = 'urzednik@piotrkow.demo';
const SUPPLIER_REP = 'mieszkanka@wspolnie.demo';
const SUPPLIER = 'Fundacja Sąsiedzka „Razem”';
const NBSP = '\u00a0';

test.describe.configure({ timeout: 120_000 });

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Adds a kind of service through the catalogue page; returns its label in the purchase form. */
async function addKind(page: Page): Promise<string> {
  await visit(page, '/piotrkow-trybunalski/mikrozakupy/rodzaje');
  const code = `e2e-${uniqueSuffix()}`.slice(0, 30);
  const name = 'Warsztaty dla seniorów';
  await page.getByLabel('Kod', { exact: true }).fill(code);
  await page.getByLabel('Nazwa', { exact: true }).fill(name);
  const response = await submitAndWait(page, page.getByRole('button', { name: 'Dodaj rodzaj usługi' }));
  expect(response.status()).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Dodano rodzaj usługi.');
  await expect(page.getByRole('cell', { name: code.toUpperCase(), exact: true })).toBeVisible();
  await expectNoA11yViolations(page);
  return `${code.toUpperCase()} — ${name}`;
}

/** Fills the purchase form (net = gross) and submits it; returns the answer to the POST. */
async function recordPurchase(page: Page, kind: string, net: string, justification = '') {
  await visit(page, '/piotrkow-trybunalski/mikrozakupy/nowy');
  await page.getByLabel('Jednostka zamawiająca', { exact: true }).fill('Miejski Ośrodek Pomocy Społecznej');
  await page.getByLabel('Rodzaj usługi', { exact: true }).selectOption({ label: kind });
  await page.getByLabel('Wykonawca', { exact: true }).selectOption({ label: SUPPLIER });
  await page.getByRole('radio', { name: 'odpłatna działalność pożytku publicznego' }).check();
  await page.getByLabel('Wartość netto', { exact: true }).fill(net);
  await page.getByLabel('Wartość brutto', { exact: true }).fill(net);
  await page.getByLabel('Początek realizacji', { exact: true }).fill(today());
  await page.getByLabel('Koniec realizacji', { exact: true }).fill(today());
  await page.getByLabel('Rezultaty', { exact: true }).fill('20 warsztatów po 15 uczestników\nraport z ankiet');
  if (justification) await page.getByLabel('Uzasadnienie, że to nie ten sam rodzaj usługi', { exact: true }).fill(justification);
  return submitAndWait(page, page.getByRole('button', { name: 'Zapisz zakup' }));
}

test('the threshold warns at 80 %, refuses at 130 000 zł and accepts a justified purchase', async ({ page }) => {
  await login(page, OFFICER, DEMO_PASSWORD);
  await visit(page, '/piotrkow-trybunalski');
  await page.getByRole('link', { name: 'Mikrozakupy usług społecznych' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Mikrozakupy usług społecznych — Piotrków/ })).toBeVisible();
  await expectNoA11yViolations(page);

  const kind = await addKind(page);

  let response = await recordPurchase(page, kind, '100 000');
  expect(response.status()).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Zakup zapisany.');
  await expect(page.getByText(/^Uwaga\./)).toHaveCount(0);
  await expectNoA11yViolations(page);

  response = await recordPurchase(page, kind, '10 000,00 zł');
  expect(response.status()).toBe(303);
  const threshold = page.getByRole('region', { name: 'Próg zamówień publicznych' });
  await expect(threshold).toContainText(`110${NBSP}000,00${NBSP}zł`);
  await expect(threshold.locator('.warning')).toContainText('84% progu');
  await expectNoA11yViolations(page);

  // 25 000 zł more would make 135 000 zł: refused, with the sum and the threshold.
  response = await recordPurchase(page, kind, '25 000');
  expect(response.status()).toBe(409);
  await expect(page).toHaveTitle(/^Błąd: /);
  const summary = errorSummary(page);
  await expect(summary).toContainText(`wynosi 110${NBSP}000,00${NBSP}zł`);
  await expect(summary).toContainText(`próg 130${NBSP}000,00${NBSP}zł`);
  const justification = page.getByLabel('Uzasadnienie, że to nie ten sam rodzaj usługi', { exact: true });
  await expectSummaryLinkTo(page, /^Zakup odrzucony/, justification);
  await expect(justification).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Wartość netto', { exact: true })).toHaveValue('25 000');
  await expectNoA11yViolations(page);

  await justification.fill('Zajęcia komputerowe to usługa szkoleniowa, inna niż warsztaty rękodzieła.');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Zapisz zakup' }));
  expect(response.status()).toBe(303);
  await expect(threshold).toContainText(`135${NBSP}000,00${NBSP}zł`);
  await expect(threshold).toContainText('próg osiągnięty');
  await expect(threshold).toContainText('Zajęcia komputerowe to usługa szkoleniowa');
  await expectNoA11yViolations(page);

  // The public yearly list shows the three purchases to everyone.
  await visit(page, '/piotrkow-trybunalski/mikrozakupy');
  await expect(page.getByRole('row', { name: new RegExp(`${kind.split(' ')[0]}.*3`) })).toBeVisible();
});

async function as(browser: Browser, baseURL: string | undefined, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'pl-PL', timezoneId: 'Europe/Warsaw' });
  const page = await context.newPage();
  await login(page, email, DEMO_PASSWORD);
  return page;
}

test('the supplier reports outcomes, the officer accepts them and records the payment', async ({ page, browser }, testInfo) => {
  await login(page, OFFICER, DEMO_PASSWORD);
  const kind = await addKind(page);
  const response = await recordPurchase(page, kind, '4 500');
  expect(response.status()).toBe(303);
  const purchasePath = new URL(page.url()).pathname;

  const supplier = await as(browser, testInfo.project.use.baseURL, SUPPLIER_REP);
  try {
    await visit(supplier, purchasePath);
    const report = supplier.getByRole('region', { name: 'Sprawozdanie z rezultatów' });
    await report.getByLabel('Osiągnięty rezultat: „20 warsztatów po 15 uczestników”').fill('18 warsztatów po 15 uczestników');
    await report.getByLabel('Osiągnięty rezultat: „raport z ankiet”').fill('raport przekazany 30 czerwca');
    const sent = await submitAndWait(supplier, report.getByRole('button', { name: 'Wyślij sprawozdanie' }));
    expect(sent.status()).toBe(303);
    await expect(supplier.getByRole('definition').filter({ hasText: 'rezultaty zgłoszone' })).toBeVisible();
    await expect(supplier.getByRole('cell', { name: '18 warsztatów po 15 uczestników' })).toBeVisible();
    await expectNoA11yViolations(supplier);
  } finally {
    await supplier.context().close();
  }

  await visit(page, purchasePath);
  const acceptance = page.getByRole('region', { name: 'Odbiór rezultatów' });
  // A rejection without reasons is refused.
  await acceptance.getByRole('radio', { name: 'Odmawiam odbioru' }).check();
  let answer = await submitAndWait(page, acceptance.getByRole('button', { name: 'Zapisz decyzję' }));
  expect(answer.status()).toBe(422);
  await expect(errorSummary(page)).toContainText('Podaj powody odmowy odbioru');
  await expectNoA11yViolations(page);

  await page.getByRole('radio', { name: 'Odbieram rezultaty (protokół odbioru)' }).check();
  await page.getByLabel('Uwagi lub powody odmowy', { exact: true }).fill('Rezultaty osiągnięte w 90%.');
  answer = await submitAndWait(page, page.getByRole('button', { name: 'Zapisz decyzję' }));
  expect(answer.status()).toBe(303);
  await expect(page.getByRole('definition').filter({ hasText: 'odebrany (protokół odbioru)' })).toBeVisible();
  const protocol = page.getByRole('link', { name: 'Protokół odbioru (PDF)' });
  await expect(protocol).toBeVisible();
  const pdf = await page.request.get((await protocol.getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await expectNoA11yViolations(page);

  await page.getByLabel('Data zapłaty', { exact: true }).fill(today());
  answer = await submitAndWait(page, page.getByRole('button', { name: 'Zapisz płatność' }));
  expect(answer.status()).toBe(303);
  await expect(page.getByRole('definition').filter({ hasText: /^zapłacono / })).toBeVisible();
  const history = page.getByRole('region', { name: 'Historia' });
  await expect(history.getByRole('listitem')).toHaveCount(4);
  await expectNoA11yViolations(page);
});

test('anyone can read the yearly list and the catalogue, without officer tools', async ({ page }) => {
  await visit(page, '/piotrkow-trybunalski/mikrozakupy');
  await expect(page.getByRole('heading', { level: 1, name: /^Mikrozakupy usług społecznych — Piotrków/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Zarejestruj mikrozakup' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Pobierz CSV' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Katalog rodzajów usług' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Katalog rodzajów usług/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Dodaj rodzaj usługi' })).toHaveCount(0);
  await expectNoA11yViolations(page);
  // The purchase form is for officers: a visitor is sent to log in.
  await page.goto('/piotrkow-trybunalski/mikrozakupy/nowy');
  await expect(page).toHaveURL(/\/logowanie\?powrot=/);
});
