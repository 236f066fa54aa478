use super::*;
use proptest::prelude::*;

fn d(s: &str) -> Date {
    s.parse().expect("date")
}

#[test]
fn the_council_must_be_created_within_two_calendar_months() {
    assert_eq!(creation_deadline(d("2027-03-15")), d("2027-05-15"));
    // No 31 February: the last day of the month.
    assert_eq!(creation_deadline(d("2026-12-31")), d("2027-02-28"));
    assert_eq!(creation_deadline(d("2027-12-31")), d("2028-02-29"));
}

#[test]
fn a_term_ends_the_day_before_its_anniversary() {
    assert_eq!(term_end(d("2027-01-15"), 3), d("2030-01-14"));
    assert_eq!(term_end(d("2028-02-29"), 1), d("2029-02-27"));
}

#[test]
fn opinions_are_due_fourteen_days_after_delivery() {
    assert_eq!(opinion_deadline(d("2027-03-01")), d("2027-03-15"));
    let deadline = opinion_deadline(d("2027-03-01"));
    assert_eq!(
        OpinionState::on(deadline, None, d("2027-03-15")),
        OpinionState::Pending
    );
    assert_eq!(
        OpinionState::on(deadline, None, d("2027-03-16")),
        OpinionState::Waived
    );
    assert_eq!(
        OpinionState::on(deadline, Some(d("2027-03-15")), d("2027-04-01")),
        OpinionState::Given
    );
    // Adopted too late: the opinion was waived anyway.
    assert_eq!(
        OpinionState::on(deadline, Some(d("2027-03-16")), d("2027-03-16")),
        OpinionState::Waived
    );
    assert_eq!(
        OpinionState::Waived.label(Lang::En),
        "waived (no opinion within 14 days)"
    );
}

#[test]
fn ngos_hold_at_least_half_of_the_seats() {
    let c = |ngo, total| Composition { ngo, total };
    assert_eq!(check_composition(c(3, 6)), Ok(()));
    assert_eq!(check_composition(c(4, 6)), Ok(()));
    assert_eq!(check_composition(c(0, 0)), Err(CompositionProblem::Empty));
    assert_eq!(c(2, 6).missing_ngo_seats(), 2);
    assert_eq!(c(0, 3).missing_ngo_seats(), 3);
    let err = check_composition(c(2, 6)).expect_err("too few");
    let pl = err.message(Lang::Pl);
    assert!(pl.contains("co najmniej połowę"), "{pl}");
    assert!(pl.contains("2 z 6"), "{pl}");
    assert!(pl.contains("brakuje 2 miejsc"), "{pl}");
}

#[test]
fn votes_are_counted_with_quorum_and_majority() {
    use Choice::*;
    let rules = VoteRules::default();
    let t = tally(7, &[For, For, Against, Abstain], rules);
    assert!(t.quorum_reached);
    assert_eq!(t.outcome, Outcome::Adopted);
    assert_eq!((t.votes_for, t.against, t.abstain, t.voted()), (2, 1, 1, 4));
    // 3 of 7 is not more than half.
    assert_eq!(tally(7, &[For, For, For], rules).outcome, Outcome::NoQuorum);
    // 3 of 6 is exactly half: still no quorum.
    assert_eq!(tally(6, &[For, For, For], rules).outcome, Outcome::NoQuorum);
    // A tie is not a majority.
    assert_eq!(
        tally(4, &[For, Against, Abstain], rules).outcome,
        Outcome::Rejected
    );
    let absolute = VoteRules {
        quorum: Quorum::MoreThanHalf,
        majority: Majority::Absolute,
    };
    assert_eq!(
        tally(5, &[For, For, Against, Abstain], absolute).outcome,
        Outcome::Rejected
    );
    let two_thirds = VoteRules {
        quorum: Quorum::None,
        majority: Majority::TwoThirds,
    };
    assert_eq!(
        tally(9, &[For, For, Against], two_thirds).outcome,
        Outcome::Adopted
    );
    assert_eq!(tally(9, &[], two_thirds).outcome, Outcome::Rejected);
}

