// Story: the officer sets the year's small-grant pool (20 % of planned NGO grants at most); an
// NGO submits a simplified offer (first over 10 000 zł, then right) and sees its statutory dates;
// the officer finds it worthwhile and publishes it; anyone can read it, and a logged-in neighbour
// comments under her name. Every page passes axe.
import { expect, test, type Page } from '@playwright/test';
import {
  DEMO_PASSWORD,
  errorSummary,
  expectNoA11yViolations,
  expectSummaryLinkTo,
  login,
  registerAccount,
  submitAndWait,
  uniqueEmail,
  uniqueSuffix,
  visit,
} from '../helpers';

const OFFICER = 'urzednik@piotrkow.demo';
const REPRESENTATIVE = 'mieszkanka@wspolnie.demo';
const NBSP = '\u00a0';

test.describe.configure({ timeout: 120_000 });

function isoDaysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const START = isoDaysFromNow(40);
const END = isoDaysFromNow(70);
const YEAR = START.slice(0, 4);

async function setPool(page: Page): Promise<void> {
  await visit(page, `/piotrkow-trybunalski/male-granty?rok=${YEAR}`);
  const form = page.getByRole('region', { name: 'Ustal pulę' });
  await form.getByLabel('Rok', { exact: true }).fill(YEAR);
  await form.getByLabel('Dotacje planowane dla organizacji w roku', { exact: true }).fill('500 000');
  await form.getByLabel('Pula małych grantów', { exact: true }).fill('100 000,01');
  let response = await submitAndWait(page, form.getByRole('button', { name: 'Zapisz pulę' }));
  expect(response.status()).toBe(422);
  await expectSummaryLinkTo(page, /nie może przekroczyć 20% dotacji/, page.getByLabel('Pula małych grantów', { exact: true }));
  await expectNoA11yViolations(page);
  await page.getByLabel('Pula małych grantów', { exact: true }).fill('100 000');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Zapisz pulę' }));
  expect(response.status()).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Pula zapisana.');
  await expect(page.getByRole('region', { name: `Pula małych grantów na rok ${YEAR}` })).toContainText(`100${NBSP}000,00${NBSP}zł`);
  await expectNoA11yViolations(page);
}

