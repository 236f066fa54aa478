use super::*;
use jiff::civil::date;
use proptest::prelude::*;

fn zl(s: &str) -> Grosze {
    Grosze::parse(s).expect("test amount")
}

fn draft() -> PurchaseDraft {
    PurchaseDraft {
        buying_unit: "Miejski Ośrodek Pomocy Społecznej".into(),
        supplier_activity: "paid_statutory".into(),
        net: "5000.00".into(),
        gross: "5000.00".into(),
        ordered_on: "2026-03-02".into(),
        start_date: "2026-03-09".into(),
        end_date: "2026-06-30".into(),
        outcomes: vec![
            "20 warsztatów po 15 uczestników".into(),
            "raport z ankiet".into(),
        ],
        justification: None,
    }
}

fn field_names(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn the_threshold_is_130_000_net_and_the_warning_starts_at_80_percent() {
    assert_eq!(THRESHOLD_NET, zl("130000.00"));
    assert_eq!(WARNING_FROM, zl("104000.00"));
}

#[test]
fn a_sum_of_129_999_99_is_allowed_and_130_000_00_is_refused() {
    let allowed = check_threshold(zl("100000.00"), zl("29999.99"));
    assert!(!allowed.refused());
    assert_eq!(allowed.sum_after, zl("129999.99"));
    assert_eq!(allowed.level, ThresholdLevel::Warning);

    let refused = check_threshold(zl("100000.00"), zl("30000.00"));
    assert!(refused.refused());
    assert_eq!(refused.sum_after, zl("130000.00"));

    assert!(!check_threshold(Grosze::ZERO, zl("129999.99")).refused());
    assert!(check_threshold(Grosze::ZERO, zl("130000.00")).refused());
    assert!(check_threshold(zl("129999.99"), zl("0.01")).refused());
}

#[test]
fn the_warning_starts_exactly_at_104_000() {
    assert_eq!(
        check_threshold(zl("100000.00"), zl("3999.99")).level,
        ThresholdLevel::Below
    );
    let at = check_threshold(zl("100000.00"), zl("4000.00"));
    assert_eq!(at.level, ThresholdLevel::Warning);
    assert!(at.warns());
}

#[test]
fn percent_is_rounded_down_and_may_pass_100() {
    assert_eq!(percent_of_threshold(Grosze::ZERO), 0);
    assert_eq!(percent_of_threshold(zl("103999.99")), 79);
    assert_eq!(percent_of_threshold(zl("104000.00")), 80);
    assert_eq!(percent_of_threshold(zl("129999.99")), 99);
    assert_eq!(percent_of_threshold(zl("260000.00")), 200);
}

#[test]
fn an_overflowing_sum_is_refused_not_a_panic() {
    let huge = Grosze::from_grosze(i64::MAX - 5).unwrap();
    assert!(check_threshold(huge, zl("1.00")).refused());
}

#[test]
fn the_refusal_gives_the_current_sum_and_the_threshold_in_both_languages() {
    let r = ThresholdRefusal {
        kind: "WS-SEN — warsztaty dla seniorów".into(),
        year: 2026,
        check: check_threshold(zl("120000.00"), zl("10000.00")),
    };
    let pl = r.message(Lang::Pl);
    assert!(pl.contains("120\u{a0}000,00\u{a0}zł"), "{pl}");
    assert!(pl.contains("130\u{a0}000,00\u{a0}zł"), "{pl}");
    assert!(pl.contains("„WS-SEN — warsztaty dla seniorów”"), "{pl}");
    assert!(pl.contains("uzasadnienie"), "{pl}");
    let en = r.message(Lang::En);
    assert!(
        en.contains("120\u{a0}000,00\u{a0}zł") && en.contains("threshold"),
        "{en}"
    );
}

#[test]
fn the_warning_says_how_much_is_left() {
    let w = ThresholdWarning {
        kind: "AN — animacja".into(),
        year: 2026,
        sum: zl("110500.00"),
    };
    let pl = w.message(Lang::Pl);
    assert!(pl.contains("85%"), "{pl}");
    assert!(pl.contains("19\u{a0}500,00\u{a0}zł"), "{pl}");
}

#[test]
fn the_financial_year_is_the_year_of_the_order() {
    assert_eq!(financial_year(date(2026, 12, 31)), 2026);
    assert_eq!(financial_year(date(2027, 1, 1)), 2027);
}

#[test]
fn a_complete_purchase_is_valid() {
    let p = validate_purchase(&draft(), MoneyInput::Api).expect("valid");
    assert_eq!(p.net, zl("5000.00"));
    assert_eq!(p.financial_year, 2026);
    assert_eq!(p.supplier_activity, SupplierActivity::PaidStatutory);
    assert_eq!(p.outcomes.len(), 2);
    assert_eq!(p.justification, None);
}

#[test]
fn form_input_reads_polish_amounts() {
    let d = PurchaseDraft {
        net: "5 000,00 zł".into(),
        gross: "6 150".into(),
        ..draft()
    };
    let p = validate_purchase(&d, MoneyInput::Form).expect("valid");
    assert_eq!(p.gross, zl("6150.00"));
    assert!(validate_purchase(&d, MoneyInput::Api).is_err());
}

#[test]
fn every_problem_is_reported_at_once() {
    let d = PurchaseDraft {
        buying_unit: " ".into(),
        supplier_activity: String::new(),
        net: "0".into(),
        gross: "-1".into(),
        ordered_on: "2026-02-30".into(),
        start_date: "2026-05-01".into(),
        end_date: "2026-04-30".into(),
        outcomes: vec![],
        justification: Some("za krótkie".into()),
    };
    let e = validate_purchase(&d, MoneyInput::Api).unwrap_err();
    assert_eq!(
        field_names(&e),
        vec![
            "buying_unit",
            "supplier_activity",
            "net",
            "gross",
            "ordered_on",
            "end_date",
            "outcomes",
            "justification"
        ]
    );
    assert!(e[1].message_pl.contains("działalność gospodarczą"));
}

#[test]
fn gross_is_between_net_and_net_plus_23_percent() {
    let with = |net: &str, gross: &str| {
        validate_purchase(
            &PurchaseDraft {
                net: net.into(),
                gross: gross.into(),
                ..draft()
            },
            MoneyInput::Api,
        )
    };
    assert!(with("1000.00", "1000.00").is_ok());
    assert!(with("1000.00", "1230.00").is_ok());
    assert_eq!(
        field_names(&with("1000.00", "1230.01").unwrap_err()),
        ["gross"]
    );
    assert_eq!(
        field_names(&with("1000.00", "999.99").unwrap_err()),
        ["gross"]
    );
}

#[test]
fn a_justification_must_say_something() {
    let with = |j: &str| {
        validate_purchase(
            &PurchaseDraft {
                justification: Some(j.into()),
                ..draft()
            },
            MoneyInput::Api,
        )
    };
    assert_eq!(with("   ").unwrap().justification, None);
    assert!(with(&"x".repeat(29)).is_err());
    assert_eq!(
        with(&"x".repeat(30)).unwrap().justification.as_deref(),
        Some("x".repeat(30).as_str())
    );
}

#[test]
fn kinds_have_codes_in_capitals() {
    let k = validate_kind(" ws-sen ", "Warsztaty dla seniorów").unwrap();
    assert_eq!(k.code, "WS-SEN");
    assert!(validate_kind("85320000-8", "Usługi społeczne").is_ok());
    let e = validate_kind("zły kod", "").unwrap_err();
    assert_eq!(field_names(&e), ["code", "name"]);
    assert!(validate_kind(&"A".repeat(31), "x").is_err());
}

#[test]
fn a_report_has_one_line_per_expected_outcome() {
    let ok = validate_report(2, &["20 warsztatów".into(), "raport".into()], Some("  "));
    assert_eq!(ok.unwrap().comment, None);
    let e = validate_report(2, &["20 warsztatów".into()], None).unwrap_err();
    assert_eq!(field_names(&e), ["achieved"]);
    let e = validate_report(2, &["20".into(), " ".into()], None).unwrap_err();
    assert_eq!(field_names(&e), ["achieved[1]"]);
}

#[test]
fn a_rejection_needs_reasons() {
    assert_eq!(
        validate_acceptance(Some("accepted"), None),
        Ok(Acceptance::Accepted { note: None })
    );
    assert_eq!(
        validate_acceptance(Some("rejected"), Some("Brak list obecności")),
        Ok(Acceptance::Rejected {
            reason: "Brak list obecności".into()
        })
    );
    let e = validate_acceptance(Some("rejected"), Some(" ")).unwrap_err();
    assert_eq!(e[0].field, "reason");
    let e = validate_acceptance(Some("maybe"), None).unwrap_err();
    assert_eq!(e[0].field, "result");
}

#[test]
fn statuses_round_trip_and_allow_the_right_actions() {
    for s in PurchaseStatus::ALL {
        assert_eq!(PurchaseStatus::parse(s.as_str()), Some(s));
    }
    assert!(PurchaseStatus::Ordered.can_report());
    assert!(PurchaseStatus::Rejected.can_report());
    assert!(!PurchaseStatus::Reported.can_report());
    assert!(PurchaseStatus::Reported.can_decide());
    assert!(!PurchaseStatus::Accepted.can_decide());
    assert!(PurchaseStatus::Accepted.can_pay());
    assert!(!PurchaseStatus::Reported.can_pay());
    for a in SupplierActivity::ALL {
        assert_eq!(SupplierActivity::parse(a.as_str()), Some(a));
    }
}

proptest! {
    /// The rule itself: refused exactly when the sum would reach 130 000,00 zł.
    #[test]
    fn refused_exactly_when_the_sum_reaches_the_threshold(
        current in 0i64..30_000_000, net in 1i64..30_000_000
    ) {
        let c = check_threshold(Grosze::from_grosze(current).unwrap(), Grosze::from_grosze(net).unwrap());
        prop_assert_eq!(c.refused(), current + net >= 13_000_000);
        prop_assert_eq!(c.warns(), (10_400_000..13_000_000).contains(&(current + net)));
        prop_assert_eq!(c.sum_after.as_grosze(), current + net);
    }

    /// Whatever order purchases arrive in, admitting only those that pass keeps the sum below
    /// the threshold.
    #[test]
    fn admitting_only_what_passes_never_crosses_the_threshold(
        nets in proptest::collection::vec(1i64..5_000_000, 0..60)
    ) {
        let mut sum = Grosze::ZERO;
        for net in nets {
            let c = check_threshold(sum, Grosze::from_grosze(net).unwrap());
            if !c.refused() {
                sum = c.sum_after;
            }
            prop_assert!(sum < THRESHOLD_NET);
        }
    }

    #[test]
    fn percent_matches_the_level(sum in 0i64..40_000_000) {
        let s = Grosze::from_grosze(sum).unwrap();
        let p = percent_of_threshold(s);
        match ThresholdLevel::of(s) {
            ThresholdLevel::Below => prop_assert!(p < 80),
            ThresholdLevel::Warning => prop_assert!((80..100).contains(&p)),
            ThresholdLevel::Reached => prop_assert!(p >= 100),
        }
    }
}
