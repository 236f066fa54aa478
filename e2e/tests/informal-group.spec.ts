// Story 3: a fresh resident registers an informal group (first with too few adults) and an NGO
// (first with a wrong NIP); the members' names stay private to the group's representatives.
import { expect, test, type Page } from '@playwright/test';
import {
  errorSummary,
  expectNoA11yViolations,
  expectSummaryLinkTo,
  registerAccount,
  submitAndWait,
  uniqueEmail,
  uniqueSuffix,
  visit,
} from '../helpers';

const PASSWORD = 'zielony rower nad Pilicą';

// Six page states, each checked with axe (about a second each): allow more than the default 30 s.
test.describe.configure({ timeout: 60_000 });

async function freshResident(page: Page): Promise<void> {
  await registerAccount(page, `Ola Inicjatywna ${uniqueSuffix()}`, uniqueEmail(), PASSWORD);
}

/** Opens the empty registration form from "Moje organizacje". */
async function openForm(page: Page): Promise<void> {
  await page.getByRole('main').getByRole('link', { name: 'Zarejestruj organizację lub grupę' }).click();
  await expect(page).toHaveURL(/\/organizacje\/nowa$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Zarejestruj organizację lub grupę' })).toBeVisible();
  await expectNoA11yViolations(page);
}

const member = (page: Page, n: number) => page.getByLabel(`Osoba ${n}`, { exact: true });
const adult = (page: Page, n: number) => page.getByLabel(`pełnoletnia (Osoba ${n})`, { exact: true });

test('an informal group needs three adults; its members are visible only to its representative', async ({ page, browser }, testInfo) => {
  await freshResident(page);
  await openForm(page);

  const suffix = uniqueSuffix();
  const groupName = `Sąsiedzi z ulicy Testowej ${suffix}`;
  const people = [`Alicja Pierwsza ${suffix}`, `Bartek Drugi ${suffix}`, `Celina Trzecia ${suffix}`];

  await page.getByRole('radio', { name: 'Grupa nieformalna' }).check();
  await page.getByLabel('Nazwa', { exact: true }).fill(groupName);
  await page.getByLabel('Gmina', { exact: true }).selectOption({ label: 'Piotrków Trybunalski' });
  for (const [i, who] of people.entries()) await member(page, i + 1).fill(who);
  await adult(page, 1).check();
  await adult(page, 2).check(); // the third person is not marked as an adult yet

  let response = await submitAndWait(page, page.getByRole('button', { name: 'Zarejestruj' }));
  expect(response.status()).toBe(422);
  await expect(page).toHaveURL(/\/organizacje\/nowa$/);
  await expect(page).toHaveTitle(/^Błąd: /);

  // The error: in the summary (linked to the members' fieldset) and inside that fieldset.
  const message = 'Grupa nieformalna musi mieć co najmniej 3 pełnoletnie osoby — podano 2.';
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  const members = page.getByRole('group', { name: 'Członkowie grupy' });
  await expectSummaryLinkTo(page, message, members);
  await expect(members.getByText(message)).toBeVisible();

  // Everything typed is kept.
  await expect(page.getByRole('radio', { name: 'Grupa nieformalna' })).toBeChecked();
  await expect(page.getByLabel('Nazwa', { exact: true })).toHaveValue(groupName);
  await expect(page.getByLabel('Gmina', { exact: true }).locator('option:checked')).toHaveText('Piotrków Trybunalski');
  for (const [i, who] of people.entries()) await expect(member(page, i + 1)).toHaveValue(who);
  await expect(adult(page, 1)).toBeChecked();
  await expect(adult(page, 2)).toBeChecked();
  await expect(adult(page, 3)).not.toBeChecked();
  await expectNoA11yViolations(page);

  // The third person is an adult after all.
  await adult(page, 3).check();
  response = await submitAndWait(page, page.getByRole('button', { name: 'Zarejestruj' }));
  expect(response.status()).toBe(303);
  await expect(page).toHaveURL(/\/organizacje\/[^/?]+\?zarejestrowano=1$/);
  await expect(page.getByRole('status')).toContainText('Zarejestrowano.');
  await expect(page.getByRole('heading', { level: 1, name: groupName })).toBeVisible();
  const table = page.getByRole('table', { name: 'Członkowie grupy' });
  await expect(table).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(1 + people.length);
  for (const who of people) await expect(table.getByRole('cell', { name: who, exact: true })).toBeVisible();
  // The first adult is the leader.
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(2)).toHaveText('tak');
  await expectNoA11yViolations(page);

  // Someone who is not logged in sees the group, but not who is in it.
  const orgPath = new URL(page.url()).pathname;
  const anonymous = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    locale: 'pl-PL',
    timezoneId: 'Europe/Warsaw',
  });
  try {
    const stranger = await anonymous.newPage();
    await visit(stranger, orgPath);
    await expect(stranger.getByRole('heading', { level: 1, name: groupName })).toBeVisible();
    await expect(stranger.getByRole('banner').getByRole('link', { name: 'Zaloguj się' })).toBeVisible();
    await expect(stranger.getByRole('table')).toHaveCount(0);
    for (const who of people) await expect(stranger.getByText(who)).toHaveCount(0);
    await expect(stranger.getByText('Reprezentujesz tę organizację.')).toHaveCount(0);
  } finally {
    await anonymous.close();
  }
});

