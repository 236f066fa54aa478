//! iCalendar (RFC 5545) files of council meetings, written by hand: lines end with CRLF, long
//! lines are folded at 75 octets without splitting a character, text values escape `\`, `;`,
//! `,` and new lines, and times are Warsaw wall time with `TZID=Europe/Warsaw` and a
//! `VTIMEZONE` describing CET/CEST, so calendars show the meeting at the time people were told.

use jiff::Timestamp;

use crate::time::warsaw;

/// One meeting in a calendar file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// A stable, globally unique id (e.g. `meeting-<id>@wspolnie`).
    pub uid: String,
    /// When it starts.
    pub start: Timestamp,
    /// When it ends.
    pub end: Timestamp,
    /// The title.
    pub summary: String,
    /// The agenda or other notes.
    pub description: String,
    /// Where.
    pub location: String,
    /// The public page of the meeting, if known.
    pub url: Option<String>,
}

/// Escapes a TEXT value: backslash, semicolon, comma and new lines (CR dropped).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line to at most 75 octets per physical line (continuations start with a
/// space) and ends every physical line with CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    let mut limit = 75;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > limit {
            out.push_str("\r\n ");
            width = 0;
            // The leading space of a continuation counts towards its 75 octets.
            limit = 74;
        }
        out.push(ch);
        width += len;
    }
    out.push_str("\r\n");
    out
}

/// Warsaw wall time as `YYYYMMDDTHHMMSS` (for `DTSTART;TZID=Europe/Warsaw:`).
pub fn local_time(ts: Timestamp) -> String {
    let dt = ts.to_zoned(warsaw()).datetime();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// UTC as `YYYYMMDDTHHMMSSZ` (for `DTSTAMP`).
pub fn utc_time(ts: Timestamp) -> String {
    let dt = ts.to_zoned(jiff::tz::TimeZone::UTC).datetime();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

const VTIMEZONE: [&str; 16] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Warsaw",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
];

/// A whole calendar (`VCALENDAR`) named `name` with `events`, stamped `now`.
pub fn calendar(name: &str, events: &[Event], now: Timestamp) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//wspolnie//Rada Dzialalnosci Pozytku Publicznego//PL".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape_text(name)),
        "X-WR-TIMEZONE:Europe/Warsaw".into(),
    ];
    lines.extend(VTIMEZONE.iter().map(|s| (*s).to_string()));
    lines.push("END:VTIMEZONE".into());
    for e in events {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", escape_text(&e.uid)));
        lines.push(format!("DTSTAMP:{}", utc_time(now)));
        lines.push(format!(
            "DTSTART;TZID=Europe/Warsaw:{}",
            local_time(e.start)
        ));
        lines.push(format!("DTEND;TZID=Europe/Warsaw:{}", local_time(e.end)));
        lines.push(format!("SUMMARY:{}", escape_text(&e.summary)));
        if !e.description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape_text(&e.description)));
        }
        if !e.location.is_empty() {
            lines.push(format!("LOCATION:{}", escape_text(&e.location)));
        }
        if let Some(url) = &e.url {
            lines.push(format!("URL:{url}"));
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold_line(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(
            escape_text("Porządek; punkt 1, punkt 2\\3\r\nkoniec"),
            "Porządek\\; punkt 1\\, punkt 2\\\\3\\nkoniec"
        );
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let line = format!("DESCRIPTION:{}", "ż".repeat(100));
        let folded = fold_line(&line);
        assert!(folded.ends_with("\r\n"));
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn a_meeting_in_summer_and_winter_is_in_warsaw_time() {
        let summer = Event {
            uid: "meeting-1@wspolnie".into(),
            // 15:00 UTC is 17:00 CEST.
            start: ts("2027-06-10T15:00:00Z"),
            end: ts("2027-06-10T17:00:00Z"),
            summary: "Posiedzenie Rady, nr 3".into(),
            description: "1. Otwarcie\n2. Opinia o programie; wnioski".into(),
            location: "Mediateka, sala 2".into(),
            url: Some("https://example.pl/rada/posiedzenia/1".into()),
        };
        let winter = Event {
            uid: "meeting-2@wspolnie".into(),
            // 16:00 UTC is 17:00 CET.
            start: ts("2027-12-09T16:00:00Z"),
            end: ts("2027-12-09T18:00:00Z"),
            summary: "Posiedzenie".into(),
            description: String::new(),
            location: String::new(),
            url: None,
        };
        let ics = calendar(
            "Rada Pożytku",
            &[summer, winter],
            ts("2027-05-01T08:00:00Z"),
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(
            !ics.replace("\r\n", "").contains('\n'),
            "every line ends with CRLF"
        );
        assert!(ics.contains("DTSTART;TZID=Europe/Warsaw:20270610T170000\r\n"));
        assert!(ics.contains("DTEND;TZID=Europe/Warsaw:20270610T190000\r\n"));
        assert!(ics.contains("DTSTART;TZID=Europe/Warsaw:20271209T170000\r\n"));
        assert!(ics.contains("DTSTAMP:20270501T080000Z\r\n"));
        assert!(ics.contains("SUMMARY:Posiedzenie Rady\\, nr 3\r\n"));
        assert!(ics.contains("DESCRIPTION:1. Otwarcie\\n2. Opinia o programie\\; wnioski\r\n"));
        assert!(ics.contains("LOCATION:Mediateka\\, sala 2\r\n"));
        assert!(ics.contains("TZID:Europe/Warsaw\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        assert_eq!(ics.matches("END:VEVENT").count(), 2);
        assert!(!ics.contains("LOCATION:\r\n"), "empty values are left out");
    }
}
