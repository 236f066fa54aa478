// Story 6: every public page is axe-clean, has exactly one <h1> and a "… — wspólnie" title.
import { expect, test, type Page } from '@playwright/test';
import { expectNoA11yViolations } from '../helpers';

const PUBLIC_PAGES: { path: string; h1: string | RegExp }[] = [
  { path: '/', h1: 'Współpraca gminy z mieszkańcami i organizacjami — w jednym miejscu' },
  { path: '/gminy', h1: 'Gminy' },
  { path: '/piotrkow-trybunalski', h1: 'Piotrków Trybunalski' },
  { path: '/katowice', h1: 'Katowice' },
  { path: '/deklaracja-dostepnosci', h1: 'Deklaracja dostępności' },
  { path: '/logowanie', h1: 'Logowanie' },
  { path: '/rejestracja', h1: 'Załóż konto' },
];
const NOT_FOUND = { path: '/nie-ma-takiej-gminy', h1: 'Nie znaleziono strony' };

/** Checks the page's single <h1>, its title and the lang attribute; returns the h1 text. */
async function checkStructure(page: Page, h1: string | RegExp): Promise<string> {
  const headings = page.locator('h1');
  await expect(headings, 'exactly one <h1>').toHaveCount(1);
  await expect(headings).toHaveText(h1);
  await expect(headings).toBeVisible();
  await expect(page).toHaveTitle(/^\S.* — wspólnie$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  await expect(page.getByRole('main')).toHaveCount(1);
  return (await headings.innerText()).trim();
}

for (const { path, h1 } of PUBLIC_PAGES) {
  test(`${path} passes axe, has one <h1> and a wspólnie title`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status(), `GET ${path}`).toBe(200);
    await checkStructure(page, h1);
    await expectNoA11yViolations(page);
  });
}

test('a missing page answers 404 with an accessible page', async ({ page }) => {
  const response = await page.goto(NOT_FOUND.path);
  expect(response?.status()).toBe(404);
  await checkStructure(page, NOT_FOUND.h1);
  await expect(page).toHaveTitle(`${NOT_FOUND.h1} — wspólnie`);
  await expect(page.getByRole('link', { name: 'Przejdź do treści' })).toBeAttached();
  await expectNoA11yViolations(page);
});

test('no two public pages share an <h1> or a title', async ({ page }) => {
  const h1s = new Map<string, string>();
  const titles = new Map<string, string>();
  for (const { path } of [...PUBLIC_PAGES, NOT_FOUND]) {
    await page.goto(path);
    const h1 = (await page.locator('h1').first().innerText()).trim();
    const title = await page.title();
    expect(h1s.get(h1), `<h1> "${h1}" of ${path}`).toBeUndefined();
    expect(titles.get(title), `<title> "${title}" of ${path}`).toBeUndefined();
    h1s.set(h1, path);
    titles.set(title, path);
  }
});
