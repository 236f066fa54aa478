//! Micro-purchases of social services (mikrozakupy usług społecznych): a municipality buys a
//! service from an NGO below the threshold of the Public Procurement Law and pays for results.
//!
//! The law (PZP art. 2 ust. 1 pkt 1) applies from [`THRESHOLD_NET`] net. Splitting an order to
//! stay below it is forbidden (art. 30), so the platform sums the net values of purchases of the
//! same kind of service, by the same municipality, in the same financial year, and:
//! - refuses a purchase that would bring that sum to the threshold or above
//!   ([`check_threshold`]: 129 999,99 zł is allowed, 130 000,00 zł is refused), unless the
//!   officer records why the purchase is not of the same kind (the justification is audited);
//! - warns the officer from [`WARNING_PERCENT`] % of the threshold on (104 000,00 zł).
//!
//! A municipality's financial year is the calendar year; a purchase belongs to the year of the
//! day it was ordered ([`financial_year`]).

use jiff::civil::Date;

use crate::lang::{Lang, Localized};
use crate::lines::check_lines;
use crate::money::{Grosze, MoneyError};
use crate::time::parse_date;
use crate::validation::{FieldError, TextProblem, bounded_text, optional_text, required_text};

const THRESHOLD_NET_GROSZE: i64 = 13_000_000;

/// The net value from which the Public Procurement Law applies: 130 000,00 zł.
pub const THRESHOLD_NET: Grosze = Grosze::from_const(THRESHOLD_NET_GROSZE);
/// From this share of the threshold (in per cent) the officer is warned.
pub const WARNING_PERCENT: i64 = 80;
/// The yearly sum from which the officer is warned: 104 000,00 zł (80 % of the threshold).
pub const WARNING_FROM: Grosze = Grosze::from_const(THRESHOLD_NET_GROSZE * WARNING_PERCENT / 100);
/// The highest VAT rate in Poland (per cent): the gross value is at most net × 1.23.
pub const MAX_VAT_PERCENT: i64 = 23;

/// The longest code of a kind of service.
pub const KIND_CODE_MAX_CHARS: usize = 30;
/// The longest name of a kind of service.
pub const KIND_NAME_MAX_CHARS: usize = 200;
/// The longest name of the buying unit.
pub const BUYING_UNIT_MAX_CHARS: usize = 300;
/// How many outcomes a purchase may list.
pub const MAX_OUTCOMES: usize = 30;
/// The longest outcome line.
pub const OUTCOME_MAX_CHARS: usize = 300;
/// The shortest justification accepted for a purchase over the threshold.
pub const JUSTIFICATION_MIN_CHARS: usize = 30;
/// The longest justification, reason or comment.
pub const LONG_TEXT_MAX_CHARS: usize = 4000;

/// The financial year a purchase ordered on `ordered_on` counts towards (the calendar year).
pub fn financial_year(ordered_on: Date) -> i16 {
    ordered_on.year()
}

/// How close a yearly sum is to the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ThresholdLevel {
    /// Below [`WARNING_FROM`].
    Below,
    /// From [`WARNING_FROM`] up to (not including) [`THRESHOLD_NET`]: the officer is warned.
    Warning,
    /// At or above [`THRESHOLD_NET`]: the procurement law applies.
    Reached,
}

impl ThresholdLevel {
    /// The level of a yearly net sum.
    pub fn of(sum: Grosze) -> ThresholdLevel {
        if sum >= THRESHOLD_NET {
            ThresholdLevel::Reached
        } else if sum >= WARNING_FROM {
            ThresholdLevel::Warning
        } else {
            ThresholdLevel::Below
        }
    }

    /// The code sent over the API: `"below"`, `"warning"` or `"reached"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ThresholdLevel::Below => "below",
            ThresholdLevel::Warning => "warning",
            ThresholdLevel::Reached => "reached",
        }
    }
}

/// The yearly sum as a whole percentage of the threshold, rounded down (can exceed 100 when
/// justified purchases took the sum past it).
pub fn percent_of_threshold(sum: Grosze) -> i64 {
    let p = i128::from(sum.as_grosze()) * 100 / i128::from(THRESHOLD_NET_GROSZE);
    i64::try_from(p).unwrap_or(i64::MAX)
}

/// What adding a purchase to a yearly sum would do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThresholdCheck {
    /// The sum of the kind's purchases in the year so far.
    pub current: Grosze,
    /// The new purchase's net value.
    pub net: Grosze,
    /// The sum with the new purchase (saturated at the largest amount on overflow).
    pub sum_after: Grosze,
    /// The level the sum would reach.
    pub level: ThresholdLevel,
}

