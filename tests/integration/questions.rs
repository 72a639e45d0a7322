//! Questions and answers, and the trigger log (issue 14 items 1 and 3): every promise
//! checked from the other side, through the app layer with a real store.

use healing_arc::app::questions::{self, QuestionEdit, QuestionStatus};
use healing_arc::app::triggers::{self, TriggerEdit};
use healing_arc::app::{couple, export, report, views};
use healing_arc::error::ErrorCode;
use healing_arc::model::{Role, Visibility};

use super::vault::{couple, partner, pass, state, Couple, P1, P2};

/// Alex (slot 1) is the partner who was hurt; Sam (slot 2) broke trust.
fn as_partner(c: &Couple, slot: u8) {
    couple::lock(&c.state);
    let p = if slot == 1 { P1 } else { P2 };
    couple::unlock(&c.state, slot, pass(p)).unwrap();
}

fn edit(text: &str, status: QuestionStatus, helped: Option<bool>, v: Visibility) -> QuestionEdit {
    QuestionEdit {
        text: text.into(),
        status,
        helped,
        visibility: v,
    }
}

fn entry(what: &str, strength: Option<i32>, v: Visibility) -> TriggerEdit {
    TriggerEdit {
        what: what.into(),
        strength,
        helped: "a walk".into(),
        visibility: v,
    }
}

/// Every record file of the store, as bytes.
fn own_json(c: &Couple) -> String {
    export::json(&c.state).unwrap()
}

#[test]
fn a_question_is_private_until_shared_answered_marked_and_taken_back() {
    let c = couple();
    let private = questions::ask(&c.state, "Private question".into(), Visibility::Private).unwrap();
    let shared = questions::ask(
        &c.state,
        "Did you see them again?".into(),
        Visibility::Partner,
    )
    .unwrap();
    assert_eq!(shared.status, QuestionStatus::Open);
    assert_eq!(shared.helped, None, "nothing preset");

    // Sam sees the shared question only, and answers it.
    as_partner(&c, 2);
    let seen = questions::view(&c.state).unwrap();
    assert_eq!(seen.from_partner.len(), 1, "{seen:?}");
    assert_eq!(
        seen.from_partner[0].question.text,
        "Did you see them again?"
    );
    assert!(seen.mine.is_empty());
    let e = questions::answer(&c.state, &private.id, "no".into(), false).unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::NotFound,
        "a private question can't be answered"
    );
    questions::answer(&c.state, &shared.id, "Once, in March.".into(), false).unwrap();
    // Sam can't ask: questions are the hurt partner's.
    let e = questions::ask(&c.state, "x".into(), Visibility::Private).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);

    // Alex reads the answer and marks the question.
    as_partner(&c, 1);
    let mine = questions::view(&c.state).unwrap();
    let q = mine
        .mine
        .iter()
        .find(|m| m.question.id == shared.id)
        .unwrap();
    assert_eq!(q.answer.as_ref().unwrap().text, "Once, in March.");
    questions::update(
        &c.state,
        &shared.id,
        edit(
            "Did you see them again?",
            QuestionStatus::Answered,
            Some(true),
            Visibility::Partner,
        ),
    )
    .unwrap();

    // Sam sees the mark; then Alex takes the question back, and it is gone with its answer.
    as_partner(&c, 2);
    let seen = questions::view(&c.state).unwrap();
    assert_eq!(
        seen.from_partner[0].question.status,
        QuestionStatus::Answered
    );
    assert_eq!(seen.from_partner[0].question.helped, Some(true));
    assert_eq!(
        seen.from_partner[0].my_answer.as_ref().unwrap().text,
        "Once, in March."
    );
    as_partner(&c, 1);
    questions::update(
        &c.state,
        &shared.id,
        edit(
            "Did you see them again?",
            QuestionStatus::Answered,
            Some(true),
            Visibility::Private,
        ),
    )
    .unwrap();
    as_partner(&c, 2);
    let seen = questions::view(&c.state).unwrap();
    assert!(seen.from_partner.is_empty(), "{seen:?}");
    let e = questions::answer(&c.state, &shared.id, "more".into(), false).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);

    // Shared again, then deleted by Alex: gone from Sam's side too.
    as_partner(&c, 1);
    questions::update(
        &c.state,
        &shared.id,
        edit("Again", QuestionStatus::Open, None, Visibility::Partner),
    )
    .unwrap();
    as_partner(&c, 2);
    assert_eq!(questions::view(&c.state).unwrap().from_partner.len(), 1);
    as_partner(&c, 1);
    questions::delete(&c.state, &shared.id).unwrap();
    as_partner(&c, 2);
    assert!(questions::view(&c.state).unwrap().from_partner.is_empty());
}

