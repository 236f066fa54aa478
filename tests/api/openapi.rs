use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn openapi_documents_every_route_of_the_contract() {
    let app = spawn_app().await;
    let doc: Value = app
        .get("/api/v1/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/auth/login", "post"),
        ("/accounts", "post"),
        ("/me", "get"),
        ("/me/organisations", "get"),
        ("/municipalities", "get"),
        ("/organisations", "post"),
        ("/organisations/{id}", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing"
        );
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
}