impl ThresholdCheck {
    /// Whether the purchase must be refused (unless justified): the sum would reach the threshold.
    pub fn refused(&self) -> bool {
        self.level == ThresholdLevel::Reached
    }

    /// Whether the officer should be warned: the sum would be at 80 % or more, below the threshold.
    pub fn warns(&self) -> bool {
        self.level == ThresholdLevel::Warning
    }
}

/// Adds a purchase of `net` to a yearly sum of `current` and says where the sum would land.
/// The purchase is refused when the sum would be **at or above** 130 000,00 zł: a sum of
/// 129 999,99 zł is allowed, 130 000,00 zł is not.
pub fn check_threshold(current: Grosze, net: Grosze) -> ThresholdCheck {
    let sum_after = current
        .checked_add(net)
        .unwrap_or(Grosze::from_const(i64::MAX));
    ThresholdCheck {
        current,
        net,
        sum_after,
        level: ThresholdLevel::of(sum_after),
    }
}

/// The message of a purchase refused at the threshold: the current sum, the purchase, the
/// threshold, and what the officer can do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThresholdRefusal {
    /// The kind of service, as "code — name".
    pub kind: String,
    /// The financial year.
    pub year: i16,
    /// The check that refused it.
    pub check: ThresholdCheck,
}

impl Localized for ThresholdRefusal {
    fn message(&self, lang: Lang) -> String {
        let ThresholdCheck {
            current,
            net,
            sum_after,
            ..
        } = self.check;
        let (kind, year) = (&self.kind, self.year);
        let threshold = THRESHOLD_NET.to_polish();
        match lang {
            Lang::Pl => format!(
                "Zakup odrzucony: suma wartości netto zakupów usług rodzaju „{kind}” w roku {year} \
                 wynosi {}, a z tym zakupem ({}) wyniosłaby {} — osiągnęłaby próg {threshold}, od \
                 którego stosuje się ustawę Prawo zamówień publicznych. Zamówienia nie wolno dzielić, \
                 by uniknąć progu. Jeśli ten zakup nie jest usługą tego samego rodzaju, wpisz \
                 uzasadnienie (zostanie zapisane w dzienniku zdarzeń).",
                current.to_polish(),
                net.to_polish(),
                sum_after.to_polish()
            ),
            Lang::En => format!(
                "Purchase refused: the net purchases of the kind \"{kind}\" in {year} add up to {}; \
                 with this purchase ({}) they would reach {} — the threshold of {threshold} from which \
                 the Public Procurement Law applies. An order must not be split to stay below it. If \
                 this purchase is not a service of the same kind, give a justification (it is kept in \
                 the audit log).",
                current.to_polish(),
                net.to_polish(),
                sum_after.to_polish()
            ),
        }
    }
}

/// The warning shown from 80 % of the threshold (and, once justified purchases took the sum
/// past it, the notice that it was reached).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThresholdWarning {
    /// The kind of service, as "code — name".
    pub kind: String,
    /// The financial year.
    pub year: i16,
    /// The yearly sum including the purchase.
    pub sum: Grosze,
}

impl Localized for ThresholdWarning {
    fn message(&self, lang: Lang) -> String {
        let (kind, year, sum) = (&self.kind, self.year, self.sum.to_polish());
        let percent = percent_of_threshold(self.sum);
        let threshold = THRESHOLD_NET.to_polish();
        let left = THRESHOLD_NET.saturating_sub(self.sum).to_polish();
        let reached = self.sum >= THRESHOLD_NET;
        match (lang, reached) {
            (Lang::Pl, false) => format!(
                "Uwaga: suma wartości netto zakupów usług rodzaju „{kind}” w roku {year} wynosi {sum}, \
                 czyli {percent}% progu {threshold}. Do progu zostało {left}; zakupu, który by go \
                 osiągnął, platforma nie przyjmie bez uzasadnienia."
            ),
            (Lang::En, false) => format!(
                "Warning: the net purchases of the kind \"{kind}\" in {year} add up to {sum}, that is \
                 {percent}% of the threshold of {threshold}. {left} is left below it; the platform \
                 will not accept a purchase that reaches it without a justification."
            ),
            (Lang::Pl, true) => format!(
                "Uwaga: suma wartości netto zakupów usług rodzaju „{kind}” w roku {year} wynosi {sum} \
                 ({percent}% progu {threshold}). Zakupy ponad próg przyjęto na podstawie uzasadnienia, \
                 że nie są usługą tego samego rodzaju; każdy kolejny zakup tego rodzaju wymaga uzasadnienia."
            ),
            (Lang::En, true) => format!(
                "Warning: the net purchases of the kind \"{kind}\" in {year} add up to {sum} \
                 ({percent}% of the threshold of {threshold}). Purchases over the threshold were accepted \
                 on a justification that they are not of the same kind; every further purchase of this \
                 kind needs a justification."
            ),
        }
    }
}