#[test]
fn an_answer_taken_back_is_gone_from_the_askers_side() {
    let c = couple();
    let q = questions::ask(&c.state, "Who knew?".into(), Visibility::Partner).unwrap();
    as_partner(&c, 2);
    questions::answer(&c.state, &q.id, "Only one friend.".into(), false).unwrap();
    questions::delete_answer(&c.state, &q.id).unwrap();
    as_partner(&c, 1);
    let mine = questions::view(&c.state).unwrap();
    assert!(mine.mine[0].answer.is_none(), "{mine:?}");
}

#[test]
fn bad_input_names_its_field_and_writes_nothing() {
    let c = couple();
    let before = own_json(&c);
    let long = "a".repeat(healing_arc::model::rules::QUESTION_MAX_CHARS + 1);
    let e = questions::ask(&c.state, long, Visibility::Private).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("text"));
    let e = questions::ask(&c.state, "  ".into(), Visibility::Private).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("text"));
    let e = questions::update(
        &c.state,
        "nope",
        edit("x", QuestionStatus::Open, None, Visibility::Private),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("id"));
    let e = triggers::log(&c.state, entry("x", Some(11), Visibility::Private)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("strength"));
    let e = triggers::log(&c.state, entry(" ", Some(3), Visibility::Private)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("what"));
    let mut bad = entry("x", None, Visibility::Private);
    bad.helped = "h".repeat(healing_arc::model::rules::TRIGGER_TEXT_MAX_CHARS + 1);
    let e = triggers::log(&c.state, bad).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("helped"));
    let e = triggers::add_help(&c.state, "zz", "x".into()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("trigger"));
    assert_eq!(own_json(&c), before, "nothing was written");
}

#[test]
fn a_trigger_is_private_until_shared_the_partner_adds_what_helped_and_it_is_taken_back() {
    let c = couple();
    as_partner(&c, 2);
    let private = triggers::log(
        &c.state,
        entry("Private trigger", Some(4), Visibility::Private),
    )
    .unwrap();
    let shared = triggers::log(
        &c.state,
        entry("Their name on a screen", None, Visibility::Partner),
    )
    .unwrap();
    assert_eq!(shared.strength, None, "nothing preset");

    as_partner(&c, 1);
    let seen = triggers::view(&c.state).unwrap();
    assert_eq!(seen.from_partner.len(), 1, "{seen:?}");
    assert_eq!(seen.from_partner[0].trigger.what, "Their name on a screen");
    let e = triggers::add_help(&c.state, &private.id, "x".into()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    triggers::add_help(&c.state, &shared.id, "I sat with them".into()).unwrap();

    as_partner(&c, 2);
    let mine = triggers::view(&c.state).unwrap();
    let t = mine
        .mine
        .iter()
        .find(|m| m.trigger.id == shared.id)
        .unwrap();
    assert_eq!(t.partner_help.as_ref().unwrap().text, "I sat with them");
    // Own trends count both entries of today; the check-in count is untouched.
    let arc = views::arc_view(&c.state).unwrap();
    assert_eq!(arc.trends.triggers_per_week[1].logged, 2);
    assert_eq!(arc.trends.triggers_per_week[1].triggers, 0);

    // Taken back: gone from Alex's side, with Alex's note; and Alex's trends never count it.
    triggers::update(
        &c.state,
        &shared.id,
        entry("Their name on a screen", None, Visibility::Therapist),
    )
    .unwrap();
    as_partner(&c, 1);
    assert!(triggers::view(&c.state).unwrap().from_partner.is_empty());
    let arc = views::arc_view(&c.state).unwrap();
    assert_eq!(arc.trends.triggers_per_week[1].logged, 0);
    // Shared again and deleted: gone too.
    as_partner(&c, 2);
    triggers::update(
        &c.state,
        &shared.id,
        entry("Again", None, Visibility::Partner),
    )
    .unwrap();
    as_partner(&c, 1);
    assert_eq!(triggers::view(&c.state).unwrap().from_partner.len(), 1);
    as_partner(&c, 2);
    triggers::delete(&c.state, &shared.id).unwrap();
    as_partner(&c, 1);
    assert!(triggers::view(&c.state).unwrap().from_partner.is_empty());
}

#[test]
fn the_report_holds_only_the_chosen_questions_answers_and_triggers() {
    let c = couple();
    questions::ask(&c.state, "For the therapist".into(), Visibility::Therapist).unwrap();
    let q = questions::ask(&c.state, "Only for Sam".into(), Visibility::Partner).unwrap();
    triggers::log(
        &c.state,
        entry("Chosen trigger", Some(7), Visibility::Therapist),
    )
    .unwrap();
    triggers::log(
        &c.state,
        entry("Kept trigger", Some(2), Visibility::Partner),
    )
    .unwrap();
    let today = healing_arc::app::checkins::today();
    let from = today - chrono::Days::new(30);
    let p = report::preview(&c.state, from, today).unwrap();
    let texts: Vec<&str> = p.asked.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, ["For the therapist", "Chosen trigger"]);
    assert_eq!((p.kept_private.questions, p.kept_private.triggers), (1, 1));
    let b = report::make(&c.state, from, today, report::Format::Html, None).unwrap();
    let html = String::from_utf8(b).unwrap();
    assert!(html.contains("For the therapist") && html.contains("Chosen trigger"));
    assert!(!html.contains("Only for Sam") && !html.contains("Kept trigger"));

    // Sam's answers go into Sam's report only when Sam chose it; never into Alex's.
    let html_of = |c: &Couple| {
        let b = report::make(&c.state, from, today, report::Format::Html, None).unwrap();
        String::from_utf8(b).unwrap()
    };
    as_partner(&c, 2);
    questions::answer(&c.state, &q.id, "Chosen answer of Sam".into(), true).unwrap();
    let html = html_of(&c);
    assert!(html.contains("Chosen answer of Sam"));
    assert!(
        !html.contains("Only for Sam"),
        "the question is Alex's words"
    );
    as_partner(&c, 1);
    assert!(!html_of(&c).contains("Chosen answer of Sam"), "Sam's words");
    as_partner(&c, 2);
    questions::answer(&c.state, &q.id, "Kept answer of Sam".into(), false).unwrap();
    assert!(!html_of(&c).contains("Kept answer of Sam"));
}