/** A KRS number no other run has used (10 digits, not starting with 0). */
function uniqueKrs(): string {
  return String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999));
}

test('an NGO with a wrong NIP gets an error naming the NIP, and is registered once it is fixed', async ({ page }) => {
  await freshResident(page);
  await openForm(page);

  const name = `Stowarzyszenie Testowe ${uniqueSuffix()}`;
  const krs = uniqueKrs();
  // Default kind is the NGO.
  await expect(page.getByRole('radio', { name: /^Organizacja pozarządowa/ })).toBeChecked();
  await page.getByLabel('Nazwa', { exact: true }).fill(name);
  await page.getByLabel('Gmina', { exact: true }).selectOption({ label: 'Katowice' });
  await page.getByLabel('Numer KRS', { exact: true }).fill(krs);
  const nip = page.getByLabel('NIP', { exact: true });
  await nip.fill('123-456-32-19'); // wrong check digit

  let response = await submitAndWait(page, page.getByRole('button', { name: 'Zarejestruj' }));
  expect(response.status()).toBe(422);
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link')).toHaveCount(1);
  await expectSummaryLinkTo(page, /^NIP /, nip);
  await expect(nip).toHaveAttribute('aria-invalid', 'true');
  await expect(nip).toHaveAccessibleDescription(/NIP/);
  await expect(nip).toHaveValue('123-456-32-19');
  await expect(page.getByLabel('Nazwa', { exact: true })).toHaveValue(name);
  await expect(page.getByLabel('Numer KRS', { exact: true })).toHaveValue(krs);
  await expect(page.getByLabel('Gmina', { exact: true }).locator('option:checked')).toHaveText('Katowice');
  await expect(page.getByRole('radio', { name: /^Organizacja pozarządowa/ })).toBeChecked();
  await expectNoA11yViolations(page);

  await nip.fill('123-456-32-18');
  response = await submitAndWait(page, page.getByRole('button', { name: 'Zarejestruj' }));
  expect(response.status()).toBe(303);
  await expect(page).toHaveURL(/\/organizacje\/[^/?]+\?zarejestrowano=1$/);
  await expect(page.getByRole('status')).toContainText('Zarejestrowano.');
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: krs })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: '1234563218' })).toBeVisible();
  await expectNoA11yViolations(page);

  // It is listed under "Moje organizacje".
  await visit(page, '/moje-organizacje');
  await expect(page.getByRole('main').getByRole('link', { name, exact: true })).toBeVisible();
});
