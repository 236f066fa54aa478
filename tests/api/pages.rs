//! The HTML pages through a cookie-keeping client, like a browser without JavaScript.

use reqwest::{Client, StatusCode};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The value of the first `_csrf` hidden field on a page.
fn csrf(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("a CSRF field") + 20;
    html[at..].split('"').next().unwrap().to_string()
}

async fn page(c: &Client, app: &TestApp, path: &str) -> (StatusCode, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn register(c: &Client, app: &TestApp, email: &str) {
    let (_, html) = page(c, app, "/rejestracja").await;
    let r = c
        .post(app.url("/rejestracja"))
        .form(&[
            ("_csrf", csrf(&html).as_str()),
            ("name", "Zofia Formularz"),
            ("email", email),
            ("password", "haslo-z-formularza"),
            ("password_repeat", "haslo-z-formularza"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/moje-organizacje?witaj=1");
}

#[tokio::test]
async fn the_home_page_is_polish_with_security_headers() {
    let app = spawn_app().await;
    let r = browser().get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers().clone();
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(h.get("referrer-policy").is_some());
    assert!(
        h.get("set-cookie").is_none(),
        "reading anonymously creates no session"
    );
    let html = r.text().await.unwrap();
    assert!(html.contains("<html lang=\"pl\">"));
    assert!(html.contains("Przejdź do treści"));
    assert!(html.contains("Piotrków Trybunalski"));
}

#[tokio::test]
async fn english_is_switchable_and_remembered() {
    let app = spawn_app().await;
    let c = browser();
    let r = c
        .get(app.url("/jezyk/en?powrot=/gminy"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/gminy");
    let (_, html) = page(&c, &app, "/gminy").await;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Municipalities"));
    let (_, html) = page(&c, &app, "/").await;
    assert!(html.contains("Skip to content"));
    let r = c
        .get(app.url("/jezyk/pl?powrot=//evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/", "no open redirect");
}

#[tokio::test]
async fn a_form_post_without_the_csrf_token_is_refused() {
    let app = spawn_app().await;
    let c = browser();
    page(&c, &app, "/rejestracja").await;
    let r = c
        .post(app.url("/rejestracja"))
        .form(&[
            ("name", "Bez Tokenu"),
            ("email", "csrf@example.pl"),
            ("password", "haslo-z-formularza"),
            ("password_repeat", "haslo-z-formularza"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(
        store::accounts::find_login(&app.db, "csrf@example.pl")
            .await
            .unwrap()
            .is_none()
    );
    let r = c
        .post(app.url("/rejestracja"))
        .form(&[
            ("_csrf", "zly-token"),
            ("name", "Zły Token"),
            ("email", "csrf@example.pl"),
            ("password", "haslo-z-formularza"),
            ("password_repeat", "haslo-z-formularza"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn register_logout_and_login_rotate_the_session() {
    let app = spawn_app().await;
    let c = browser();
    register(&c, &app, "sesja@example.pl").await;
    let (status, html) = page(&c, &app, "/moje-organizacje").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Zofia Formularz"));
    let r = c
        .post(app.url("/wyloguj"))
        .form(&[("_csrf", csrf(&html).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c.get(app.url("/moje-organizacje")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "logged out");
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/logowanie")
    );

    let r = c.get(app.url("/logowanie")).send().await.unwrap();
    let before = r
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_string())
        .expect("the login form starts a session for its CSRF token");
    assert!(
        before.contains("HttpOnly") && before.contains("SameSite=Lax"),
        "{before}"
    );
    let html = r.text().await.unwrap();
    let r = c
        .post(app.url("/logowanie"))
        .form(&[
            ("_csrf", csrf(&html).as_str()),
            ("email", "sesja@example.pl"),
            ("password", "haslo-z-formularza"),
            ("powrot", "/moje-organizacje"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after = r.headers()["set-cookie"].to_str().unwrap().to_string();
    let id = |c: &str| c.split(';').next().unwrap().to_string();
    assert_ne!(id(&before), id(&after), "session id rotated at login");
}

#[tokio::test]
async fn a_wrong_login_shows_one_message_and_keeps_the_email() {
    let app = spawn_app().await;
    let c = browser();
    let (_, html) = page(&c, &app, "/logowanie").await;
    let r = c
        .post(app.url("/logowanie"))
        .form(&[
            ("_csrf", csrf(&html).as_str()),
            ("email", "nikt@example.pl"),
            ("password", "cokolwiek-dlugiego"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Nieprawidłowy adres e-mail lub hasło."));
    assert!(html.contains("value=\"nikt@example.pl\""));
    assert!(
        html.contains("href=\"#f-email\""),
        "error summary links to the field"
    );
}

#[tokio::test]
async fn an_informal_group_is_registered_through_the_form() {
    let app = spawn_app().await;
    let c = browser();
    register(&c, &app, "forma@example.pl").await;
    let (_, html) = page(&c, &app, "/organizacje/nowa").await;
    let token = csrf(&html);
    let two = c
        .post(app.url("/organizacje/nowa"))
        .form(&[
            ("_csrf", token.as_str()),
            ("kind", "informal_group"),
            ("name", "Dwoje"),
            ("municipality", "piotrkow-trybunalski"),
            ("member_name_0", "Anna"),
            ("member_adult_0", "1"),
            ("member_name_1", "Piotr"),
            ("member_adult_1", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(two.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = two.text().await.unwrap();
    assert!(html.contains("Popraw błędy w formularzu"));
    assert!(html.contains("value=\"Piotr\""), "typed values are kept");
    let three = c
        .post(app.url("/organizacje/nowa"))
        .form(&[
            ("_csrf", token.as_str()),
            ("kind", "informal_group"),
            ("name", "Troje"),
            ("municipality", "piotrkow-trybunalski"),
            ("member_name_0", "Anna"),
            ("member_adult_0", "1"),
            ("member_name_2", "Piotr"),
            ("member_adult_2", "1"),
            ("member_name_3", "Zofia"),
            ("member_adult_3", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(three.status(), StatusCode::SEE_OTHER);
    let location = three.headers()["location"].to_str().unwrap().to_string();
    let (_, html) = page(&c, &app, &location).await;
    assert!(html.contains("Troje"));
    assert!(
        html.contains("Zofia"),
        "the representative sees the members"
    );
    let (_, public) = page(&browser(), &app, location.split('?').next().unwrap()).await;
    assert!(public.contains("Troje"));
    assert!(!public.contains("Zofia"), "the public does not");
}

#[tokio::test]
async fn municipality_pages_and_404() {
    let app = spawn_app_with(true).await;
    let c = browser();
    let (status, html) = page(&c, &app, "/piotrkow-trybunalski").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Biuro Aktywności Lokalnej"));
    assert!(html.contains("Mediateka 800-lecia"));
    assert!(html.contains("Sąsiedzi z Podwórka przy Słowackiego"));
    let (_, html) = page(&c, &app, "/gminy").await;
    assert!(html.contains("Górnośląsko-Zagłębiowska Metropolia"));
    for place in ["Katowice", "Gliwice", "Sosnowiec"] {
        assert!(html.contains(place));
    }
    let (status, html) = page(&c, &app, "/nie-ma-takiej-gminy").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Nie znaleziono strony"));
    let (status, _) = page(&c, &app, "/deklaracja-dostepnosci").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn demo_accounts_can_log_in() {
    let app = spawn_app_with(true).await;
    let token = app
        .login("urzednik@piotrkow.demo", store::demo::DEMO_PASSWORD)
        .await;
    let me: serde_json::Value = app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"][0]["role"], "officer");
    assert_eq!(me["roles"][0]["municipality"], "piotrkow-trybunalski");
    let resident = app
        .login("mieszkanka@wspolnie.demo", store::demo::DEMO_PASSWORD)
        .await;
    let orgs: serde_json::Value = app
        .get("/api/v1/me/organisations", Some(&resident))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(orgs.as_array().unwrap().len(), 3);
}
