//! Microgrants: the rules of calls, applications, scoring and allocation (domain.md §2.1,
//! api-v1.md "Microgrants" and "Evaluation and results"). Pure functions; the store applies them.

mod allocation;
mod call;
mod submission;

pub use allocation::{Candidate, Outcome, Ranked, Results, allocate, average_hundredths};
pub use call::{
    CallInput, CallPhase, CriterionInput, ValidCall, ValidCriterion, phase, validate_call,
};
pub use submission::{
    ApplicationDraft, BudgetLine, SubmissionRules, check_submission, report_due, return_due,
};
