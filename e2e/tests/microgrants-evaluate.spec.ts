// Microgrants story 3: the evaluator declares impartiality before seeing an application, scores it
// once it has passed the formal check (points above a criterion's maximum are refused), and an
// evaluator who declares a conflict of interest no longer sees the application's content.
import { expect, test, type Page } from '@playwright/test';
import { errorSummary, expectNoA11yViolations, expectSummaryLinkTo, submitAndWait, uniqueSuffix, visit } from '../helpers';
import { EVALUATOR, OFFICER, OPEN_CALL, fact, loggedInPage, notice, submittedApplication } from '../grants';

// Three people and about a dozen page states, each checked with axe.
test.describe.configure({ timeout: 150_000 });

const SUMMARY = 'Sąsiedzki piknik z warsztatami dla dzieci i seniorów.';

/** The evaluator's row for `title` on /ocena (opened from the menu). */
async function evaluatorRow(page: Page, title: string) {
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Ocena wniosków' }).click();
  await expect(page).toHaveURL(/\/ocena(\?.*)?$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Ocena wniosków' })).toBeVisible();
  const table = page.getByRole('table', { name: OPEN_CALL });
  return table.getByRole('row').filter({ has: page.getByRole('link', { name: title, exact: true }) });
}

/** The declaration form is shown before anything of the application's content. */
async function expectOnlyDeclaration(page: Page): Promise<void> {
  await expect(page.getByRole('region', { name: 'Oświadczenie o bezstronności' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Treść wniosku' })).toHaveCount(0);
  await expect(page.getByText(SUMMARY)).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Karta oceny' })).toHaveCount(0);
}

test('the evaluator declares no conflict, is refused 11 points on a 10-point criterion and saves a valid score sheet', async ({ page, browser }, testInfo) => {
  const title = `Sąsiedzka biblioteczka ${uniqueSuffix()}`;
  const { path: appPath, number } = await submittedApplication(page, title);

  const evaluator = await loggedInPage(browser, testInfo, EVALUATOR);
  const officer = await loggedInPage(browser, testInfo, OFFICER);
  try {
    let row = await evaluatorRow(evaluator, title);
    await expect(row.getByRole('cell')).toHaveText([number, title, /^Stowarzyszenie Mikrograntowe /, 'brak oświadczenia']);
    await expectNoA11yViolations(evaluator);

    await row.getByRole('link', { name: title, exact: true }).click();
    await expect(evaluator).toHaveURL(new RegExp(`${appPath}$`));
    await expectOnlyDeclaration(evaluator);
    await expectNoA11yViolations(evaluator);

    // Nothing chosen: the error points at the question.
    const declaration = evaluator.getByRole('region', { name: 'Oświadczenie o bezstronności' });
    let response = await submitAndWait(evaluator, declaration.getByRole('button', { name: 'Złóż oświadczenie' }));
    expect(response.status()).toBe(422);
    const question = evaluator.getByRole('group', { name: 'Czy zachodzi konflikt interesów?' });
    await expectSummaryLinkTo(evaluator, 'Zaznacz, czy zachodzi konflikt interesów.', question);
    await expect(question.getByText('Zaznacz, czy zachodzi konflikt interesów.')).toBeVisible();
    await expectOnlyDeclaration(evaluator);
    await expectNoA11yViolations(evaluator);

    await question.getByRole('radio', { name: /^Nie zachodzi konflikt interesów/ }).check();
    response = await submitAndWait(evaluator, declaration.getByRole('button', { name: 'Złóż oświadczenie' }));
    expect(response.status()).toBe(303);
    await expect(notice(evaluator)).toHaveText('Zapisano oświadczenie. Możesz ocenić wniosek.');
    await expect(evaluator.getByRole('heading', { level: 2, name: 'Treść wniosku' })).toBeVisible();
    await expect(evaluator.getByText(SUMMARY)).toBeVisible();
    // Not formally checked yet: no score sheet, and the page says why.
    await expect(evaluator.getByRole('region', { name: 'Karta oceny' })).toHaveCount(0);
    await expect(evaluator.getByText('Kartę oceny zobaczysz, gdy wniosek przejdzie ocenę formalną.')).toBeVisible();
    await expectNoA11yViolations(evaluator);

    // The officer marks it formally correct.
    await officer.goto(appPath);
    const formal = officer.getByRole('region', { name: 'Ocena formalna' });
    // No result chosen: an error, and the typed note stays in its field.
    await formal.getByLabel('Uzasadnienie', { exact: false }).fill('Komplet załączników.');
    response = await submitAndWait(officer, formal.getByRole('button', { name: 'Zapisz ocenę formalną' }));
    expect(response.status()).toBe(422);
    await expect(errorSummary(officer)).toBeVisible();
    await expect(formal.getByLabel('Uzasadnienie', { exact: false })).toHaveValue('Komplet załączników.');
    await expectNoA11yViolations(officer);
    await formal.getByRole('radio', { name: 'pozytywna' }).check();
    response = await submitAndWait(officer, formal.getByRole('button', { name: 'Zapisz ocenę formalną' }));
    expect(response.status()).toBe(303);
    await expect(fact(officer, 'Ocena formalna')).toHaveText('pozytywna: Komplet załączników.');

    // Now the score sheet is there: one field per criterion, 0–10 each.
    await evaluator.reload();
    const sheet = evaluator.getByRole('region', { name: 'Karta oceny' });
    await expect(sheet).toBeVisible();
    const need = sheet.getByLabel('Odpowiedź na lokalną potrzebę (0–10)', { exact: true });
    const people = sheet.getByLabel('Zaangażowanie mieszkańców (0–10)', { exact: true });
    const plan = sheet.getByLabel('Realny plan i rozsądne koszty (0–10)', { exact: true });
    await expectNoA11yViolations(evaluator);

    await need.fill('11');
    await people.fill('7');
    await plan.fill('9');
    await sheet.getByLabel('Uzasadnienie oceny', { exact: true }).fill('Dobry pomysł, realny budżet.');
    response = await submitAndWait(evaluator, sheet.getByRole('button', { name: 'Zapisz ocenę' }));
    expect(response.status()).toBe(422);
    const tooMany = 'Kryterium „Odpowiedź na lokalną potrzebę”: liczba punktów od 0 do 10.';
    await expect(errorSummary(evaluator)).toBeVisible();
    await expectSummaryLinkTo(evaluator, tooMany, need);
    await expect(need).toHaveAttribute('aria-invalid', 'true');
    await expect(need).toHaveAccessibleDescription(`Błąd: ${tooMany}`);
    await expect(evaluator.getByText('Zapisana suma punktów')).toHaveCount(0);
    // Nothing typed is lost: the sheet comes back with the values as entered.
    await expect(need).toHaveValue('11');
    await expect(people).toHaveValue('7');
    await expect(plan).toHaveValue('9');
    await expect(sheet.getByLabel('Uzasadnienie oceny', { exact: true })).toHaveValue('Dobry pomysł, realny budżet.');
    await expect(evaluator).toHaveTitle(/^Błąd: /);
    await expectNoA11yViolations(evaluator);

    await need.fill('8');
    await people.fill('7');
    await plan.fill('9');
    response = await submitAndWait(evaluator, sheet.getByRole('button', { name: 'Zapisz ocenę' }));
    expect(response.status()).toBe(303);
    await expect(notice(evaluator)).toHaveText('Zapisano kartę oceny.');
    await expect(sheet).toContainText('Zapisana suma punktów: 24');
    await expect(need).toHaveValue('8');
    await expect(people).toHaveValue('7');
    await expect(plan).toHaveValue('9');
    await expectNoA11yViolations(evaluator);

    row = await evaluatorRow(evaluator, title);
    await expect(row.getByRole('cell').last()).toHaveText('ocenione');
  } finally {
    await evaluator.context().close();
    await officer.context().close();
  }
});

test('an evaluator who declares a conflict of interest no longer sees the application\'s content', async ({ page, browser }, testInfo) => {
  const title = `Ogródek społeczny ${uniqueSuffix()}`;
  const { path: appPath } = await submittedApplication(page, title);

  const evaluator = await loggedInPage(browser, testInfo, EVALUATOR);
  try {
    const row = await evaluatorRow(evaluator, title);
    await row.getByRole('link', { name: title, exact: true }).click();
    await expectOnlyDeclaration(evaluator);

    const question = evaluator.getByRole('group', { name: 'Czy zachodzi konflikt interesów?' });
    await question.getByRole('radio', { name: /^Zachodzi konflikt interesów/ }).check();
    const response = await submitAndWait(evaluator, evaluator.getByRole('button', { name: 'Złóż oświadczenie' }));
    expect(response.status()).toBe(303);
    await expect(evaluator).toHaveURL(/\/ocena\?komunikat=konflikt$/);
    await expect(notice(evaluator)).toHaveText(
      'Zapisano oświadczenie o konflikcie interesów. Nie zobaczysz treści tego wniosku i nie będziesz go oceniać.',
    );
    const listed = evaluator.getByRole('table', { name: OPEN_CALL }).getByRole('row').filter({ hasText: title });
    await expect(listed.getByRole('cell').last()).toHaveText('konflikt interesów (wyłączony)');
    await expectNoA11yViolations(evaluator);

    // The application's page keeps its content, the declaration form and the score sheet away.
    await visit(evaluator, appPath);
    await expect(evaluator.getByRole('heading', { level: 2, name: 'Treść wniosku' })).toHaveCount(0);
    await expect(evaluator.getByText(SUMMARY)).toHaveCount(0);
    await expect(evaluator.getByRole('region', { name: 'Oświadczenie o bezstronności' })).toHaveCount(0);
    await expect(evaluator.getByRole('region', { name: 'Karta oceny' })).toHaveCount(0);
  } finally {
    await evaluator.context().close();
  }
});
