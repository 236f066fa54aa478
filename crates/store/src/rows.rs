//! Multi-row statements: placeholders for `VALUES (…), (…)` in either backend's syntax, so a
//! batch writes all its rows of one table in one round trip.

use sea_orm::DbBackend;

/// `(?, ?), (?, ?)` (SQLite) or `($1, $2), ($3, $4)` (PostgreSQL) for `rows` rows of `cols`
/// values, numbered from `first` (1-based) on PostgreSQL.
pub(crate) fn placeholders(backend: DbBackend, rows: usize, cols: usize, first: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    let mut n = first;
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            if backend == DbBackend::Postgres {
                s.push('$');
                s.push_str(&n.to_string());
            } else {
                s.push('?');
            }
            n += 1;
        }
        s.push(')');
    }
    s
}

/// Rows per statement for `cols` values each: stays far below SQLite's 32 766 and PostgreSQL's
/// 65 535 parameters.
pub(crate) fn chunk_rows(cols: usize) -> usize {
    (16_000 / cols.max(1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_syntaxes() {
        assert_eq!(placeholders(DbBackend::Sqlite, 2, 2, 1), "(?, ?), (?, ?)");
        assert_eq!(
            placeholders(DbBackend::Postgres, 2, 3, 2),
            "($2, $3, $4), ($5, $6, $7)"
        );
        assert_eq!(placeholders(DbBackend::Sqlite, 0, 3, 1), "");
        assert!(chunk_rows(10) * 10 <= 16_000);
    }
}
