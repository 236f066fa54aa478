use super::*;

// Checked by the identifier tests in `ids`.
const NIP: &str = "1234563218";
const REGON: &str = "123456785";
const KRS: &str = "0000123456";

fn ngo() -> OrganisationDraft {
    OrganisationDraft {
        kind: Some("ngo".to_owned()),
        name: Some("  Stowarzyszenie Przyjaciół Piotrkowa ".to_owned()),
        krs: Some("0000 123 456".to_owned()),
        nip: Some("123-456-32-18".to_owned()),
        regon: Some(String::new()),
        members: vec![],
    }
}

fn member(name: &str, adult: bool) -> MemberDraft {
    MemberDraft {
        name: name.to_owned(),
        adult,
    }
}

fn group(members: Vec<MemberDraft>) -> OrganisationDraft {
    OrganisationDraft {
        kind: Some("informal_group".to_owned()),
        name: Some("Sąsiedzi z Wierzejskiej".to_owned()),
        members,
        ..OrganisationDraft::default()
    }
}

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn a_complete_ngo_is_valid() {
    let org = validate_organisation(&ngo()).expect("valid NGO");
    assert_eq!(org.kind, OrganisationKind::Ngo);
    assert_eq!(org.name, "Stowarzyszenie Przyjaciół Piotrkowa");
    assert_eq!(org.krs.as_ref().map(Krs::as_str), Some(KRS));
    assert_eq!(org.nip.as_ref().map(Nip::as_str), Some(NIP));
    assert_eq!(org.regon, None, "a blank REGON counts as not given");
    assert!(org.members.is_empty());
    assert_eq!(org.leader(), None);
}

#[test]
fn an_ngo_ignores_members() {
    let mut draft = ngo();
    draft.members = vec![member("", false)];
    draft.regon = Some(REGON.to_owned());
    let org = validate_organisation(&draft).expect("members are ignored for an NGO");
    assert!(org.members.is_empty());
    assert_eq!(org.regon.as_ref().map(Regon::as_str), Some(REGON));
}

#[test]
fn an_ngo_needs_a_krs_number() {
    let mut draft = ngo();
    draft.krs = Some("  ".to_owned());
    let errors = validate_organisation(&draft).expect_err("no KRS");
    assert_eq!(fields(&errors), ["krs"]);
    assert_eq!(
        errors[0].message_pl,
        "Organizacja pozarządowa musi podać numer KRS."
    );
}

#[test]
fn a_bad_identifier_gets_its_own_message() {
    let mut draft = ngo();
    draft.krs = Some("12345".to_owned());
    draft.nip = Some("1234563219".to_owned());
    draft.regon = Some("12345678".to_owned());
    let errors = validate_organisation(&draft).expect_err("three bad identifiers");
    assert_eq!(fields(&errors), ["krs", "nip", "regon"]);
    assert_eq!(
        errors[0].message_pl,
        "Numer KRS musi mieć 10 cyfr, podano 5."
    );
    assert_eq!(
        errors[1].message_pl,
        "NIP ma błędną cyfrę kontrolną — sprawdź, czy nie ma literówki."
    );
    assert_eq!(
        errors[2].message_en,
        "REGON must have 9 or 14 digits; 8 given."
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let draft = OrganisationDraft {
        kind: None,
        name: None,
        krs: Some("abc".to_owned()),
        nip: Some("1".to_owned()),
        regon: None,
        members: vec![],
    };
    let errors = validate_organisation(&draft).expect_err("everything wrong");
    assert_eq!(fields(&errors), ["kind", "name", "krs", "nip"]);
    assert_eq!(
        errors[0].message_pl,
        "Wybierz rodzaj: organizacja pozarządowa albo grupa nieformalna."
    );
    assert_eq!(errors[1].message_pl, "To pole jest wymagane.");
}

#[test]
fn unknown_kind_and_long_name() {
    let mut draft = ngo();
    draft.kind = Some("company".to_owned());
    draft.name = Some("x".repeat(301));
    let errors = validate_organisation(&draft).expect_err("bad kind and name");
    assert_eq!(fields(&errors), ["kind", "name"]);
    assert!(errors[1].message_pl.contains("300"));
}

#[test]
fn a_group_of_three_adults_is_valid_and_the_first_adult_leads() {
    let draft = group(vec![
        member("Zosia Nowak", false),
        member(" Anna Kowalska ", true),
        member("Jan Wiśniewski", true),
        member("Maria Zielińska", true),
    ]);
    let org = validate_organisation(&draft).expect("valid group");
    assert_eq!(org.kind, OrganisationKind::InformalGroup);
    assert_eq!(org.krs, None);
    assert_eq!(org.members.len(), 4);
    assert_eq!(org.leader().map(|m| m.name.as_str()), Some("Anna Kowalska"));
}

#[test]
fn a_group_needs_three_adults() {
    let draft = group(vec![
        member("Anna Kowalska", true),
        member("Jan Wiśniewski", true),
        member("Zosia Nowak", false),
    ]);
    let errors = validate_organisation(&draft).expect_err("two adults only");
    assert_eq!(fields(&errors), ["members"]);
    assert_eq!(
        errors[0].message_pl,
        "Grupa nieformalna musi mieć co najmniej 3 pełnoletnie osoby — podano 2."
    );
    assert_eq!(
        errors[0].message_en,
        "An informal group needs at least 3 adult members; 2 given."
    );
    let errors = validate_organisation(&group(vec![])).expect_err("nobody");
    assert!(errors[0].message_pl.ends_with("nie podano żadnej."));
}

#[test]
fn every_member_needs_a_name() {
    let draft = group(vec![
        member("Anna Kowalska", true),
        member("  ", true),
        member("Jan Wiśniewski", true),
        member("", false),
    ]);
    let errors = validate_organisation(&draft).expect_err("unnamed members");
    assert_eq!(fields(&errors), ["members[1].name", "members[3].name"]);
    assert_eq!(errors[0].message_pl, "To pole jest wymagane.");
}

#[test]
fn a_group_has_no_krs() {
    let mut draft = group(vec![
        member("A", true),
        member("B", true),
        member("C", true),
    ]);
    draft.krs = Some(KRS.to_owned());
    draft.nip = Some(NIP.to_owned());
    let errors = validate_organisation(&draft).expect_err("KRS for a group");
    assert_eq!(fields(&errors), ["krs"]);
    assert!(errors[0].message_pl.contains("organizacja pozarządowa"));
}

#[test]
fn kinds_round_trip() {
    for kind in OrganisationKind::ALL {
        assert_eq!(OrganisationKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(
        OrganisationKind::parse(" Informal_Group "),
        Some(OrganisationKind::InformalGroup)
    );
    assert_eq!(OrganisationKind::parse("informal group"), None);
    assert_eq!(
        OrganisationKind::InformalGroup.label(Lang::Pl),
        "grupa nieformalna"
    );
    assert_eq!(
        OrganisationKind::Ngo.label(Lang::Pl),
        "organizacja pozarządowa"
    );
}