/// Why a supplier may invoice the municipality: the activity it declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SupplierActivity {
    /// Paid public-benefit activity (odpłatna działalność pożytku publicznego).
    PaidStatutory,
    /// Business activity (działalność gospodarcza).
    Business,
}

impl SupplierActivity {
    /// Both declarations.
    pub const ALL: [SupplierActivity; 2] =
        [SupplierActivity::PaidStatutory, SupplierActivity::Business];

    /// The code sent over the API: `"paid_statutory"` or `"business"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SupplierActivity::PaidStatutory => "paid_statutory",
            SupplierActivity::Business => "business",
        }
    }

    /// Reads a code from [`SupplierActivity::as_str`].
    pub fn parse(s: &str) -> Option<SupplierActivity> {
        SupplierActivity::ALL
            .into_iter()
            .find(|a| a.as_str() == s.trim())
    }

    /// The declaration in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SupplierActivity::PaidStatutory, Lang::Pl) => {
                "odpłatna działalność pożytku publicznego"
            }
            (SupplierActivity::PaidStatutory, Lang::En) => "paid public-benefit activity",
            (SupplierActivity::Business, Lang::Pl) => "działalność gospodarcza",
            (SupplierActivity::Business, Lang::En) => "business activity",
        }
    }
}

/// Where a purchase stands. Payment is recorded separately (only on accepted purchases).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PurchaseStatus {
    /// Ordered; the supplier has not reported results yet.
    Ordered,
    /// The supplier reported the outcomes achieved; the officer decides.
    Reported,
    /// The officer accepted the results with a protocol.
    Accepted,
    /// The officer rejected the report with reasons; the supplier may report again.
    Rejected,
}

impl PurchaseStatus {
    /// Every status.
    pub const ALL: [PurchaseStatus; 4] = [
        PurchaseStatus::Ordered,
        PurchaseStatus::Reported,
        PurchaseStatus::Accepted,
        PurchaseStatus::Rejected,
    ];

    /// The code stored and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            PurchaseStatus::Ordered => "ordered",
            PurchaseStatus::Reported => "reported",
            PurchaseStatus::Accepted => "accepted",
            PurchaseStatus::Rejected => "rejected",
        }
    }

    /// Reads a code from [`PurchaseStatus::as_str`].
    pub fn parse(s: &str) -> Option<PurchaseStatus> {
        PurchaseStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The status in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PurchaseStatus::Ordered, Lang::Pl) => "zamówiony — czeka na sprawozdanie z rezultatów",
            (PurchaseStatus::Ordered, Lang::En) => "ordered — waiting for the results report",
            (PurchaseStatus::Reported, Lang::Pl) => "rezultaty zgłoszone — czeka na odbiór",
            (PurchaseStatus::Reported, Lang::En) => "results reported — waiting for acceptance",
            (PurchaseStatus::Accepted, Lang::Pl) => "odebrany (protokół odbioru)",
            (PurchaseStatus::Accepted, Lang::En) => "accepted (acceptance protocol)",
            (PurchaseStatus::Rejected, Lang::Pl) => {
                "odbiór odmówiony — czeka na poprawione sprawozdanie"
            }
            (PurchaseStatus::Rejected, Lang::En) => "rejected — waiting for a corrected report",
        }
    }

    /// Whether the supplier may report outcomes now (first report, or again after a rejection).
    pub fn can_report(self) -> bool {
        matches!(self, PurchaseStatus::Ordered | PurchaseStatus::Rejected)
    }

    /// Whether the officer may accept or reject now.
    pub fn can_decide(self) -> bool {
        self == PurchaseStatus::Reported
    }

    /// Whether payment may be recorded.
    pub fn can_pay(self) -> bool {
        self == PurchaseStatus::Accepted
    }
}

