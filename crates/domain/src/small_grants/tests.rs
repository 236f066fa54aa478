use super::*;
use jiff::civil::date;
use proptest::prelude::*;

fn zl(s: &str) -> Grosze {
    Grosze::parse(s).expect("test amount")
}

fn draft() -> OfferDraft {
    OfferDraft {
        title: "Potańcówka sąsiedzka na Starym Mieście".into(),
        description: "Trzy spotkania z muzyką na żywo dla seniorów i ich wnuków.".into(),
        start_date: "2027-05-01".into(),
        end_date: "2027-06-30".into(),
        amount: "8000.00".into(),
        budget_lines: vec![
            BudgetLineDraft {
                name: "Zespół muzyczny".into(),
                amount: "6000.00".into(),
            },
            BudgetLineDraft {
                name: "Poczęstunek".into(),
                amount: "2000.00".into(),
            },
        ],
        expected_results: vec!["3 potańcówki".into(), "120 uczestników".into()],
    }
}

fn field_names(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn a_complete_offer_is_valid_and_counts_towards_the_year_it_starts() {
    let o = validate_offer(&draft(), MoneyInput::Api).expect("valid");
    assert_eq!(o.amount, zl("8000.00"));
    assert_eq!(o.budget_lines.len(), 2);
    assert_eq!(o.year(), 2027);
}

#[test]
fn ten_thousand_is_allowed_and_one_grosz_more_is_refused() {
    assert_eq!(check_amount(zl("10000.00")), Ok(()));
    assert_eq!(
        check_amount(zl("10000.01")),
        Err(LimitProblem::AmountTooHigh {
            amount: zl("10000.01")
        })
    );
    assert_eq!(check_amount(Grosze::ZERO), Err(LimitProblem::AmountZero));
    let with = |amount: &str| {
        validate_offer(
            &OfferDraft {
                amount: amount.into(),
                budget_lines: vec![BudgetLineDraft {
                    name: "Wszystko".into(),
                    amount: amount.into(),
                }],
                ..draft()
            },
            MoneyInput::Api,
        )
    };
    assert!(with("10000.00").is_ok());
    let e = with("10000.01").unwrap_err();
    assert_eq!(field_names(&e), ["amount"]);
    assert!(
        e[0].message_pl.contains("10\u{a0}000,00\u{a0}zł"),
        "{}",
        e[0].message_pl
    );
}

#[test]
fn day_90_is_allowed_and_day_91_refused_counting_both_ends() {
    // 1 January to 31 March 2027: 31 + 28 + 31 = 90 days.
    assert_eq!(task_days(date(2027, 1, 1), date(2027, 3, 31)), 90);
    assert_eq!(check_duration(date(2027, 1, 1), date(2027, 3, 31)), Ok(()));
    assert_eq!(
        check_duration(date(2027, 1, 1), date(2027, 4, 1)),
        Err(LimitProblem::TooLong { days: 91 })
    );
    // A one-day task lasts one day; leap years count 29 February.
    assert_eq!(task_days(date(2028, 2, 28), date(2028, 2, 28)), 1);
    assert_eq!(task_days(date(2028, 2, 28), date(2028, 3, 1)), 3);
    assert_eq!(
        check_duration(date(2027, 3, 2), date(2027, 3, 1)),
        Err(LimitProblem::EndBeforeStart)
    );
    let e = validate_offer(
        &OfferDraft {
            start_date: "2027-01-01".into(),
            end_date: "2027-04-01".into(),
            ..draft()
        },
        MoneyInput::Api,
    )
    .unwrap_err();
    assert_eq!(field_names(&e), ["end_date"]);
    assert!(e[0].message_pl.contains("91 dni"), "{}", e[0].message_pl);
}

#[test]
fn an_organisation_gets_at_most_20_000_a_year() {
    assert_eq!(
        check_organisation_year(2027, zl("10000.00"), zl("10000.00")),
        Ok(())
    );
    let e = check_organisation_year(2027, zl("12000.00"), zl("8000.01")).unwrap_err();
    let pl = e.message(Lang::Pl);
    assert!(
        pl.contains("12\u{a0}000,00\u{a0}zł") && pl.contains("20\u{a0}000,00\u{a0}zł"),
        "{pl}"
    );
    assert!(pl.contains("2027"), "{pl}");
}

#[test]
fn the_pool_is_at_most_20_percent_of_planned_grants() {
    assert_eq!(max_pool(zl("500000.00")), zl("100000.00"));
    assert_eq!(max_pool(zl("0.04")), Grosze::ZERO, "rounded down");
    assert_eq!(
        check_pool_setting(zl("500000.00"), zl("100000.00"), Grosze::ZERO),
        Ok(())
    );
    assert!(matches!(
        check_pool_setting(zl("500000.00"), zl("100000.01"), Grosze::ZERO),
        Err(LimitProblem::PoolAboveShare { .. })
    ));
    assert!(matches!(
        check_pool_setting(zl("500000.00"), zl("10000.00"), zl("12000.00")),
        Err(LimitProblem::PoolBelowCommitted { .. })
    ));
}

#[test]
fn offers_must_fit_in_the_pool() {
    assert_eq!(
        check_pool(2027, None, Grosze::ZERO, zl("1.00")),
        Err(LimitProblem::NoPool { year: 2027 })
    );
    assert_eq!(
        check_pool(2027, Some(zl("20000.00")), zl("12000.00"), zl("8000.00")),
        Ok(())
    );
    let e = check_pool(2027, Some(zl("20000.00")), zl("12000.00"), zl("8000.01")).unwrap_err();
    assert!(
        e.message(Lang::Pl)
            .contains("zostało 8\u{a0}000,00\u{a0}zł"),
        "{}",
        e.message(Lang::Pl)
    );
    assert!(
        e.message(Lang::En)
            .contains("8\u{a0}000,00\u{a0}zł is left")
    );
}

#[test]
fn the_budget_must_add_up_to_the_amount() {
    let e = validate_offer(
        &OfferDraft {
            amount: "9000.00".into(),
            ..draft()
        },
        MoneyInput::Api,
    )
    .unwrap_err();
    assert_eq!(field_names(&e), ["budget_lines"]);
    let e = validate_offer(
        &OfferDraft {
            budget_lines: vec![
                BudgetLineDraft {
                    name: String::new(),
                    amount: "1.00".into(),
                },
                BudgetLineDraft::default(),
            ],
            ..draft()
        },
        MoneyInput::Api,
    )
    .unwrap_err();
    assert_eq!(field_names(&e), ["budget_lines[0].name"]);
    let e = validate_offer(
        &OfferDraft {
            budget_lines: vec![BudgetLineDraft::default()],
            ..draft()
        },
        MoneyInput::Api,
    )
    .unwrap_err();
    assert_eq!(field_names(&e), ["budget_lines"]);
}

#[test]
fn every_problem_is_reported_at_once() {
    let e = validate_offer(&OfferDraft::default(), MoneyInput::Form).unwrap_err();
    assert_eq!(
        field_names(&e),
        [
            "title",
            "description",
            "start_date",
            "end_date",
            "amount",
            "budget_lines",
            "expected_results"
        ]
    );
}

#[test]
fn the_schedule_uses_working_days_for_publication_and_calendar_days_for_comments() {
    // Arrived Thursday 2 April 2026; Easter Monday is 6 April. 7 working days: 3, 7, 8, 9, 10,
    // 13, 14 April.
    let s = Schedule::new(date(2026, 4, 2), None).unwrap();
    assert_eq!(s.publish_by, date(2026, 4, 14));
    assert!(s.may_publish_on(date(2026, 4, 2)));
    assert!(s.may_publish_on(date(2026, 4, 14)));
    assert!(!s.may_publish_on(date(2026, 4, 15)));
    assert!(!s.comments_open_on(date(2026, 4, 3)));
    assert!(!s.may_decide_on(date(2026, 5, 30)));

    let p = Schedule::new(date(2026, 4, 2), Some(date(2026, 4, 9))).unwrap();
    assert_eq!(p.comments_until, Some(date(2026, 4, 16)));
    assert_eq!(p.decision_from, Some(date(2026, 4, 17)));
    assert!(!p.may_publish_on(date(2026, 4, 10)), "published once");
    assert!(!p.comments_open_on(date(2026, 4, 8)));
    assert!(p.comments_open_on(date(2026, 4, 9)));
    assert!(p.comments_open_on(date(2026, 4, 16)));
    assert!(!p.comments_open_on(date(2026, 4, 17)));
    assert!(!p.may_decide_on(date(2026, 4, 16)));
    assert!(p.may_decide_on(date(2026, 4, 17)));
}

#[test]
fn publication_deadline_across_christmas_2025() {
    // Arrived Monday 22 December 2025; 24, 25, 26 December and 1 January are days off
    // (24 December since 2025). Working days: 23, 29, 30, 31 Dec, 2, 5, 7 Jan (6 Jan is Epiphany).
    let s = Schedule::new(date(2025, 12, 22), None).unwrap();
    assert_eq!(s.publish_by, date(2026, 1, 7));
}

#[test]
fn statuses_round_trip_and_say_who_counts() {
    for s in OfferStatus::ALL {
        assert_eq!(OfferStatus::parse(s.as_str()), Some(s));
    }
    assert!(OfferStatus::Submitted.counts_against_limits());
    assert!(!OfferStatus::Refused.counts_against_limits());
    assert!(!OfferStatus::Submitted.is_public(false));
    assert!(OfferStatus::Published.is_public(true));
    assert!(OfferStatus::Refused.is_public(true));
    assert!(!OfferStatus::Refused.is_public(false));
}

#[test]
fn decisions_and_comments() {
    assert_eq!(
        validate_decision(Some("granted"), None),
        Ok(Decision::Granted { note: None })
    );
    assert_eq!(
        field_names(&validate_decision(Some("refused"), None).unwrap_err()),
        ["reason"]
    );
    assert_eq!(
        field_names(&validate_decision(None, None).unwrap_err()),
        ["result"]
    );
    assert_eq!(
        validate_comment("  Dobry pomysł! "),
        Ok("Dobry pomysł!".to_owned())
    );
    assert_eq!(validate_comment(" ").unwrap_err().field, "body");
}

proptest! {
    #[test]
    fn amount_limit_is_exactly_10_000(g in 1i64..3_000_000) {
        let ok = check_amount(Grosze::from_grosze(g).unwrap()).is_ok();
        prop_assert_eq!(ok, g <= 1_000_000);
    }

    #[test]
    fn duration_limit_is_exactly_90_days(offset in 0i64..2000, len in 1i64..200) {
        let start = date(2026, 1, 1).checked_add(jiff::Span::new().days(offset)).unwrap();
        let end = start.checked_add(jiff::Span::new().days(len - 1)).unwrap();
        prop_assert_eq!(task_days(start, end), len);
        prop_assert_eq!(check_duration(start, end).is_ok(), len <= 90);
    }

    #[test]
    fn organisation_and_pool_limits_are_inclusive(
        already in 0i64..3_000_000, amount in 1i64..1_500_000, pool in 0i64..5_000_000
    ) {
        let (a, b, p) = (
            Grosze::from_grosze(already).unwrap(),
            Grosze::from_grosze(amount).unwrap(),
            Grosze::from_grosze(pool).unwrap(),
        );
        prop_assert_eq!(check_organisation_year(2027, a, b).is_ok(), already + amount <= 2_000_000);
        prop_assert_eq!(check_pool(2027, Some(p), a, b).is_ok(), already + amount <= pool);
    }

    #[test]
    fn max_pool_is_never_more_than_a_fifth(planned in 0i64..1_000_000_000_000) {
        let p = Grosze::from_grosze(planned).unwrap();
        let m = max_pool(p).as_grosze();
        prop_assert!(m * 5 <= planned);
        prop_assert!((m + 1) * 5 > planned);
    }

    #[test]
    fn the_schedule_is_ordered(offset in 0i64..30_000, publish_after in 0u32..7) {
        let received = date(2000, 1, 1).checked_add(jiff::Span::new().days(offset)).unwrap();
        let s = Schedule::new(received, None).unwrap();
        prop_assert!(s.publish_by > received);
        prop_assert!(crate::calendar::is_working_day(s.publish_by));
        let published = crate::calendar::add_working_days(received, publish_after).unwrap();
        let p = Schedule::new(received, Some(published)).unwrap();
        prop_assert_eq!(task_days(published, p.comments_until.unwrap()), 8);
        prop_assert!(p.decision_from.unwrap() > p.comments_until.unwrap());
    }
}
