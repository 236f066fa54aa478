// Microgrants story 2: the officer creates a programme and a call (each refused first for a
// reason the page explains), publishes the call, manages the open demo call's committee and
// records a failed formal check with its reason, which the applicant then sees.
import { expect, test, type Page } from '@playwright/test';
import {
  DEMO_PASSWORD,
  errorSummary,
  expectNoA11yViolations,
  expectSummaryLinkTo,
  login,
  submitAndWait,
  uniqueSuffix,
} from '../helpers';
import { MUNICIPALITY, OFFICER, OPEN_CALL, fact, loggedInPage, notice, submittedApplication } from '../grants';

// Two people and about fifteen page states, each checked with axe.
test.describe.configure({ timeout: 150_000 });

/** A moment `days` from now as the value of <input type=datetime-local> (browser time = Warsaw). */
function localDateTime(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(10)}:${pad(0)}`;
}

async function openOffice(page: Page): Promise<void> {
  await page.goto(`/${MUNICIPALITY}`);
  await page.getByRole('main').getByRole('link', { name: 'Panel urzędu' }).click();
  await expect(page).toHaveURL(new RegExp(`/${MUNICIPALITY}/urzad$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Panel urzędu: Piotrków Trybunalski' })).toBeVisible();
  await expectNoA11yViolations(page);
}