/// Whether amounts come from an API client (`"5000.00"`) or a Polish form (`"5 000,00 zł"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyInput {
    /// Strict API form ([`Grosze::parse`]).
    Api,
    /// What people type ([`Grosze::parse_form`]).
    Form,
}

impl MoneyInput {
    /// Reads an amount the way this input expects it.
    pub fn parse(self, s: &str) -> Result<Grosze, MoneyError> {
        match self {
            MoneyInput::Api => Grosze::parse(s.trim()),
            MoneyInput::Form => Grosze::parse_form(s),
        }
    }
}

/// A kind of social service in a municipality's catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidKind {
    /// The code, trimmed and upper-cased (unique within the municipality).
    pub code: String,
    /// The name.
    pub name: String,
}

/// Checks a kind of service: a code of 1–30 letters, digits, `.`, `-`, `_` or `/`
/// (upper-cased, so `ws-sen` and `WS-SEN` are one code) and a name.
pub fn validate_kind(code: &str, name: &str) -> Result<ValidKind, Vec<FieldError>> {
    let mut errors = Vec::new();
    let code = code.trim().to_uppercase();
    let code_ok = !code.is_empty()
        && code.chars().count() <= KIND_CODE_MAX_CHARS
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'));
    if !code_ok {
        errors.push(FieldError::with_messages(
            "code",
            format!(
                "Kod: od 1 do {KIND_CODE_MAX_CHARS} znaków — litery bez polskich znaków, cyfry, kropka, myślnik, podkreślenie lub ukośnik (np. WS-SEN albo 85320000-8)."
            ),
            format!(
                "Code: 1 to {KIND_CODE_MAX_CHARS} characters — ASCII letters, digits, dot, hyphen, underscore or slash (e.g. WS-SEN or 85320000-8)."
            ),
        ));
    }
    let name = required_text(name, KIND_NAME_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("name", &e)))
        .ok();
    match name {
        Some(name) if errors.is_empty() => Ok(ValidKind { code, name }),
        _ => Err(errors),
    }
}

/// A purchase as typed, before checks. The kind and the supplier are checked by the caller,
/// which knows the municipality's catalogue and the platform's organisations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PurchaseDraft {
    /// The buying unit (e.g. "Miejski Ośrodek Pomocy Społecznej").
    pub buying_unit: String,
    /// `paid_statutory` or `business`: the supplier's declared paid activity.
    pub supplier_activity: String,
    /// Net value.
    pub net: String,
    /// Gross value.
    pub gross: String,
    /// The day the service was ordered (`YYYY-MM-DD`); sets the financial year.
    pub ordered_on: String,
    /// First day of the service.
    pub start_date: String,
    /// Last day of the service.
    pub end_date: String,
    /// Expected outcomes, one per item ("20 warsztatów po 15 uczestników").
    pub outcomes: Vec<String>,
    /// Why the purchase is not of the same kind, when it would reach the threshold.
    pub justification: Option<String>,
}

/// A purchase that passed [`validate_purchase`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidPurchase {
    /// The buying unit.
    pub buying_unit: String,
    /// The supplier's declared paid activity.
    pub supplier_activity: SupplierActivity,
    /// Net value (more than zero).
    pub net: Grosze,
    /// Gross value (net ≤ gross ≤ net × 1.23).
    pub gross: Grosze,
    /// The day it was ordered.
    pub ordered_on: Date,
    /// The financial year it counts towards.
    pub financial_year: i16,
    /// First day of the service.
    pub start_date: Date,
    /// Last day of the service (not before the first).
    pub end_date: Date,
    /// Expected outcomes.
    pub outcomes: Vec<String>,
    /// The officer's justification, if given (at least 30 characters).
    pub justification: Option<String>,
}

