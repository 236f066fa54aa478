//! Attachments of practices and meetings, kept as blobs in the shared `files` table
//! (`owner_type` `practice` or `meeting`). Adding and removing are audited on the owner.

use domain::practices::attachments::{MAX_ATTACHMENTS, ValidUpload};
use domain::time::to_micros;
use jiff::Timestamp;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, ModelTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;

use super::entities::{meeting, practice};
use crate::audit::{self, NewEntry};
use crate::grants::entities::file;
use crate::ids::new_id;
use crate::{Db, StoreError};

pub use file::Model as StoredFile;

/// Whose attachment it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner<'a> {
    Practice(&'a str),
    Meeting(&'a str),
}

impl Owner<'_> {
    fn kind(self) -> &'static str {
        match self {
            Owner::Practice(_) => "practice",
            Owner::Meeting(_) => "meeting",
        }
    }
    fn owner_id(&self) -> String {
        match self {
            Owner::Practice(id) | Owner::Meeting(id) => id.to_string(),
        }
    }
}

/// An attachment without its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub id: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: i64,
}

impl From<StoredFile> for Attachment {
    fn from(f: StoredFile) -> Self {
        Attachment {
            id: f.id,
            filename: f.filename,
            content_type: f.content_type,
            size: f.size,
            created_at: f.created_at,
        }
    }
}

/// Stores an attachment (already checked by `check_upload`). `409` when the owner already has
/// [`MAX_ATTACHMENTS`]. The owner's row is locked so two uploads cannot both take the last place.
pub async fn add(
    db: &Db,
    owner: Owner<'_>,
    upload: &ValidUpload,
    bytes: Vec<u8>,
    actor: &str,
    now: Timestamp,
) -> Result<Attachment, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let owner_id = owner.owner_id();
    let municipality_id = match owner {
        Owner::Practice(id) => {
            let p = practice::Entity::find_by_id(id.to_string())
                .lock_exclusive()
                .one(&txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let municipality_id = p.municipality_id.clone();
            let mut am = p.into_active_model();
            am.updated_at = Set(now_us);
            am.update(&txn).await?;
            Some(municipality_id)
        }
        Owner::Meeting(id) => {
            let m = meeting::Entity::find_by_id(id.to_string())
                .lock_exclusive()
                .one(&txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let mut am = m.into_active_model();
            am.updated_at = Set(now_us);
            am.update(&txn).await?;
            None
        }
    };
    let count = file::Entity::find()
        .filter(file::Column::OwnerType.eq(owner.kind()))
        .filter(file::Column::OwnerId.eq(owner_id.clone()))
        .count(&txn)
        .await?;
    if count as usize >= MAX_ATTACHMENTS {
        return Err(StoreError::conflict(
            "file",
            "Można dodać najwyżej 10 załączników. Usuń któryś, aby dodać nowy.",
            "At most 10 attachments can be added. Remove one to add another.",
        ));
    }
    let size = bytes.len() as i64;
    let f = file::ActiveModel {
        id: Set(new_id()),
        owner_type: Set(owner.kind().to_string()),
        owner_id: Set(owner_id.clone()),
        filename: Set(upload.filename.clone()),
        content_type: Set(upload.kind.content_type().to_string()),
        size: Set(size),
        content: Set(bytes),
        uploaded_by: Set(actor.to_string()),
        created_at: Set(now_us),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: municipality_id.as_deref(),
            action: &format!("{}.attach", owner.kind()),
            subject_type: owner.kind(),
            subject_id: Some(&owner_id),
            details: json!({"file_id": f.id, "filename": f.filename, "content_type": f.content_type, "size": size}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(f.into())
}

/// The owner's attachments, oldest first.
pub async fn list(db: &Db, owner: Owner<'_>) -> Result<Vec<Attachment>, StoreError> {
    Ok(file::Entity::find()
        .select_only()
        .columns([
            file::Column::Id,
            file::Column::OwnerType,
            file::Column::OwnerId,
            file::Column::Filename,
            file::Column::ContentType,
            file::Column::Size,
            file::Column::UploadedBy,
            file::Column::CreatedAt,
        ])
        .filter(file::Column::OwnerType.eq(owner.kind()))
        .filter(file::Column::OwnerId.eq(owner.owner_id()))
        .order_by_asc(file::Column::CreatedAt)
        .order_by_asc(file::Column::Id)
        .into_tuple::<(String, String, String, String, String, i64, String, i64)>()
        .all(db.read())
        .await?
        .into_iter()
        .map(
            |(id, _, _, filename, content_type, size, _, created_at)| Attachment {
                id,
                filename,
                content_type,
                size,
                created_at,
            },
        )
        .collect())
}

/// One attachment with its bytes, if it belongs to `owner`.
pub async fn get(
    db: &Db,
    owner: Owner<'_>,
    file_id: &str,
) -> Result<Option<StoredFile>, StoreError> {
    Ok(file::Entity::find_by_id(file_id.to_string())
        .one(db.read())
        .await?
        .filter(|f| f.owner_type == owner.kind() && f.owner_id == owner.owner_id()))
}

/// Removes an attachment of `owner`. Audited.
pub async fn remove(
    db: &Db,
    owner: Owner<'_>,
    file_id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let f = file::Entity::find_by_id(file_id.to_string())
        .one(&txn)
        .await?
        .filter(|f| f.owner_type == owner.kind() && f.owner_id == owner.owner_id())
        .ok_or(StoreError::NotFound)?;
    let municipality_id = match owner {
        Owner::Practice(id) => {
            let p = practice::Entity::find_by_id(id.to_string())
                .one(&txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let m = p.municipality_id.clone();
            let mut am = p.into_active_model();
            am.updated_at = Set(now_us);
            am.update(&txn).await?;
            Some(m)
        }
        Owner::Meeting(id) => {
            if let Some(m) = meeting::Entity::find_by_id(id.to_string())
                .one(&txn)
                .await?
            {
                let mut am = m.into_active_model();
                am.updated_at = Set(now_us);
                am.update(&txn).await?;
            }
            None
        }
    };
    let (fid, filename) = (f.id.clone(), f.filename.clone());
    f.delete(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: municipality_id.as_deref(),
            action: &format!("{}.detach", owner.kind()),
            subject_type: owner.kind(),
            subject_id: Some(&owner.owner_id()),
            details: json!({"file_id": fid, "filename": filename}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