test('the officer creates a programme and a call, with errors explained first, and publishes the call', async ({ page, browser }, testInfo) => {
  await login(page, OFFICER, DEMO_PASSWORD);
  await openOffice(page);
  const programmes = page.getByRole('table', { name: 'Programy' });
  await expect(programmes.getByRole('cell', { name: new RegExp(`^Mikrogranty ${new Date().getFullYear()}$`) })).toBeVisible();

  // A programme without a name is refused; the form stays open with the error.
  const year = String(new Date().getFullYear());
  await page.getByText('Nowy program', { exact: true }).click();
  const name = page.getByLabel('Nazwa programu', { exact: true });
  await expect(name).toBeVisible();
  await page.getByLabel('Rok', { exact: true }).fill(year);
  await page.getByLabel('Budżet', { exact: true }).fill('10 000');
  let response = await submitAndWait(page, page.getByRole('button', { name: 'Utwórz program' }));
  expect(response.status()).toBe(422);
  await expectSummaryLinkTo(page, 'Podaj nazwę programu (do 300 znaków).', name);
  await expect(name).toBeVisible();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription(/^Np\. „Mikrogranty 2027”\. Błąd: Podaj nazwę programu/);
  await expect(page.getByLabel('Rok', { exact: true })).toHaveValue(year);
  await expect(page.getByLabel('Budżet', { exact: true })).toHaveValue('10 000');
  await expectNoA11yViolations(page);
  await errorSummary(page).getByRole('link').click();
  await expect(name).toBeFocused();

  const programme = `Program testowy ${uniqueSuffix()}`;
  await name.fill(programme);
  response = await submitAndWait(page, page.getByRole('button', { name: 'Utwórz program' }));
  expect(response.status()).toBe(303);
  await expect(page).toHaveURL(new RegExp(`/${MUNICIPALITY}/urzad\\?komunikat=utworzono$`));
  await expect(notice(page)).toHaveText('Utworzono.');
  const row = programmes.getByRole('row').filter({ has: page.getByRole('cell', { name: programme, exact: true }) });
  await expect(row.getByRole('cell')).toHaveText([programme, year, /^10\s000,00\s*zł$/, /^10\s000,00\s*zł$/]);
  await expectNoA11yViolations(page);

  // A call whose budget is more than the programme has left is refused.
  const callTitle = `Nabór testowy ${uniqueSuffix()}`;
  const opens = localDateTime(2);
  const closes = localDateTime(30);
  await page.getByLabel('Program', { exact: true }).selectOption({ label: `${programme} (Pozostało: 10 000,00 zł)` });
  await page.getByLabel('Tytuł naboru', { exact: true }).fill(callTitle);
  await page.getByLabel('Regulamin', { exact: true }).fill('Mikrogranty od 500 do 3 000 zł na działania sąsiedzkie.');
  const opensAt = page.getByLabel('Otwarcie naboru', { exact: true });
  const closesAt = page.getByLabel('Zamknięcie naboru', { exact: true });
  await expect(opensAt).toHaveAttribute('type', 'datetime-local');
  await expect(closesAt).toHaveAttribute('type', 'datetime-local');
  await opensAt.fill(opens);
  await closesAt.fill(closes);
  await page.getByLabel('Minimalna kwota dotacji', { exact: true }).fill('500');
  await page.getByLabel('Maksymalna kwota dotacji', { exact: true }).fill('3000');
  const callBudget = page.getByLabel('Budżet naboru', { exact: true });
  await callBudget.fill('15000');
  await page.getByLabel('Kryterium 1', { exact: true }).fill('Pomysł i potrzeba');
  await page.getByLabel('Maks. punktów (Kryterium 1)', { exact: true }).fill('10');
  await page.getByLabel('Kryterium 2', { exact: true }).fill('Budżet');
  await page.getByLabel('Maks. punktów (Kryterium 2)', { exact: true }).fill('5');
  // A third criterion without its maximum.
  const thirdMax = page.getByLabel('Maks. punktów (Kryterium 3)', { exact: true });
  await page.getByLabel('Kryterium 3', { exact: true }).fill('Zaangażowanie sąsiadów');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Utwórz nabór (wersja robocza)' }));
  expect(response.status()).toBe(422);
  const refusal = /^Budżet naboru przekracza to, co zostało w programie \(10\s000,00\s*zł\)\.$/;
  await expectSummaryLinkTo(page, refusal, callBudget);
  await expectSummaryLinkTo(page, 'Podaj maksymalną liczbę punktów.', thirdMax);
  await expect(thirdMax).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Kryterium 3', { exact: true })).toHaveValue('Zaangażowanie sąsiadów');
  await expect(callBudget).toHaveAttribute('aria-invalid', 'true');
  await expect(callBudget).toHaveAccessibleDescription(new RegExp(`^Błąd: ${refusal.source.slice(1)}`));
  // The typed values are kept, including the dates and the criteria.
  await expect(page.getByLabel('Program', { exact: true }).locator('option:checked')).toHaveText(`${programme} (Pozostało: 10 000,00 zł)`);
  await expect(page.getByLabel('Tytuł naboru', { exact: true })).toHaveValue(callTitle);
  await expect(opensAt).toHaveValue(opens);
  await expect(closesAt).toHaveValue(closes);
  await expect(callBudget).toHaveValue('15000');
  await expect(page.getByLabel('Kryterium 2', { exact: true })).toHaveValue('Budżet');
  await expect(page.getByLabel('Maks. punktów (Kryterium 2)', { exact: true })).toHaveValue('5');
  await expect(page.getByRole('checkbox', { name: 'Organizacja pozarządowa' })).toBeChecked();
  await expectNoA11yViolations(page);

  await thirdMax.fill('5');
  await callBudget.fill('8000');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Utwórz nabór (wersja robocza)' }));
  expect(response.status()).toBe(303);
  await expect(page).toHaveURL(/\/nabory\/[^/]+\/zarzadzanie\?komunikat=utworzono$/);
  await expect(page.getByRole('heading', { level: 1, name: callTitle })).toBeVisible();
  await expect(notice(page)).toHaveText('Utworzono.');
  await expect(page.getByRole('main')).toContainText('wersja robocza');
  await expectNoA11yViolations(page);
  const callPath = new URL(page.url()).pathname.replace(/\/zarzadzanie$/, '');

  // Not public before it is published.
  const anonymous = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    const stranger = await anonymous.newPage();
    expect((await stranger.goto(callPath))?.status()).toBe(404);
  } finally {
    await anonymous.close();
  }

  response = await submitAndWait(page, page.getByRole('button', { name: 'Opublikuj nabór' }));
  expect(response.status()).toBe(303);
  await expect(notice(page)).toHaveText('Opublikowano.');
  await expect(page.getByRole('button', { name: 'Opublikuj nabór' })).toHaveCount(0);
  await expect(page.getByRole('main')).toContainText('opublikowany');
  await expectNoA11yViolations(page);

  // The public page shows it as coming soon, with its criteria; the programme has 2 000 zł left.
  await page.getByRole('link', { name: 'Strona publiczna naboru' }).click();
  await expect(page.getByRole('heading', { level: 1, name: callTitle })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('wkrótce');
  await expect(page.getByRole('table', { name: 'Kryteria oceny' }).getByRole('row')).toHaveCount(4);
  await expectNoA11yViolations(page);
  await page.goto(`/${MUNICIPALITY}/urzad`);
  await expect(programmes.getByRole('row').filter({ hasText: programme }).getByRole('cell').nth(3)).toHaveText(/^2\s000,00\s*zł$/);
});

