//! Ranking and allocation within the call's budget (api-v1.md, "Allocation"):
//! eligible applications are ranked by their evaluators' average total, ties to the earlier
//! submission; below the threshold → not funded; funded in order while the requested amount fits
//! what is left; the first that does not fit and every eligible one below it → reserve;
//! formally failed → rejected. Averages are compared exactly as fractions, never as floats.

use std::cmp::Ordering;

use crate::money::Grosze;

/// One application entering the ranking.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub application_id: String,
    /// When it was submitted (microseconds since the epoch), for ties.
    pub submitted_at: i64,
    pub formal_passed: bool,
    /// Each evaluator's total points.
    pub sheet_totals: Vec<u32>,
    pub requested: Grosze,
}

/// The outcome of one application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Funded,
    Reserve,
    NotFunded,
    Rejected,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Funded => "funded",
            Outcome::Reserve => "reserve",
            Outcome::NotFunded => "not_funded",
            Outcome::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        [
            Outcome::Funded,
            Outcome::Reserve,
            Outcome::NotFunded,
            Outcome::Rejected,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// One line of the results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    pub application_id: String,
    /// 1-based position among formally passed applications; `None` for rejected ones.
    pub rank: Option<u32>,
    /// Average total points × 100, rounded half up (e.g. 1733 for 17.33).
    pub average_hundredths: i64,
    pub awarded: Grosze,
    pub outcome: Outcome,
}

/// The whole ranking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Results {
    pub entries: Vec<Ranked>,
    pub awarded_total: Grosze,
}

/// The average of the totals × 100, rounded half up; 0 for no sheets.
pub fn average_hundredths(totals: &[u32]) -> i64 {
    if totals.is_empty() {
        return 0;
    }
    let sum: i64 = totals.iter().map(|&t| i64::from(t)).sum();
    let n = totals.len() as i64;
    (sum * 200 + n) / (2 * n)
}

/// Compares two averages exactly: `a_sum/a_n` vs `b_sum/b_n`.
fn cmp_average(a: &[u32], b: &[u32]) -> Ordering {
    let s = |t: &[u32]| -> (i128, i128) {
        (
            t.iter().map(|&x| i128::from(x)).sum(),
            t.len().max(1) as i128,
        )
    };
    let (asum, an) = s(a);
    let (bsum, bn) = s(b);
    (asum * bn).cmp(&(bsum * an))
}