#[test]
fn ties_in_elections_are_shown_not_broken() {
    let results = election_results(&[("a", 5), ("b", 3), ("c", 3), ("d", 1)], 2);
    let by = |id: &str| {
        results
            .iter()
            .find(|r| r.candidate == id)
            .expect("row")
            .clone()
    };
    assert_eq!(by("a").standing, Standing::Elected);
    assert_eq!(by("a").rank, 1);
    assert_eq!(by("b").standing, Standing::Tie);
    assert_eq!(by("c").standing, Standing::Tie);
    assert_eq!(by("b").rank, 2);
    assert_eq!(by("c").rank, 2);
    assert!(by("b").tied && by("c").tied && !by("a").tied);
    assert_eq!(by("d").standing, Standing::NotElected);
    assert_eq!(results[0].candidate, "a");
    // A tie within the seats is no problem: both are elected.
    let results = election_results(&[("a", 3), ("b", 3), ("c", 1)], 2);
    assert!(
        results[..2]
            .iter()
            .all(|r| r.standing == Standing::Elected && r.tied)
    );
}

#[test]
fn ballots_mark_distinct_candidates_within_the_limit() {
    let allowed = ["a", "b", "c"];
    assert!(check_ballot(&["a", "c"], &allowed, 2).is_ok());
    assert!(check_ballot::<&str>(&[], &allowed, 2).is_err());
    assert!(check_ballot(&["a", "b", "c"], &allowed, 2).is_err());
    assert!(check_ballot(&["a", "a"], &allowed, 2).is_err());
    assert!(check_ballot(&["x"], &allowed, 2).is_err());
}

#[test]
fn members_are_checked() {
    let ok = validate_member(&MemberDraft {
        name: " Anna Nowak ".into(),
        seat_kind: "ngo".into(),
        function: "".into(),
        joined_on: "2027-01-10".into(),
    })
    .expect("valid");
    assert_eq!(ok.name, "Anna Nowak");
    assert_eq!(ok.function, Function::Member);
    assert_eq!(ok.joined_on, Some(d("2027-01-10")));
    let errs = validate_member(&MemberDraft {
        name: "".into(),
        seat_kind: "mayor".into(),
        function: "king".into(),
        joined_on: "2027-02-30".into(),
    })
    .expect_err("invalid");
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "seat_kind", "function", "joined_on"]);
}

#[test]
fn codes_round_trip() {
    for k in SeatKind::ALL {
        assert_eq!(SeatKind::parse(k.as_str()), Some(k));
    }
    for f in Function::ALL {
        assert_eq!(Function::parse(f.as_str()), Some(f));
    }
    for c in Choice::ALL {
        assert_eq!(Choice::parse(c.as_str()), Some(c));
    }
    for q in Quorum::ALL {
        assert_eq!(Quorum::parse(q.as_str()), Some(q));
    }
    for m in Majority::ALL {
        assert_eq!(Majority::parse(m.as_str()), Some(m));
    }
    for o in Outcome::ALL {
        assert_eq!(Outcome::parse(o.as_str()), Some(o));
    }
    for p in ElectionPhase::ALL {
        assert_eq!(ElectionPhase::parse(p.as_str()), Some(p));
    }
}

proptest! {
    #[test]
    fn adding_the_missing_ngo_seats_makes_a_valid_council(ngo in 0u32..50, other in 0u32..50) {
        let c = Composition { ngo, total: ngo + other };
        let n = c.missing_ngo_seats();
        let fixed = Composition { ngo: ngo + n, total: c.total + n };
        prop_assert!(fixed.total == 0 || fixed.is_valid());
        if n > 0 {
            let short = Composition { ngo: ngo + n - 1, total: c.total + n - 1 };
            prop_assert!(!short.is_valid());
        }
    }

    #[test]
    fn the_tally_counts_every_vote(f in 0u32..20, a in 0u32..20, x in 0u32..20, extra in 0u32..20) {
        let mut votes = vec![Choice::For; f as usize];
        votes.extend(vec![Choice::Against; a as usize]);
        votes.extend(vec![Choice::Abstain; x as usize]);
        let members = f + a + x + extra;
        let t = tally(members, &votes, VoteRules::default());
        prop_assert_eq!(t.voted(), f + a + x);
        prop_assert_eq!(t.quorum_reached, (f + a + x) * 2 > members);
        if t.outcome == Outcome::Adopted {
            prop_assert!(f > a);
        }
    }

    #[test]
    fn elected_never_exceed_the_seats(votes in proptest::collection::vec(0u32..6, 0..12), seats in 0u32..6) {
        let candidates: Vec<(usize, u32)> = votes.iter().copied().enumerate().collect();
        let results = election_results(&candidates, seats);
        let elected = results.iter().filter(|r| r.standing == Standing::Elected).count() as u32;
        let tie = results.iter().filter(|r| r.standing == Standing::Tie).count() as u32;
        prop_assert!(elected <= seats);
        prop_assert!(tie == 0 || elected + tie > seats);
        for w in results.windows(2) {
            prop_assert!(w[0].votes >= w[1].votes);
        }
    }
}
