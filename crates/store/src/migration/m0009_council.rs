//! The Public Benefit Council: the NGOs' joint request and its signatures, councils and their
//! members (with history), elections of NGO members (candidates, one ballot per NGO and its
//! marks), meetings with attendance, opinion requests, resolutions and members' votes.
//!
//! "One NGO, one ballot" and "one vote per member" are unique indexes, so that concurrent
//! requests cannot both count whatever the backend's isolation.

use super::{fk, index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("council_requests")
                .col(string("id").primary_key())
                .col(string("municipality_id"))
                .col(big_integer_null("reached_at"))
                .col(string_null("reached_on"))
                .col(string_null("create_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk(
                    "council_requests",
                    "municipality_id",
                    "municipalities",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("council_requests", &["municipality_id"], true))
            .await?;
        m.create_table(
            Table::create()
                .table("council_request_signatures")
                .col(string("id").primary_key())
                .col(string("request_id"))
                .col(string("organisation_id"))
                .col(string("signed_by"))
                .col(big_integer("signed_at"))
                .foreign_key(&mut fk(
                    "council_request_signatures",
                    "request_id",
                    "council_requests",
                ))
                .foreign_key(&mut fk(
                    "council_request_signatures",
                    "organisation_id",
                    "organisations",
                ))
                .foreign_key(&mut fk("council_request_signatures", "signed_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "council_request_signatures",
            &["request_id", "organisation_id"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("councils")
                .col(string("id").primary_key())
                .col(string("municipality_id"))
                .col(text("name"))
                .col(integer("term_years"))
                .col(string("term_start"))
                .col(string("term_end"))
                .col(string("status"))
                .col(string("quorum"))
                .col(string("majority"))
                .col(big_integer_null("constituted_at"))
                .col(string_null("constituted_by"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(string("updated_by"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk("councils", "municipality_id", "municipalities"))
                .foreign_key(&mut fk("councils", "constituted_by", "users"))
                .foreign_key(&mut fk("councils", "created_by", "users"))
                .foreign_key(&mut fk("councils", "updated_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("councils", &["municipality_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("council_members")
                .col(string("id").primary_key())
                .col(string("council_id"))
                .col(text("name"))
                .col(string("seat_kind"))
                .col(string("function"))
                .col(string_null("organisation_id"))
                .col(string_null("user_id"))
                .col(string("joined_on"))
                .col(string_null("left_on"))
                .col(text_null("leave_reason"))
                .col(string_null("replaces_id"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk("council_members", "council_id", "councils"))
                .foreign_key(&mut fk(
                    "council_members",
                    "organisation_id",
                    "organisations",
                ))
                .foreign_key(&mut fk("council_members", "user_id", "users"))
                .foreign_key(&mut fk("council_members", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("council_members", &["council_id"], false))
            .await?;
        m.create_index(index("council_members", &["user_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("council_elections")
                .col(string("id").primary_key())
                .col(string("council_id"))
                .col(text("title"))
                .col(integer("seats"))
                .col(integer("candidates_per_ngo"))
                .col(integer("votes_per_ballot"))
                .col(string("phase"))
                .col(string("nominations_until"))
                .col(string("voting_until"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .col(big_integer_null("closed_at"))
                .col(string_null("closed_by"))
                .foreign_key(&mut fk("council_elections", "council_id", "councils"))
                .foreign_key(&mut fk("council_elections", "created_by", "users"))
                .foreign_key(&mut fk("council_elections", "closed_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("council_elections", &["council_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("council_candidates")
                .col(string("id").primary_key())
                .col(string("election_id"))
                .col(string("organisation_id"))
                .col(text("name"))
                .col(string("nominated_by"))
                .col(big_integer("created_at"))
                .col(string_null("member_id"))
                .foreign_key(&mut fk(
                    "council_candidates",
                    "election_id",
                    "council_elections",
                ))
                .foreign_key(&mut fk(
                    "council_candidates",
                    "organisation_id",
                    "organisations",
                ))
                .foreign_key(&mut fk("council_candidates", "nominated_by", "users"))
                .foreign_key(&mut fk(
                    "council_candidates",
                    "member_id",
                    "council_members",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "council_candidates",
            &["election_id", "organisation_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("council_ballots")
                .col(string("id").primary_key())
                .col(string("election_id"))
                .col(string("organisation_id"))
                .col(string("cast_by"))
                .col(big_integer("cast_at"))
                .foreign_key(&mut fk(
                    "council_ballots",
                    "election_id",
                    "council_elections",
                ))
                .foreign_key(&mut fk(
                    "council_ballots",
                    "organisation_id",
                    "organisations",
                ))
                .foreign_key(&mut fk("council_ballots", "cast_by", "users"))
                .to_owned(),
        )
        .await?;
        // One NGO, one ballot.
        m.create_index(index(
            "council_ballots",
            &["election_id", "organisation_id"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("council_ballot_marks")
                .col(string("id").primary_key())
                .col(string("ballot_id"))
                .col(string("candidate_id"))
                .foreign_key(&mut fk(
                    "council_ballot_marks",
                    "ballot_id",
                    "council_ballots",
                ))
                .foreign_key(&mut fk(
                    "council_ballot_marks",
                    "candidate_id",
                    "council_candidates",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "council_ballot_marks",
            &["ballot_id", "candidate_id"],
            true,
        ))
        .await?;
        m.create_index(index("council_ballot_marks", &["candidate_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("council_meetings")
                .col(string("id").primary_key())
                .col(string("council_id"))
                .col(text("title"))
                .col(big_integer("starts_at"))
                .col(big_integer("ends_at"))
                .col(text("location"))
                .col(text("agenda"))
                .col(text_null("documents"))
                .col(text_null("minutes"))
                .col(big_integer_null("minutes_published_at"))
                .col(string_null("minutes_published_by"))
                .col(big_integer_null("next_meeting_at"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(string("updated_by"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk("council_meetings", "council_id", "councils"))
                .foreign_key(&mut fk("council_meetings", "created_by", "users"))
                .foreign_key(&mut fk("council_meetings", "updated_by", "users"))
                .foreign_key(&mut fk("council_meetings", "minutes_published_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "council_meetings",
            &["council_id", "starts_at"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("council_attendance")
                .col(string("id").primary_key())
                .col(string("meeting_id"))
                .col(string("member_id"))
                .col(boolean("present"))
                .foreign_key(&mut fk(
                    "council_attendance",
                    "meeting_id",
                    "council_meetings",
                ))
                .foreign_key(&mut fk(
                    "council_attendance",
                    "member_id",
                    "council_members",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "council_attendance",
            &["meeting_id", "member_id"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("council_opinion_requests")
                .col(string("id").primary_key())
                .col(string("council_id"))
                .col(text("title"))
                .col(text("document"))
                .col(big_integer("delivered_at"))
                .col(string("delivered_on"))
                .col(string("deadline"))
                .col(string("requested_by"))
                .col(big_integer("created_at"))
                .foreign_key(&mut fk(
                    "council_opinion_requests",
                    "council_id",
                    "councils",
                ))
                .foreign_key(&mut fk("council_opinion_requests", "requested_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("council_opinion_requests", &["council_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("council_resolutions")
                .col(string("id").primary_key())
                .col(string("council_id"))
                .col(string_null("meeting_id"))
                .col(string_null("opinion_request_id"))
                .col(text("title"))
                .col(text("body"))
                .col(string("status"))
                .col(string("quorum"))
                .col(string("majority"))
                .col(integer_null("members_count"))
                .col(integer_null("votes_for"))
                .col(integer_null("votes_against"))
                .col(integer_null("votes_abstain"))
                .col(string_null("outcome"))
                .col(string("opened_by"))
                .col(big_integer("opened_at"))
                .col(string_null("closed_by"))
                .col(big_integer_null("closed_at"))
                .col(string_null("closed_on"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk("council_resolutions", "council_id", "councils"))
                .foreign_key(&mut fk(
                    "council_resolutions",
                    "meeting_id",
                    "council_meetings",
                ))
                .foreign_key(&mut fk(
                    "council_resolutions",
                    "opinion_request_id",
                    "council_opinion_requests",
                ))
                .foreign_key(&mut fk("council_resolutions", "opened_by", "users"))
                .foreign_key(&mut fk("council_resolutions", "closed_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("council_resolutions", &["council_id"], false))
            .await?;
        m.create_index(index("council_resolutions", &["opinion_request_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("council_votes")
                .col(string("id").primary_key())
                .col(string("resolution_id"))
                .col(string("member_id"))
                .col(string("choice"))
                .col(string("cast_by"))
                .col(big_integer("cast_at"))
                .foreign_key(&mut fk(
                    "council_votes",
                    "resolution_id",
                    "council_resolutions",
                ))
                .foreign_key(&mut fk("council_votes", "member_id", "council_members"))
                .foreign_key(&mut fk("council_votes", "cast_by", "users"))
                .to_owned(),
        )
        .await?;
        // One vote per member and resolution.
        m.create_index(index(
            "council_votes",
            &["resolution_id", "member_id"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "council_votes",
            "council_resolutions",
            "council_opinion_requests",
            "council_attendance",
            "council_meetings",
            "council_ballot_marks",
            "council_ballots",
            "council_candidates",
            "council_elections",
            "council_members",
            "councils",
            "council_request_signatures",
            "council_requests",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