/// Ranks and allocates. `max_total` is the highest total one sheet can reach; an average exactly
/// at `min_average_percent` of it is eligible.
pub fn allocate(
    budget: Grosze,
    max_total: u32,
    min_average_percent: u32,
    candidates: &[Candidate],
) -> Results {
    let mut passed: Vec<&Candidate> = candidates.iter().filter(|c| c.formal_passed).collect();
    passed.sort_by(|a, b| {
        cmp_average(&b.sheet_totals, &a.sheet_totals)
            .then(a.submitted_at.cmp(&b.submitted_at))
            .then(a.application_id.cmp(&b.application_id))
    });
    let mut left = budget;
    let mut reserve_from_here = false;
    let mut entries = Vec::with_capacity(candidates.len());
    for (i, c) in passed.iter().enumerate() {
        let n = c.sheet_totals.len() as i128;
        let sum: i128 = c.sheet_totals.iter().map(|&t| i128::from(t)).sum();
        let eligible =
            n > 0 && sum * 100 >= i128::from(max_total) * i128::from(min_average_percent) * n;
        let (outcome, awarded) = if !eligible {
            (Outcome::NotFunded, Grosze::ZERO)
        } else if !reserve_from_here && c.requested <= left {
            left = left.saturating_sub(c.requested);
            (Outcome::Funded, c.requested)
        } else {
            reserve_from_here = true;
            (Outcome::Reserve, Grosze::ZERO)
        };
        entries.push(Ranked {
            application_id: c.application_id.clone(),
            rank: Some(i as u32 + 1),
            average_hundredths: average_hundredths(&c.sheet_totals),
            awarded,
            outcome,
        });
    }
    let mut rejected: Vec<&Candidate> = candidates.iter().filter(|c| !c.formal_passed).collect();
    rejected.sort_by_key(|c| (c.submitted_at, c.application_id.clone()));
    for c in rejected {
        entries.push(Ranked {
            application_id: c.application_id.clone(),
            rank: None,
            average_hundredths: 0,
            awarded: Grosze::ZERO,
            outcome: Outcome::Rejected,
        });
    }
    Results {
        awarded_total: budget.saturating_sub(left),
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn zl(z: i64) -> Grosze {
        Grosze::from_zloty(z).unwrap()
    }

    fn c(id: &str, at: i64, passed: bool, totals: &[u32], req: i64) -> Candidate {
        Candidate {
            application_id: id.into(),
            submitted_at: at,
            formal_passed: passed,
            sheet_totals: totals.to_vec(),
            requested: zl(req),
        }
    }

    #[test]
    fn the_documented_walk() {
        // max total 20, threshold 50% = average 10.
        let cs = vec![
            c("a", 1, true, &[18, 16], 4000), // 17 → funded
            c("b", 2, true, &[15, 15], 5000), // 15 → funded (9000 of 10000)
            c("c", 3, true, &[14, 14], 2000), // 14 → does not fit (1000 left) → reserve
            c("d", 4, true, &[12, 12], 500),  // 12 → fits, but below the first misfit → reserve
            c("e", 5, true, &[10, 10], 500),  // exactly at threshold → eligible → reserve
            c("f", 6, true, &[9, 10], 500),   // 9.5 → not funded
            c("g", 7, false, &[], 500),       // rejected
        ];
        let r = allocate(zl(10_000), 20, 50, &cs);
        let got: Vec<(&str, Option<u32>, Outcome)> = r
            .entries
            .iter()
            .map(|e| (e.application_id.as_str(), e.rank, e.outcome))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a", Some(1), Outcome::Funded),
                ("b", Some(2), Outcome::Funded),
                ("c", Some(3), Outcome::Reserve),
                ("d", Some(4), Outcome::Reserve),
                ("e", Some(5), Outcome::Reserve),
                ("f", Some(6), Outcome::NotFunded),
                ("g", None, Outcome::Rejected),
            ]
        );
        assert_eq!(r.awarded_total, zl(9000));
        assert_eq!(r.entries[5].average_hundredths, 950);
    }

    #[test]
    fn ties_go_to_the_earlier_submission() {
        let cs = vec![
            c("late", 20, true, &[10], 1000),
            c("early", 10, true, &[10], 1000),
        ];
        let r = allocate(zl(1000), 10, 0, &cs);
        assert_eq!(r.entries[0].application_id, "early");
        assert_eq!(r.entries[0].outcome, Outcome::Funded);
        assert_eq!(r.entries[1].outcome, Outcome::Reserve);
    }

    #[test]
    fn averages_round_half_up_to_two_decimals() {
        assert_eq!(average_hundredths(&[10, 11, 11]), 1067);
        assert_eq!(average_hundredths(&[1, 2]), 150);
        assert_eq!(average_hundredths(&[]), 0);
    }

    proptest! {
        #[test]
        fn never_more_than_the_budget_and_funded_ranked_above_reserve(
            budget in 0i64..100_000,
            apps in proptest::collection::vec((0u32..=20, 0u32..=20, 1i64..10_000, any::<bool>()), 0..30),
            pct in 0u32..=100,
        ) {
            let cs: Vec<Candidate> = apps.iter().enumerate().map(|(i, (a, b, req, passed))| {
                c(&format!("{i:03}"), i as i64, *passed, &[*a, *b], *req)
            }).collect();
            let r = allocate(zl(budget), 20, pct, &cs);
            prop_assert!(r.awarded_total <= zl(budget));
            let sum = Grosze::checked_sum(r.entries.iter().map(|e| e.awarded)).unwrap();
            prop_assert_eq!(sum, r.awarded_total);
            prop_assert_eq!(r.entries.len(), cs.len());
            let mut seen_reserve = false;
            for e in &r.entries {
                match e.outcome {
                    Outcome::Reserve => seen_reserve = true,
                    Outcome::Funded => prop_assert!(!seen_reserve, "funded below a reserve"),
                    _ => {}
                }
                prop_assert_eq!(e.rank.is_none(), e.outcome == Outcome::Rejected);
                prop_assert_eq!(e.awarded != Grosze::ZERO, e.outcome == Outcome::Funded && e.awarded != Grosze::ZERO);
            }
        }
    }
}
