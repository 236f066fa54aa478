// Stories of the Public Benefit Council: an NGO signs the joint request to create the council; an
// election of NGO members (nomination, one ballot per NGO, results with a tie shown); a resolution
// voted by a member from his own account, recorded and closed by the officer. Every page state is
// checked with axe.
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
  uniqueSuffix,
  visit,
} from '../helpers';

const OFFICER = 'urzednik@piotrkow.demo';
const REPRESENTATIVE = 'mieszkanka@wspolnie.demo';
const COUNCILLOR = 'rada@piotrkow.demo';

test.describe.configure({ timeout: 120_000 });

async function newPage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'pl-PL', timezoneId: 'Europe/Warsaw' });
  return context.newPage();
}

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test('an NGO signs the joint request to create the council', async ({ page }) => {
  await registerAccount(page, 'Helena Społeczniczka', uniqueEmail('rada-wniosek'), 'zielony rower nad Kłodnicą');
  const orgName = `Stowarzyszenie Gliwickie ${uniqueSuffix()}`;
  await visit(page, '/organizacje/nowa');
  await page.getByLabel('Nazwa', { exact: true }).fill(orgName);
  await page.getByLabel('Gmina', { exact: true }).selectOption({ label: 'Gliwice' });
  await page.getByLabel('Numer KRS', { exact: true }).fill(String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999)));
  const created = await submitAndWait(page, page.getByRole('button', { name: 'Zarejestruj' }));
  expect(created.status()).toBe(303);

  // No council yet in Gliwice: the register says so.
  await visit(page, '/gliwice/rada');
  await expect(page.getByRole('heading', { level: 1, name: 'Rada Działalności Pożytku Publicznego — Gliwice' })).toBeVisible();
  await expect(page.getByText('Rada nie została jeszcze utworzona.')).toBeVisible();
  await page.getByRole('link', { name: 'Zobacz wniosek i podpisy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Wniosek organizacji o utworzenie rady/ })).toBeVisible();
  await expectNoA11yViolations(page);

  // Submitting without choosing the organisation: an error linked to the field.
  const form = page.getByRole('region', { name: 'Podpisz wniosek w imieniu organizacji' });
  let response = await submitAndWait(page, form.getByRole('button', { name: 'Podpisz wniosek' }));
  expect(response.status()).toBe(422);
  await expect(page).toHaveTitle(/^Błąd: /);
  await expectSummaryLinkTo(page, 'Wybierz organizację, którą reprezentujesz.', page.getByLabel('Organizacja', { exact: true }));
  await expectNoA11yViolations(page);

  await page.getByLabel('Organizacja', { exact: true }).selectOption({ label: orgName });
  response = await submitAndWait(page, page.getByRole('button', { name: 'Podpisz wniosek' }));
  expect(response.status()).toBe(303);
  await expect(page.getByRole('status')).toHaveText('Podpis organizacji został dodany do wniosku.');
  await expect(page.getByRole('region', { name: 'Podpisy organizacji' }).getByRole('cell', { name: orgName })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Stan wniosku' })).toContainText('1 / 5');
  // The organisation has signed: it is no longer offered.
  await expect(page.getByLabel('Organizacja', { exact: true })).toHaveCount(0);
  await expectNoA11yViolations(page);
});

test('an election of NGO members: nomination, one ballot per NGO, results with a tie', async ({ page, browser }, testInfo) => {
  const title = `Wybory uzupełniające ${uniqueSuffix()}`;
  await login(page, OFFICER, DEMO_PASSWORD);
  await visit(page, '/piotrkow-trybunalski/rada');
  const form = page.getByRole('region', { name: 'Nowe wybory przedstawicieli organizacji' });
  await form.getByLabel('Nazwa wyborów', { exact: true }).fill(title);
  await form.getByLabel('Zgłaszanie kandydatów do', { exact: true }).fill(inDays(7));
  await form.getByLabel('Głosowanie do', { exact: true }).fill(inDays(14));
  let response = await submitAndWait(page, form.getByRole('button', { name: 'Ogłoś wybory' }));
  expect(response.status()).toBe(422);
  await expectSummaryLinkTo(page, 'Podaj, ile miejsc dla organizacji obsadzają wybory.', page.getByLabel('Liczba miejsc do obsadzenia', { exact: true }));
  await expect(page.getByLabel('Nazwa wyborów', { exact: true })).toHaveValue(title);
  await expectNoA11yViolations(page);
  await page.getByLabel('Liczba miejsc do obsadzenia', { exact: true }).fill('1');
  await page.getByLabel('Kandydatów na jednej karcie (K)', { exact: true }).fill('1');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Ogłoś wybory' }));
  expect(response.status()).toBe(303);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expectNoA11yViolations(page);
  const electionPath = new URL(page.url()).pathname;

  // The representative of two NGOs nominates one candidate for each.
  const rep = await newPage(browser, testInfo);
  await login(rep, REPRESENTATIVE, DEMO_PASSWORD);
  await visit(rep, electionPath);
  for (const [org, name] of [['Fundacja Sąsiedzka „Razem”', 'Alicja Kandydatka'], ['Stowarzyszenie Przyjaciół Starego Miasta', 'Bartosz Kandydat']]) {
    const nominate = rep.getByRole('region', { name: 'Zgłoś kandydata' });
    await nominate.getByLabel('Organizacja zgłaszająca', { exact: true }).selectOption({ label: org });
    await nominate.getByLabel('Imię i nazwisko kandydata', { exact: true }).fill(name);
    response = await submitAndWait(rep, nominate.getByRole('button', { name: 'Zgłoś kandydata' }));
    expect(response.status()).toBe(303);
  }
  await expect(rep.getByRole('region', { name: 'Kandydaci' }).getByRole('listitem')).toHaveCount(2);
  await expectNoA11yViolations(rep);

  // The officer closes nominations.
  await visit(page, electionPath);
  response = await submitAndWait(page, page.getByRole('button', { name: 'Zakończ zgłoszenia i otwórz głosowanie' }));
  expect(response.status()).toBe(303);
  await expect(page.locator('#etap')).toHaveText('głosowanie organizacji');
  await expectNoA11yViolations(page);

  // Each NGO casts its one ballot; an empty ballot is refused first.
  await visit(rep, electionPath);
  const ballot = rep.getByRole('region', { name: 'Karta do głosowania' });
  await ballot.getByLabel('Organizacja głosująca', { exact: true }).selectOption({ label: 'Fundacja Sąsiedzka „Razem”' });
  response = await submitAndWait(rep, ballot.getByRole('button', { name: 'Oddaj głos organizacji' }));
  expect(response.status()).toBe(422);
  await expect(errorSummary(rep)).toContainText('Zaznacz co najmniej jednego kandydata.');
  await expectNoA11yViolations(rep);
  await rep.getByRole('checkbox', { name: /Alicja Kandydatka/ }).check();
  response = await submitAndWait(rep, rep.getByRole('button', { name: 'Oddaj głos organizacji' }));
  expect(response.status()).toBe(303);
  // The foundation has voted: only the association is offered now.
  await expect(rep.getByLabel('Organizacja głosująca', { exact: true }).locator('option', { hasText: 'Fundacja' })).toHaveCount(0);
  await rep.getByLabel('Organizacja głosująca', { exact: true }).selectOption({ label: 'Stowarzyszenie Przyjaciół Starego Miasta' });
  await rep.getByRole('checkbox', { name: /Bartosz Kandydat/ }).check();
  response = await submitAndWait(rep, rep.getByRole('button', { name: 'Oddaj głos organizacji' }));
  expect(response.status()).toBe(303);
  await expect(rep.getByText('Nie reprezentujesz organizacji, która może jeszcze zagłosować.')).toBeVisible();
  await expectNoA11yViolations(rep);
  await rep.context().close();

  // The officer closes voting: 1 : 1 for one seat is a tie, shown and not broken.
  await visit(page, electionPath);
  response = await submitAndWait(page, page.getByRole('button', { name: 'Zamknij głosowanie i opublikuj wyniki' }));
  expect(response.status()).toBe(303);
  const results = page.getByRole('region', { name: 'Wyniki' });
  await expect(results.getByText(/^Remis:/)).toBeVisible();
  await expect(results.getByRole('row')).toHaveCount(3);
  await expect(results.getByRole('cell', { name: 'remis o ostatnie miejsce — do rozstrzygnięcia' })).toHaveCount(2);
  await expectNoA11yViolations(page);

  // Anyone reads the results.
  const anonymous = await newPage(browser, testInfo);
  await visit(anonymous, electionPath);
  await expect(anonymous.getByRole('region', { name: 'Wyniki' }).getByRole('cell', { name: 'Alicja Kandydatka' })).toBeVisible();
  await anonymous.context().close();
});

test('a council member votes on a resolution from his account; the result and votes are published', async ({ page, browser }, testInfo) => {
  const title = `Uchwała w sprawie harmonogramu ${uniqueSuffix()}`;
  await login(page, OFFICER, DEMO_PASSWORD);
  await visit(page, '/piotrkow-trybunalski/rada');
  await expect(page.getByRole('region', { name: 'Skład rady' })).toContainText('3 / 5');
  // The demo meeting: agenda, minutes, calendar file.
  await page.getByRole('link', { name: 'I posiedzenie Rady' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'I posiedzenie Rady' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Dodaj do kalendarza (plik .ics)' })).toBeVisible();
  await expectNoA11yViolations(page);

  await visit(page, '/piotrkow-trybunalski/rada');
  const form = page.getByRole('region', { name: 'Nowa uchwała do głosowania' });
  await form.getByLabel('Tytuł uchwały', { exact: true }).fill(title);
  let response = await submitAndWait(page, form.getByRole('button', { name: 'Poddaj pod głosowanie' }));
  expect(response.status()).toBe(422);
  await expectSummaryLinkTo(page, 'To pole jest wymagane.', page.getByLabel('Treść uchwały', { exact: true }));
  await expect(page.getByLabel('Tytuł uchwały', { exact: true })).toHaveValue(title);
  await expectNoA11yViolations(page);
  await page.getByLabel('Treść uchwały', { exact: true }).fill('Rada przyjmuje harmonogram posiedzeń na kolejne półrocze.');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Poddaj pod głosowanie' }));
  expect(response.status()).toBe(303);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expectNoA11yViolations(page);
  const resolutionPath = new URL(page.url()).pathname;

  // The councillor votes himself.
  const member = await newPage(browser, testInfo);
  await login(member, COUNCILLOR, DEMO_PASSWORD);
  await visit(member, resolutionPath);
  const mine = member.getByRole('region', { name: 'Twój głos' });
  response = await submitAndWait(member, mine.getByRole('button', { name: 'Zagłosuj' }));
  expect(response.status()).toBe(422);
  await expect(errorSummary(member)).toContainText('Wybierz: za (for), przeciw (against) albo wstrzymuję się (abstain).');
  await expectNoA11yViolations(member);
  await member.getByRole('radio', { name: 'za', exact: true }).check();
  response = await submitAndWait(member, member.getByRole('button', { name: 'Zagłosuj' }));
  expect(response.status()).toBe(303);
  await expect(member.getByRole('region', { name: 'Twój głos' }).getByRole('status')).toContainText('Twój głos: za');
  await expectNoA11yViolations(member);

  // The officer records two votes cast at the meeting, then closes the vote.
  await visit(page, resolutionPath);
  for (const [name, choice] of [['Maria Nowak', 'za'], ['Tomasz Wiśniewski', 'przeciw']]) {
    const record = page.getByRole('region', { name: 'Zapisz głos członka (na posiedzeniu)' });
    await record.getByLabel('Członek rady', { exact: true }).selectOption({ label: name });
    await record.getByRole('radio', { name: choice, exact: true }).check();
    response = await submitAndWait(page, record.getByRole('button', { name: 'Zapisz głos' }));
    expect(response.status()).toBe(303);
  }
  await expect(page.getByRole('region', { name: 'Głosy członków' }).getByRole('row')).toHaveCount(4);
  await expectNoA11yViolations(page);
  response = await submitAndWait(page, page.getByRole('button', { name: 'Zamknij głosowanie', exact: true }));
  expect(response.status()).toBe(303);
  await expect(page.locator('#rozstrzygniecie')).toHaveText('uchwała podjęta');
  await expectNoA11yViolations(page);

  // The public sees the result and every member's vote.
  await member.context().close();
  const anonymous = await newPage(browser, testInfo);
  await visit(anonymous, resolutionPath);
  const votes = anonymous.getByRole('region', { name: 'Głosy członków' });
  await expect(votes.getByRole('row', { name: /Rafał Radny/ })).toContainText('za');
  await expect(votes.getByRole('row', { name: /Tomasz Wiśniewski/ })).toContainText('przeciw');
  await expect(anonymous.getByRole('region', { name: 'Metryczka' })).toContainText('Jan Urzędnik');
  await anonymous.context().close();
});
