//! The few operations a batch writer needs — run a statement, read typed rows — over either a
//! SeaORM connection (both backends) or a plain SQLite transaction (`rusqlite`, see `lite`), so
//! the group commit of submissions is written once and runs on both.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

/// The type a column is read as.
#[derive(Clone, Copy, Debug)]
pub enum Col {
    /// `INTEGER` (PostgreSQL `INT4`): [`Value::Int`].
    I32,
    /// `BIGINT`: [`Value::BigInt`].
    I64,
    /// Text: [`Value::String`].
    Text,
}

/// A connection or transaction the batch writer can use.
#[allow(async_fn_in_trait)]
pub trait Exec {
    /// The SQL dialect.
    fn backend(&self) -> DbBackend;
    /// Runs a statement; the number of rows it changed.
    async fn exec(&self, sql: &str, values: Vec<Value>) -> Result<u64, DbErr>;
    /// Runs a query; every row's columns read as `cols` say.
    async fn rows(
        &self,
        sql: &str,
        values: Vec<Value>,
        cols: &[Col],
    ) -> Result<Vec<Vec<Value>>, DbErr>;
}

impl<C: ConnectionTrait> Exec for C {
    fn backend(&self) -> DbBackend {
        self.get_database_backend()
    }

    async fn exec(&self, sql: &str, values: Vec<Value>) -> Result<u64, DbErr> {
        let backend = self.get_database_backend();
        Ok(self
            .execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?
            .rows_affected())
    }

    async fn rows(
        &self,
        sql: &str,
        values: Vec<Value>,
        cols: &[Col],
    ) -> Result<Vec<Vec<Value>>, DbErr> {
        let backend = self.get_database_backend();
        let rows = self
            .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
        rows.iter()
            .map(|r| {
                cols.iter()
                    .enumerate()
                    .map(|(i, c)| {
                        Ok(match c {
                            Col::I32 => Value::Int(r.try_get_by_index(i)?),
                            Col::I64 => Value::BigInt(r.try_get_by_index(i)?),
                            Col::Text => Value::String(r.try_get_by_index(i)?),
                        })
                    })
                    .collect()
            })
            .collect()
    }
}

/// A plain SQLite transaction (the submission writer's own connection, see `lite`).
pub struct LiteTx<'a>(pub(crate) &'a rusqlite::Connection);

fn sqlite_err(e: rusqlite::Error) -> DbErr {
    DbErr::Custom(format!("sqlite: {e}"))
}

fn to_sql(v: Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::String(Some(s)) => V::Text(s),
        Value::BigInt(Some(n)) => V::Integer(n),
        Value::Int(Some(n)) => V::Integer(n.into()),
        Value::SmallInt(Some(n)) => V::Integer(n.into()),
        Value::Bool(Some(b)) => V::Integer(b.into()),
        Value::Double(Some(x)) => V::Real(x),
        Value::Bytes(Some(b)) => V::Blob(b),
        Value::Json(Some(j)) => V::Text(j.to_string()),
        _ => V::Null,
    }
}

impl Exec for LiteTx<'_> {
    fn backend(&self) -> DbBackend {
        DbBackend::Sqlite
    }

    async fn exec(&self, sql: &str, values: Vec<Value>) -> Result<u64, DbErr> {
        let mut stmt = self.0.prepare_cached(sql).map_err(sqlite_err)?;
        let n = stmt
            .execute(rusqlite::params_from_iter(values.into_iter().map(to_sql)))
            .map_err(sqlite_err)?;
        Ok(n as u64)
    }

    async fn rows(
        &self,
        sql: &str,
        values: Vec<Value>,
        cols: &[Col],
    ) -> Result<Vec<Vec<Value>>, DbErr> {
        use rusqlite::types::ValueRef;
        let mut stmt = self.0.prepare_cached(sql).map_err(sqlite_err)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(values.into_iter().map(to_sql)))
            .map_err(sqlite_err)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(sqlite_err)? {
            let mut row = Vec::with_capacity(cols.len());
            for (i, c) in cols.iter().enumerate() {
                let v = r.get_ref(i).map_err(sqlite_err)?;
                let bad = || DbErr::Custom(format!("sqlite: column {i} is not {c:?}"));
                row.push(match (c, v) {
                    (Col::I32, ValueRef::Null) => Value::Int(None),
                    (Col::I32, ValueRef::Integer(n)) => {
                        Value::Int(Some(i32::try_from(n).map_err(|_| bad())?))
                    }
                    (Col::I64, ValueRef::Null) => Value::BigInt(None),
                    (Col::I64, ValueRef::Integer(n)) => Value::BigInt(Some(n)),
                    (Col::Text, ValueRef::Null) => Value::String(None),
                    (Col::Text, ValueRef::Text(t)) => {
                        Value::String(Some(std::str::from_utf8(t).map_err(|_| bad())?.to_string()))
                    }
                    _ => return Err(bad()),
                });
            }
            out.push(row);
        }
        Ok(out)
    }
}

/// The `i`-th value of a row read with [`Exec::rows`] as `T`.
pub(crate) fn get<T: sea_orm::sea_query::ValueType>(row: &[Value], i: usize) -> Result<T, DbErr> {
    let v = row
        .get(i)
        .cloned()
        .ok_or_else(|| DbErr::Custom(format!("no column {i}")))?;
    T::try_from(v).map_err(|e| DbErr::Custom(format!("column {i}: {e}")))
}