#[test]
fn questions_and_triggers_survive_export_and_import_and_are_shared_again() {
    let c = couple();
    let q = questions::ask(&c.state, "Shared question".into(), Visibility::Partner).unwrap();
    questions::ask(&c.state, "Private question".into(), Visibility::Private).unwrap();
    triggers::log(
        &c.state,
        entry("Shared trigger", Some(5), Visibility::Partner),
    )
    .unwrap();
    let alex = export::json(&c.state).unwrap();
    as_partner(&c, 2);
    questions::answer(&c.state, &q.id, "Sam's answer".into(), false).unwrap();
    let t = &triggers::view(&c.state).unwrap().from_partner[0];
    triggers::add_help(&c.state, &t.trigger.id, "Sam's help".into()).unwrap();
    triggers::log(&c.state, entry("Sam's trigger", None, Visibility::Private)).unwrap();
    let sam = export::json(&c.state).unwrap();

    let tmp = tempfile::tempdir().unwrap();
    let st = state(&tmp.path().join("data"));
    couple::create(&st, partner("Alex", Role::Ap, 1, P1)).unwrap();
    let got = export::import_bytes(&st, alex.as_bytes()).unwrap();
    assert_eq!((got.questions, got.triggers), (2, 1));
    assert_eq!(export::json(&st).unwrap(), alex);
    couple::add_partner(&st, partner("Sam", Role::Op, 3, P2)).unwrap();
    couple::lock(&st);
    couple::unlock(&st, 2, pass(P2)).unwrap();
    let got = export::import_bytes(&st, sam.as_bytes()).unwrap();
    assert_eq!((got.answers, got.triggers), (1, 1));
    assert_eq!(export::json(&st).unwrap(), sam);
    // Sam sees Alex's shared question with Sam's answer, and only that one.
    let seen = questions::view(&st).unwrap();
    assert_eq!(seen.from_partner.len(), 1);
    assert_eq!(
        seen.from_partner[0].my_answer.as_ref().unwrap().text,
        "Sam's answer"
    );
    couple::lock(&st);
    couple::unlock(&st, 1, pass(P1)).unwrap();
    let mine = questions::view(&st).unwrap();
    let shared = mine.mine.iter().find(|m| m.question.id == q.id).unwrap();
    assert_eq!(shared.answer.as_ref().unwrap().text, "Sam's answer");
    let t = triggers::view(&st).unwrap();
    assert_eq!(t.mine[0].partner_help.as_ref().unwrap().text, "Sam's help");
    assert!(t.from_partner.is_empty(), "Sam's trigger is private");
}
