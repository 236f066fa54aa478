// Shared helpers for the browser tests. Selectors are role/label based, like a screen-reader user.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type Response } from '@playwright/test';

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
