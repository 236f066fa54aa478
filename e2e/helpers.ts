// Shared helpers for the browser tests. Selectors are role/label based, like a screen-reader user.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, type Response } from '@playwright/test';

/** The WCAG levels the platform promises (issue 2): WCAG 2.0 and 2.1, A and AA. */
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the current page and fails with a readable list of violations:
 * rule id, impact, help text, help URL and the CSS selector of every offending element.
 */
export async function expectNoA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(A11Y_TAGS).analyze();
  const violations = results.violations;
  if (violations.length === 0) return;

  const lines = [
    `${violations.length} accessibility violation(s) (WCAG 2.1 A/AA) on ${page.url()}:`,
  ];
  for (const v of violations) {
    lines.push('', `• ${v.id} [${v.impact ?? 'unknown'}]: ${v.help}`, `  ${v.helpUrl}`);
    const MAX_NODES = 10;
    for (const node of v.nodes.slice(0, MAX_NODES)) {
      // A target is a list of selectors (more than one when inside iframes / shadow roots).
      const target = node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' >> ');
      const html = node.html.length > 160 ? `${node.html.slice(0, 157)}...` : node.html;
      lines.push(`  - ${target}`, `      ${html}`);
      const why = node.failureSummary?.split('\n').slice(1).map((s) => s.trim()).filter(Boolean) ?? [];
      for (const reason of why) lines.push(`      ${reason}`);
    }
    if (v.nodes.length > MAX_NODES) lines.push(`  … and ${v.nodes.length - MAX_NODES} more element(s)`);
  }
  throw new Error(lines.join('\n'));
}

/** Opens `path`, expects a non-error answer and an axe-clean page; returns the response. */
export async function visit(page: Page, path: string): Promise<Response | null> {
  const response = await page.goto(path);
  expect(response?.status(), `GET ${path}`).toBeLessThan(400);
  await expectNoA11yViolations(page);
  return response;
}

/** Logs in through the form on /logowanie (fields "E-mail" and "Hasło", button "Zaloguj się"). */
export async function login(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/logowanie');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Hasło', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await page.waitForLoadState();
}

/** The password of every demo account (`serve --demo`). */
export const DEMO_PASSWORD = 'Demo-Wspolnie-2027';

/** A random suffix, so that every run creates its own accounts and organisations. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** A fresh e-mail address that no earlier run has used. */
export function uniqueEmail(prefix = 'mieszkaniec'): string {
  return `${prefix}-${uniqueSuffix()}@example.test`;
}

/**
 * Creates a resident's account through the form on /rejestracja (checking the empty form and
 * the page it lands on with axe); leaves the new user logged in on /moje-organizacje?witaj=1.
 */
export async function registerAccount(page: Page, name: string, email: string, password: string): Promise<void> {
  await visit(page, '/rejestracja');
  await page.getByLabel('Imię i nazwisko', { exact: true }).fill(name);
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Hasło', { exact: true }).fill(password);
  await page.getByLabel('Powtórz hasło', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Załóż konto' }).click();
  await expect(page).toHaveURL(/\/moje-organizacje\?witaj=1$/);
  await expectNoA11yViolations(page);
}

/** The error summary at the top of a form ("Popraw błędy w formularzu"). */
export function errorSummary(page: Page): Locator {
  return page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Popraw błędy w formularzu' }) });
}

/**
 * Expects the error summary to list `message` as a link that points at the form control
 * `control` (href "#<id of the control>").
 */
export async function expectSummaryLinkTo(page: Page, message: string | RegExp, control: Locator): Promise<void> {
  const link = errorSummary(page).getByRole('link', { name: message });
  await expect(link).toHaveCount(1);
  const href = await link.getAttribute('href');
  const id = await control.getAttribute('id');
  expect(id, 'the field the summary points to has an id').toBeTruthy();
  expect(href, `summary link "${message}"`).toBe(`#${id}`);
  await expect(page.locator(`[id="${id}"]`), `exactly one element with id ${id}`).toHaveCount(1);
}

/** Submits a form by clicking `button` and returns the answer to the POST (status, URL). */
export async function submitAndWait(page: Page, button: Locator): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    button.click(),
  ]);
  await page.waitForLoadState();
  return response;
}