fn date_field(
    field: &str,
    value: &str,
    missing_pl: &str,
    missing_en: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Date> {
    if value.trim().is_empty() {
        errors.push(FieldError::with_messages(field, missing_pl, missing_en));
        return None;
    }
    match parse_date(value) {
        Ok(d) if (crate::calendar::FIRST_YEAR..=crate::calendar::LAST_YEAR).contains(&d.year()) => {
            Some(d)
        }
        Ok(_) => {
            errors.push(FieldError::new(
                field,
                &crate::calendar::CalendarError::OutOfRange,
            ));
            None
        }
        Err(e) => {
            errors.push(FieldError::new(field, &e));
            None
        }
    }
}

/// Reads a date field with a "give the date" message when it is empty; every problem goes to
/// `errors` under `field`.
pub fn read_date(
    field: &str,
    value: &str,
    what_pl: &str,
    what_en: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Date> {
    date_field(
        field,
        value,
        &format!("Podaj {what_pl}."),
        &format!("Give {what_en}."),
        errors,
    )
}

/// Reads an amount field; every problem goes to `errors` under `field`.
pub fn read_amount(
    field: &str,
    value: &str,
    input: MoneyInput,
    errors: &mut Vec<FieldError>,
) -> Option<Grosze> {
    input
        .parse(value)
        .map_err(|e| errors.push(FieldError::new(field, &e)))
        .ok()
}

/// Checks a purchase and reports every problem at once, under the fields `buying_unit`,
/// `supplier_activity`, `net`, `gross`, `ordered_on`, `start_date`, `end_date`, `outcomes`
/// (`outcomes[i]`) and `justification`.
pub fn validate_purchase(
    d: &PurchaseDraft,
    input: MoneyInput,
) -> Result<ValidPurchase, Vec<FieldError>> {
    let mut errors = Vec::new();
    let buying_unit = required_text(&d.buying_unit, BUYING_UNIT_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("buying_unit", &e)))
        .ok();
    let supplier_activity = SupplierActivity::parse(&d.supplier_activity);
    if supplier_activity.is_none() {
        errors.push(FieldError::with_messages(
            "supplier_activity",
            "Wykonawca musi oświadczyć, że prowadzi odpłatną działalność pożytku publicznego albo działalność gospodarczą — bez tego nie może wystawić gminie rachunku ani faktury.",
            "The supplier must declare that it runs paid public-benefit activity or business activity — without one of them it cannot invoice the municipality.",
        ));
    }
    let net = read_amount("net", &d.net, input, &mut errors);
    if net == Some(Grosze::ZERO) {
        errors.push(FieldError::with_messages(
            "net",
            "Wartość netto musi być większa od zera.",
            "The net value must be more than zero.",
        ));
    }
    let gross = read_amount("gross", &d.gross, input, &mut errors);
    if let (Some(net), Some(gross)) = (net, gross) {
        let max_gross = i128::from(net.as_grosze()) * i128::from(100 + MAX_VAT_PERCENT);
        if gross < net {
            errors.push(FieldError::with_messages(
                "gross",
                format!(
                    "Wartość brutto ({}) nie może być niższa niż netto ({}).",
                    gross.to_polish(),
                    net.to_polish()
                ),
                format!(
                    "The gross value ({}) cannot be lower than the net value ({}).",
                    gross.to_polish(),
                    net.to_polish()
                ),
            ));
        } else if i128::from(gross.as_grosze()) * 100 > max_gross {
            errors.push(FieldError::with_messages(
                "gross",
                format!(
                    "Wartość brutto ({}) przekracza netto powiększone o najwyższą stawkę VAT ({MAX_VAT_PERCENT}%). Sprawdź, czy kwoty nie są zamienione.",
                    gross.to_polish()
                ),
                format!(
                    "The gross value ({}) exceeds the net value plus the highest VAT rate ({MAX_VAT_PERCENT}%). Check that the amounts are not swapped.",
                    gross.to_polish()
                ),
            ));
        }
    }
    let ordered_on = read_date(
        "ordered_on",
        &d.ordered_on,
        "datę zamówienia",
        "the order date",
        &mut errors,
    );
    let start_date = read_date(
        "start_date",
        &d.start_date,
        "datę rozpoczęcia usługi",
        "the service's start date",
        &mut errors,
    );
    let end_date = read_date(
        "end_date",
        &d.end_date,
        "datę zakończenia usługi",
        "the service's end date",
        &mut errors,
    );
    if let (Some(s), Some(e)) = (start_date, end_date)
        && e < s
    {
        errors.push(FieldError::with_messages(
            "end_date",
            "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia.",
            "The end date cannot be before the start date.",
        ));
    }
    let outcomes = check_lines("outcomes", &d.outcomes, MAX_OUTCOMES, OUTCOME_MAX_CHARS)
        .map_err(|mut e| errors.append(&mut e))
        .ok();
    let justification = check_justification(d.justification.as_deref())
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    match (
        buying_unit,
        supplier_activity,
        net,
        gross,
        ordered_on,
        start_date,
        end_date,
        outcomes,
    ) {
        (
            Some(buying_unit),
            Some(supplier_activity),
            Some(net),
            Some(gross),
            Some(ordered_on),
            Some(start_date),
            Some(end_date),
            Some(outcomes),
        ) if errors.is_empty() => Ok(ValidPurchase {
            buying_unit,
            supplier_activity,
            net,
            gross,
            ordered_on,
            financial_year: financial_year(ordered_on),
            start_date,
            end_date,
            outcomes,
            justification,
        }),
        _ => Err(errors),
    }
}

/// An optional justification: blank means none; otherwise 30 to 4000 characters.
fn check_justification(value: Option<&str>) -> Result<Option<String>, FieldError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => bounded_text(v, JUSTIFICATION_MIN_CHARS, LONG_TEXT_MAX_CHARS)
            .map(Some)
            .map_err(|e| match e {
                TextProblem::TooShort { min } => FieldError::with_messages(
                    "justification",
                    format!(
                        "Uzasadnienie musi mieć co najmniej {min} znaków: napisz, czym ta usługa różni się od innych usług tego rodzaju."
                    ),
                    format!(
                        "The justification needs at least {min} characters: say how this service differs from the others of the kind."
                    ),
                ),
                other => FieldError::new("justification", &other),
            }),
    }
}