test('the officer saves the open call\'s committee and records a failed formal check with its reason', async ({ page, browser }, testInfo) => {
  // An application to look at, submitted by a fresh resident.
  const title = `Warsztaty rowerowe ${uniqueSuffix()}`;
  const { path: appPath, number } = await submittedApplication(page, title);

  const officer = await loggedInPage(browser, testInfo, OFFICER);
  try {
    await openOffice(officer);
    await officer.getByRole('table', { name: 'Nabory mikrograntów' }).getByRole('link', { name: OPEN_CALL, exact: true }).click();
    await expect(officer).toHaveURL(/\/nabory\/[^/]+\/zarzadzanie$/);
    await expect(officer.getByRole('heading', { level: 1, name: OPEN_CALL })).toBeVisible();
    await expectNoA11yViolations(officer);

    // The applications table lists the new application with its number.
    const apps = officer.getByRole('table', { name: 'Wnioski' });
    const row = apps.getByRole('row').filter({ has: officer.getByRole('link', { name: title, exact: true }) });
    await expect(row.getByRole('cell').first()).toHaveText(number);
    await expect(row.getByRole('cell', { name: 'złożony', exact: true })).toBeVisible();
    await expect(row.getByRole('cell', { name: /^2\s000,00\s*zł$/ })).toBeVisible();

    // The export has it too.
    const csv = await officer.request.get(new URL(officer.url()).pathname.replace(/zarzadzanie$/, 'eksport/wnioski.csv'));
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain(number);

    // The committee: the evaluator stays on it.
    const committee = officer.getByRole('group', { name: 'Członkowie komisji' });
    const evaluator = committee.getByRole('checkbox', { name: 'Ewa Oceniająca' });
    await evaluator.check();
    let response = await submitAndWait(officer, officer.getByRole('button', { name: 'Zapisz skład komisji' }));
    expect(response.status()).toBe(303);
    await expect(notice(officer)).toHaveText('Zapisano skład komisji.');
    await expect(evaluator).toBeChecked();
    await expectNoA11yViolations(officer);

    // The formal check: "failed" needs a reason.
    await row.getByRole('link', { name: title, exact: true }).click();
    await expect(officer).toHaveURL(new RegExp(`${appPath}$`));
    const formal = officer.getByRole('region', { name: 'Ocena formalna' });
    await expect(formal).toBeVisible();
    await expect(officer.getByRole('heading', { level: 2, name: 'Treść wniosku' })).toBeVisible();
    await expectNoA11yViolations(officer);
    await formal.getByRole('radio', { name: 'negatywna' }).check();
    response = await submitAndWait(officer, formal.getByRole('button', { name: 'Zapisz ocenę formalną' }));
    expect(response.status()).toBe(422);
    const reason = officer.getByLabel('Uzasadnienie', { exact: true });
    await expectSummaryLinkTo(officer, 'Podaj powód negatywnej oceny formalnej — zobaczy go wnioskodawca.', reason);
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await expectNoA11yViolations(officer);

    const why = 'Brak zgody właściciela terenu na organizację wydarzenia.';
    await formal.getByRole('radio', { name: 'negatywna' }).check();
    await reason.fill(why);
    response = await submitAndWait(officer, formal.getByRole('button', { name: 'Zapisz ocenę formalną' }));
    expect(response.status()).toBe(303);
    await expect(notice(officer)).toHaveText('Zapisano ocenę formalną.');
    await expect(fact(officer, 'Ocena formalna')).toHaveText(`negatywna: ${why}`);
    await expect(formal.getByRole('radio', { name: 'negatywna' })).toBeChecked();
    await expectNoA11yViolations(officer);
  } finally {
    await officer.context().close();
  }

  // The applicant sees the result and the reason.
  await page.goto(appPath);
  await expect(fact(page, 'Ocena formalna')).toHaveText(/^negatywna: Brak zgody właściciela terenu/);
  await expect(page.getByRole('region', { name: 'Ocena formalna' })).toHaveCount(0);
  await expectNoA11yViolations(page);
});
