//! Municipalities (gminy) and metropolises, the tenants of the platform.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{metropolis, municipality};
use crate::{Db, StoreError};

pub use metropolis::Model as Metropolis;
pub use municipality::Model as Municipality;

/// Every municipality, by name.
pub async fn list(db: &Db) -> Result<Vec<Municipality>, StoreError> {
    Ok(municipality::Entity::find()
        .order_by_asc(municipality::Column::Name)
        .all(db.read())
        .await?)
}

/// A municipality by its slug (the `/{slug}/…` part of URLs).
pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Municipality>, StoreError> {
    Ok(municipality::Entity::find()
        .filter(municipality::Column::Slug.eq(slug))
        .one(db.read())
        .await?)
}

/// A municipality by id.
pub async fn by_id(db: &Db, id: &str) -> Result<Option<Municipality>, StoreError> {
    Ok(municipality::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?)
}

/// A metropolis by id.
pub async fn metropolis(db: &Db, id: &str) -> Result<Option<Metropolis>, StoreError> {
    Ok(metropolis::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?)
}

/// Every metropolis with its member municipalities.
pub async fn metropolises(db: &Db) -> Result<Vec<(Metropolis, Vec<Municipality>)>, StoreError> {
    let all = metropolis::Entity::find()
        .order_by_asc(metropolis::Column::Name)
        .all(db.read())
        .await?;
    let mut out = Vec::with_capacity(all.len());
    for m in all {
        let members = municipality::Entity::find()
            .filter(municipality::Column::MetropolisId.eq(m.id.clone()))
            .order_by_asc(municipality::Column::Name)
            .all(db.read())
            .await?;
        out.push((m, members));
    }
    Ok(out)
}

/// Adds a municipality (CLI). `422` for a bad slug or TERYT, `409` when the slug is taken.
pub async fn create(
    db: &Db,
    slug: &str,
    name: &str,
    teryt: Option<&str>,
    now: jiff::Timestamp,
) -> Result<String, StoreError> {
    use sea_orm::{ActiveModelTrait, Set};
    let valid_slug = !slug.is_empty()
        && slug.len() <= 60
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !RESERVED_SLUGS.contains(&slug);
    if !valid_slug {
        return Err(StoreError::invalid(
            "slug",
            "Identyfikator gminy: małe litery bez polskich znaków, cyfry i myślniki; nie może być słowem zarezerwowanym.",
            "Municipality slug: lowercase ASCII letters, digits and hyphens, not a reserved word.",
        ));
    }
    let teryt = match teryt {
        Some(t) => Some(
            domain::ids::Teryt::parse(t)
                .map_err(|e| StoreError::Invalid(vec![domain::FieldError::new("teryt", &e)]))?
                .as_str()
                .to_string(),
        ),
        None => None,
    };
    if by_slug(db, slug).await?.is_some() {
        return Err(StoreError::conflict(
            "slug",
            "Gmina o tym identyfikatorze już istnieje.",
            "A municipality with this slug already exists.",
        ));
    }
    let id = crate::ids::new_id();
    let now_us = domain::time::to_micros(now);
    let txn = db.begin().await?;
    municipality::ActiveModel {
        id: Set(id.clone()),
        slug: Set(slug.to_string()),
        name: Set(name.trim().to_string()),
        teryt: Set(teryt),
        voivodeship: Set(None),
        metropolis_id: Set(None),
        description: Set(None),
        office_name: Set(None),
        office_address: Set(None),
        office_hours: Set(None),
        office_email: Set(None),
        created_at: Set(now_us),
    }
    .insert(&txn)
    .await?;
    crate::audit::append(
        &txn,
        now_us,
        crate::audit::NewEntry {
            actor_user_id: None,
            municipality_id: Some(&id),
            action: "municipality.create",
            subject_type: "municipality",
            subject_id: Some(&id),
            details: serde_json::json!({"slug": slug, "name": name}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// First path segments the pages use, which a municipality's slug must not take.
pub const RESERVED_SLUGS: &[&str] = &[
    "api",
    "static",
    "gminy",
    "logowanie",
    "wyloguj",
    "rejestracja",
    "moje-organizacje",
    "organizacje",
    "jezyk",
    "deklaracja-dostepnosci",
    "healthz",
    "readyz",
    "konto",
    "admin",
    "praktyki",
    "rada",
    "konsultacje",
    "kalendarz",
    "mikrozakupy",
    "male-granty",
    "nabory",
    "wnioski",
    "poczta",
];