/// The supplier's report of outcomes achieved: one line per expected outcome, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidReport {
    /// What was achieved for each expected outcome.
    pub achieved: Vec<String>,
    /// Anything else the supplier wants to say.
    pub comment: Option<String>,
}

/// Checks a results report: exactly one non-blank line for each of the `expected` outcomes
/// (say "0 — odwołane" for an outcome not achieved), each at most 300 characters; an optional
/// comment. Fields: `achieved`, `achieved[i]`, `comment`.
pub fn validate_report(
    expected: usize,
    achieved: &[String],
    comment: Option<&str>,
) -> Result<ValidReport, Vec<FieldError>> {
    let mut errors = Vec::new();
    if achieved.len() != expected {
        errors.push(FieldError::with_messages(
            "achieved",
            format!(
                "Podaj osiągnięty rezultat dla każdego z {expected} zamówionych rezultatów (podano {}).",
                achieved.len()
            ),
            format!(
                "Give the achieved outcome for each of the {expected} expected outcomes ({} given).",
                achieved.len()
            ),
        ));
    }
    let mut lines = Vec::with_capacity(achieved.len());
    for (i, a) in achieved.iter().enumerate() {
        match required_text(a, OUTCOME_MAX_CHARS) {
            Ok(t) => lines.push(t),
            Err(e) => errors.push(FieldError::new(format!("achieved[{i}]"), &e)),
        }
    }
    let comment = optional_text(comment, LONG_TEXT_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("comment", &e)))
        .ok()
        .flatten();
    if errors.is_empty() {
        Ok(ValidReport {
            achieved: lines,
            comment,
        })
    } else {
        Err(errors)
    }
}

/// The officer's decision on a results report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Acceptance {
    /// Accepted; an optional note goes into the protocol.
    Accepted {
        /// A note for the protocol.
        note: Option<String>,
    },
    /// Rejected with reasons the supplier reads.
    Rejected {
        /// Why.
        reason: String,
    },
}

/// Reads the decision: `result` is `accepted` or `rejected`; a rejection needs a `reason`.
pub fn validate_acceptance(
    result: Option<&str>,
    reason: Option<&str>,
) -> Result<Acceptance, Vec<FieldError>> {
    match result.map(str::trim) {
        Some("accepted") => optional_text(reason, LONG_TEXT_MAX_CHARS)
            .map(|note| Acceptance::Accepted { note })
            .map_err(|e| vec![FieldError::new("reason", &e)]),
        Some("rejected") => match required_text(reason.unwrap_or(""), LONG_TEXT_MAX_CHARS) {
            Ok(reason) => Ok(Acceptance::Rejected { reason }),
            Err(TextProblem::Required) => Err(vec![FieldError::with_messages(
                "reason",
                "Podaj powody odmowy odbioru — wykonawca je zobaczy i może poprawić sprawozdanie.",
                "Give the reasons for rejecting — the supplier sees them and may correct the report.",
            )]),
            Err(e) => Err(vec![FieldError::new("reason", &e)]),
        },
        _ => Err(vec![FieldError::with_messages(
            "result",
            "Wybierz: odbiór (accepted) albo odmowa odbioru (rejected).",
            "Choose: accepted or rejected.",
        )]),
    }
}

#[cfg(test)]
mod tests;