test('an offer is submitted, published within 7 working days and commented on', async ({ page, browser }, testInfo) => {
  await login(page, OFFICER, DEMO_PASSWORD);
  await setPool(page);

  // The NGO's representative submits an offer.
  const ngo = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'pl-PL', timezoneId: 'Europe/Warsaw' });
  const rep = await ngo.newPage();
  const title = `Potańcówka sąsiedzka ${uniqueSuffix()}`;
  let offerPath = '';
  try {
    await login(rep, REPRESENTATIVE, DEMO_PASSWORD);
    await visit(rep, '/piotrkow-trybunalski/male-granty');
    await rep.getByRole('link', { name: 'Złóż ofertę na mały grant' }).click();
    await expect(rep.getByRole('heading', { level: 1, name: 'Złóż ofertę na mały grant' })).toBeVisible();
    await expectNoA11yViolations(rep);

    await rep.getByLabel('Organizacja', { exact: true }).selectOption({ label: 'Stowarzyszenie Przyjaciół Starego Miasta' });
    await rep.getByLabel('Tytuł zadania', { exact: true }).fill(title);
    await rep.getByLabel('Opis zadania', { exact: true }).fill('Trzy spotkania z muzyką na żywo dla seniorów i ich wnuków na Starym Mieście.');
    await rep.getByLabel('Początek zadania', { exact: true }).fill(START);
    await rep.getByLabel('Koniec zadania', { exact: true }).fill(END);
    await rep.getByLabel('Kwota', { exact: true }).fill('10 000,01');
    await rep.getByLabel('Pozycja 1', { exact: true }).fill('Zespół muzyczny');
    await rep.getByLabel('Kwota pozycji 1', { exact: true }).fill('10 000,01');
    await rep.getByLabel('Zakładane rezultaty', { exact: true }).fill('3 potańcówki\n120 uczestników');
    let response = await submitAndWait(rep, rep.getByRole('button', { name: 'Złóż ofertę' }));
    expect(response.status()).toBe(422);
    // Accessible names normalise the no-break spaces of amounts to plain spaces.
    await expectSummaryLinkTo(rep, /najwyżej 10\s000,00\szł/, rep.getByLabel('Kwota', { exact: true }));
    await expect(rep.getByLabel('Tytuł zadania', { exact: true })).toHaveValue(title);
    await expectNoA11yViolations(rep);

    await rep.getByLabel('Kwota', { exact: true }).fill('8 000');
    await rep.getByLabel('Kwota pozycji 1', { exact: true }).fill('8 000');
    response = await submitAndWait(rep, rep.getByRole('button', { name: 'Złóż ofertę' }));
    expect(response.status()).toBe(303);
    await expect(rep.getByRole('status')).toContainText('Oferta złożona.');
    await expect(rep.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const dates = rep.getByRole('region', { name: 'Terminy ustawowe' });
    await expect(dates.getByRole('term').filter({ hasText: 'Publikacja najpóźniej' })).toBeVisible();
    await expect(dates.getByRole('definition').nth(1)).toHaveText(/^\d{2}\.\d{2}\.\d{4}$/);
    await expectNoA11yViolations(rep);
    offerPath = new URL(rep.url()).pathname;
  } finally {
    await ngo.close();
  }

  // Not public before publication.
  const anonymousContext = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'pl-PL', timezoneId: 'Europe/Warsaw' });
  const anonymous = await anonymousContext.newPage();
  try {
    const hidden = await anonymous.goto(offerPath);
    expect(hidden?.status()).toBe(404);

    // The officer publishes it.
    await visit(page, offerPath);
    const publish = await submitAndWait(page, page.getByRole('button', { name: 'Uznaj za celowe i opublikuj' }));
    expect(publish.status()).toBe(303);
    await expect(page.getByRole('definition').filter({ hasText: 'opublikowana — uwagi, potem decyzja' })).toBeVisible();
    await expectNoA11yViolations(page);

    // Anyone reads it; commenting needs a login.
    await visit(anonymous, offerPath);
    await expect(anonymous.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(anonymous.getByText('Aby zgłosić uwagę, zaloguj się.')).toBeVisible();
  } finally {
    await anonymousContext.close();
  }

  // A neighbour registers and comments; the comment shows her name.
  const neighbourContext = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'pl-PL', timezoneId: 'Europe/Warsaw' });
  const neighbour = await neighbourContext.newPage();
  try {
    const name = `Zofia Sąsiadka ${uniqueSuffix()}`;
    await registerAccount(neighbour, name, uniqueEmail('sasiadka'), 'zielony rower nad Pilicą');
    await visit(neighbour, offerPath);
    const comments = neighbour.getByRole('region', { name: 'Uwagi' });
    let response = await submitAndWait(neighbour, comments.getByRole('button', { name: 'Dodaj uwagę' }));
    expect(response.status()).toBe(422);
    await expect(errorSummary(neighbour)).toContainText('To pole jest wymagane.');
    await expectNoA11yViolations(neighbour);
    await neighbour.getByLabel('Twoja uwaga', { exact: true }).fill('Świetny pomysł! Proszę o spotkania po południu.');
    response = await submitAndWait(neighbour, neighbour.getByRole('button', { name: 'Dodaj uwagę' }));
    expect(response.status()).toBe(303);
    const list = neighbour.getByRole('region', { name: 'Uwagi' }).getByRole('listitem');
    await expect(list).toHaveCount(1);
    await expect(list.first()).toContainText(name);
    await expect(list.first()).toContainText('Świetny pomysł! Proszę o spotkania po południu.');
    await expectNoA11yViolations(neighbour);
  } finally {
    await neighbourContext.close();
  }
});

test('the list of small grants explains the limits to anyone', async ({ page }) => {
  await visit(page, '/piotrkow-trybunalski/male-granty');
  await expect(page.getByRole('heading', { level: 1, name: /^Małe granty — Piotrków/ })).toBeVisible();
  await expect(page.getByText('najwyżej 10 000 zł na jedno zadanie;')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Zapisz pulę' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Zaloguj się' }).last()).toHaveAttribute('href', '/logowanie?powrot=/piotrkow-trybunalski/male-granty/nowa');
});
