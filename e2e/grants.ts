// Helpers for the microgrants stories: a fresh applicant with a fresh NGO, the open demo call,
// the application form. Selectors are role/label based, like a screen-reader user.
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import {
  DEMO_PASSWORD,
  expectNoA11yViolations,
  login,
  registerAccount,
  submitAndWait,
  uniqueEmail,
  uniqueSuffix,
  visit,
} from './helpers';

export const MUNICIPALITY = 'piotrkow-trybunalski';
export const OPEN_CALL = 'Inicjatywy sąsiedzkie — runda jesienna';
export const FINISHED_CALL = 'Inicjatywy sąsiedzkie — runda wiosenna';
export const OFFICER = 'urzednik@piotrkow.demo';
export const EVALUATOR = 'oceniajaca@piotrkow.demo';
export const RESIDENT = 'mieszkanka@wspolnie.demo';
const PASSWORD = 'zielony rower nad Pilicą';

/** A KRS number no other run has used (10 digits, not starting with 0). */
export function uniqueKrs(): string {
  return String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999));
}

/** A fresh resident account (logged in afterwards). */
export async function freshResident(page: Page): Promise<void> {
  await registerAccount(page, `Ola Grantowa ${uniqueSuffix()}`, uniqueEmail(), PASSWORD);
}

/** Registers an NGO in Piotrków Trybunalski through /organizacje/nowa; returns its name. */
export async function registerNgo(page: Page): Promise<string> {
  const name = `Stowarzyszenie Mikrograntowe ${uniqueSuffix()}`;
  await visit(page, '/organizacje/nowa');
  await expect(page.getByRole('radio', { name: /^Organizacja pozarządowa/ })).toBeChecked();
  await page.getByLabel('Nazwa', { exact: true }).fill(name);
  await page.getByLabel('Gmina', { exact: true }).selectOption({ label: 'Piotrków Trybunalski' });
  await page.getByLabel('Numer KRS', { exact: true }).fill(uniqueKrs());
  const response = await submitAndWait(page, page.getByRole('button', { name: 'Zarejestruj' }));
  expect(response.status(), 'NGO registered').toBe(303);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return name;
}

/** Opens the open demo call from the municipality's list of calls; returns the call's id. */
export async function openTheOpenCall(page: Page): Promise<string> {
  await visit(page, `/${MUNICIPALITY}/nabory`);
  const calls = page.getByRole('table', { name: 'Nabory mikrograntów' });
  const row = calls.getByRole('row').filter({ has: page.getByRole('link', { name: OPEN_CALL, exact: true }) });
  await expect(row.getByRole('cell', { name: 'trwa nabór' })).toBeVisible();
  await row.getByRole('link', { name: OPEN_CALL, exact: true }).click();
  await expect(page).toHaveURL(/\/nabory\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: OPEN_CALL })).toBeVisible();
  await expectNoA11yViolations(page);
  return new URL(page.url()).pathname.split('/')[2];
}

/** From the call page: "Złóż wniosek" → choose `org` → a new draft; returns the application's path. */
export async function startApplication(page: Page, org: string): Promise<string> {
  await page.getByRole('main').getByRole('link', { name: 'Złóż wniosek' }).click();
  await expect(page).toHaveURL(/\/nabory\/[^/]+\/wniosek$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Nowy wniosek' })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole('group', { name: 'W czyim imieniu składasz wniosek' }).getByRole('radio', { name: org, exact: true }).check();
  await page.getByRole('button', { name: 'Rozpocznij wniosek' }).click();
  await expect(page).toHaveURL(/\/wnioski\/[^/?]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Wniosek o mikrogrant' })).toBeVisible();
  await expectNoA11yViolations(page);
  return new URL(page.url()).pathname;
}

/** A date `days` from today as YYYY-MM-DD (for <input type=date>). */
export function isoDate(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

export interface Draft {
  title: string;
  requested: string;
  lines: [string, string][];
}

/** Fills every field of the draft form. */
export async function fillApplication(page: Page, d: Draft): Promise<void> {
  const label = (text: string) => page.getByLabel(text, { exact: true });
  await label('Tytuł inicjatywy').fill(d.title);
  await label('Krótki opis inicjatywy').fill('Sąsiedzki piknik z warsztatami dla dzieci i seniorów.');
  await label('Miejsce realizacji').fill('Skwer przy ul. Słowackiego, Piotrków Trybunalski');
  await label('Na jaką potrzebę odpowiada inicjatywa').fill('Sąsiedzi się nie znają; brakuje wspólnych spotkań.');
  await label('Dla kogo (grupa docelowa)').fill('Mieszkańcy osiedla, rodziny z dziećmi, seniorzy');
  await label('Działania i terminy').fill('Maj: przygotowania. Czerwiec: piknik i warsztaty.');
  await label('Zakładane rezultaty').fill('1 piknik, 3 warsztaty, 80 uczestników');
  await label('Data rozpoczęcia').fill(isoDate(40));
  await label('Data zakończenia').fill(isoDate(70));
  await label('Wnioskowana kwota (zł)').fill(d.requested);
  for (const [i, [name, amount]] of d.lines.entries()) {
    await label(`Pozycja ${i + 1}`).fill(name);
    await label(`Kwota pozycji ${i + 1}`).fill(amount);
  }
  await label('Wkład finansowy (zł)').fill('100');
  await label('Wkład rzeczowy (wartość w zł)').fill('250,50');
  await label('Godziny pracy wolontariuszy').fill('30');
  await label('Numer rachunku bankowego').fill('PL61 1090 1014 0000 0712 1981 2874');
}

/**
 * A fresh resident with a fresh NGO submits a complete application to the open call (the form
 * is checked with axe on the way). Returns the application's path and its confirmation number.
 */
export async function submittedApplication(page: Page, title: string): Promise<{ path: string; number: string }> {
  await freshResident(page);
  const org = await registerNgo(page);
  await openTheOpenCall(page);
  const path = await startApplication(page, org);
  await fillApplication(page, {
    title,
    requested: '2000',
    lines: [
      ['Materiały plastyczne', '1200'],
      ['Poczęstunek', '800'],
    ],
  });
  const response = await submitAndWait(page, page.getByRole('button', { name: 'Złóż wniosek' }));
  expect(response.status(), 'the application is submitted').toBe(303);
  await expect(notice(page)).toHaveText(/Wniosek został złożony/);
  const number = (await fact(page, 'Numer potwierdzenia').innerText()).trim();
  expect(number).toMatch(/^\d{4}-[A-Z0-9]+-\d{4}$/);
  await expectNoA11yViolations(page);
  return { path, number };
}

/** A second, logged-in browser context for another person (officer, evaluator …). */
export async function loggedInPage(browser: Browser, testInfo: TestInfo, email: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    locale: 'pl-PL',
    timezoneId: 'Europe/Warsaw',
  });
  const page = await context.newPage();
  await login(page, email, DEMO_PASSWORD);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Wyloguj się' })).toBeVisible();
  return page;
}

/** A value of a fact list (<dt>term</dt><dd>value</dd>) on the page. */
export function fact(page: Page, term: string) {
  return page.locator('dl.facts').first().locator(`dt:text-is("${term}") + dd`);
}

/** The confirmation after an action ("Zapisano …"): the page's first live status message. */
export function notice(page: Page) {
  return page.getByRole('main').getByRole('status').first();
}
