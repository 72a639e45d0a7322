//! The developmental tasks of each phase (MODEL.md "Developmental tasks").
//!
//! Ids are stable: they are stored in the vault and written in scenarios. A `both`
//! task is done per partner: each marks their own part.

use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::phase::Phase;
use super::role::Role;

/// Whose task it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "lowercase")]
pub enum TaskOwner {
    Op,
    Ap,
    Both,
}

impl TaskOwner {
    pub fn includes(self, role: Role) -> bool {
        match self {
            TaskOwner::Both => true,
            TaskOwner::Op => role == Role::Op,
            TaskOwner::Ap => role == Role::Ap,
        }
    }
}

macro_rules! task_ids {
    ($($variant:ident = $id:literal),+ $(,)?) => {
        /// A task's stable id, `p<phase>.<op|ap|both>.<slug>`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(TS))]
        pub enum TaskId {
            $(#[serde(rename = $id)] $variant,)+
        }

        impl TaskId {
            /// Every task, in catalogue order.
            pub const ALL: &'static [TaskId] = &[$(TaskId::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(TaskId::$variant => $id,)+
                }
            }

            pub fn parse(id: &str) -> Option<TaskId> {
                match id {
                    $($id => Some(TaskId::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

task_ids! {
    P1OpStopHarm = "p1.op.stop-harm",
    P1OpNameAmbivalence = "p1.op.name-ambivalence",
    P1OpCommit = "p1.op.commit",
    P1OpTransparency = "p1.op.transparency",
    P1ApSafety = "p1.ap.safety",
    P1ApBoundaries = "p1.ap.boundaries",
    P1ApTriggerPlan = "p1.ap.trigger-plan",
    P1ApDecideToTry = "p1.ap.decide-to-try",
    P1BothPauseDecisions = "p1.both.pause-decisions",
    P1BothTherapist = "p1.both.therapist",
    P2OpFullAcknowledgement = "p2.op.full-acknowledgement",
    P2OpAnswerQuestions = "p2.op.answer-questions",
    P2OpWitnessPain = "p2.op.witness-pain",
    P2OpAmends = "p2.op.amends",
    P2ApVoiceHurt = "p2.ap.voice-hurt",
    P2ApAskWhatYouNeed = "p2.ap.ask-what-you-need",
    P2ApNoticeAmends = "p2.ap.notice-amends",
    P3ApNameTheWrong = "p3.ap.name-the-wrong",
    P3ApBenevolentIndignation = "p3.ap.benevolent-indignation",
    P3ApGrieve = "p3.ap.grieve",
    P3ApChooseForgiveness = "p3.ap.choose-forgiveness",
    P3OpHoldSteady = "p3.op.hold-steady",
    P3OpKeepAmends = "p3.op.keep-amends",
    P3OpNoRushing = "p3.op.no-rushing",
    P4BothNameDeficits = "p4.both.name-deficits",
    P4BothNewAgreements = "p4.both.new-agreements",
    P4BothRebuildCloseness = "p4.both.rebuild-closeness",
    P4BothRelapsePlan = "p4.both.relapse-plan",
}

/// One task of the catalogue, with the app's own wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Task {
    pub id: TaskId,
    pub phase: Phase,
    pub owner: TaskOwner,
    /// Required tasks count toward readiness; optional ones are offered, never demanded.
    pub required: bool,
    pub title: &'static str,
    pub detail: &'static str,
}

impl TaskId {
    pub fn task(self) -> &'static Task {
        // CATALOGUE is in the same order as TaskId::ALL; a test pins that.
        &CATALOGUE[self as usize]
    }

    pub fn phase(self) -> Phase {
        self.task().phase
    }

    pub fn owner(self) -> TaskOwner {
        self.task().owner
    }

    pub fn required(self) -> bool {
        self.task().required
    }

    /// Whether a partner of `role` may work on or mark this task.
    pub fn belongs_to(self, role: Role) -> bool {
        self.owner().includes(role)
    }
}

impl std::fmt::Display for TaskId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The tasks of `phase` for a partner of `role`: their own and the shared ones.
pub fn tasks_for(phase: Phase, role: Role) -> impl Iterator<Item = &'static Task> {
    CATALOGUE
        .iter()
        .filter(move |t| t.phase == phase && t.owner.includes(role))
}

/// The required tasks of `phase` for a partner of `role`.
pub fn required_tasks(phase: Phase, role: Role) -> impl Iterator<Item = TaskId> {
    tasks_for(phase, role).filter(|t| t.required).map(|t| t.id)
}

/// Every task, in catalogue order.
pub fn catalogue() -> &'static [Task] {
    &CATALOGUE
}

const fn task(
    id: TaskId,
    phase: Phase,
    owner: TaskOwner,
    required: bool,
    title: &'static str,
    detail: &'static str,
) -> Task {
    Task {
        id,
        phase,
        owner,
        required,
        title,
        detail,
    }
}

use Phase::{Account, Process, Renew, Stabilize};
use TaskId::*;
use TaskOwner::{Ap, Both, Op};

const R: bool = true;
const O: bool = false;

#[rustfmt::skip]
static CATALOGUE: [Task; 28] = [
    task(P1OpStopHarm, Stabilize, Op, R,
        "Stop the harm",
        "End contact with the affair partner and tell your partner when and how. Where contact cannot be avoided (at work, say), agree with your partner what contact is allowed, and tell them of any that happens."),
    task(P1OpNameAmbivalence, Stabilize, Op, R,
        "Name your mixed feelings",
        "Say honestly that part of you is torn, instead of hiding it. If you are not ready to end contact, say so plainly: repair usually cannot start while it goes on."),
    task(P1OpCommit, Stabilize, Op, R,
        "Decide about the repair work",
        "Decide whether you commit to the work of repair, and say so plainly."),
    task(P1OpTransparency, Stabilize, Op, O,
        "Offer a time of openness",
        "Agree to a period of openness: questions answered, whereabouts shared."),
    task(P1ApSafety, Stabilize, Ap, R,
        "Line up support",
        "Gather what keeps you going: people to lean on, sleep, food, a daily routine."),
    task(P1ApBoundaries, Stabilize, Ap, R,
        "Set boundaries that protect you",
        "Decide what you need from your partner while the outcome is still open."),
    task(P1ApTriggerPlan, Stabilize, Ap, O,
        "Make a plan for hard moments",
        "Notice what sets off the pain, and plan what to do when it comes."),
    task(P1ApDecideToTry, Stabilize, Ap, R,
        "Decide whether to try, for now",
        "Decide, without pressure and only for now, whether you want to try repair."),
    task(P1BothPauseDecisions, Stabilize, Both, O,
        "Give big decisions some time",
        "If it helps, give yourselves some weeks before steps that are hard to undo (moving out, telling family, legal papers). This never means staying where you feel unsafe: leaving to be safe is always okay."),
    task(P1BothTherapist, Stabilize, Both, O,
        "Find a couples therapist",
        "Look for a couples therapist experienced with infidelity; each of you may also want support of your own. If you are afraid of your partner, start with individual help."),
    task(P2OpFullAcknowledgement, Account, Op, R,
        "Own what you did",
        "Acknowledge what you did fully, without making it smaller and without blaming."),
    task(P2OpAnswerQuestions, Account, Op, R,
        "Answer questions honestly",
        "Answer your partner's questions truthfully and patiently, even the repeated ones."),
    task(P2OpWitnessPain, Account, Op, R,
        "Witness the pain",
        "Listen to your partner's pain without defending yourself or trying to fix it. Pain and anger about what happened belong here. If they turn into threats, insults or anything physical, from either of you, step away; getting help is always okay."),
    task(P2OpAmends, Account, Op, R,
        "Make amends",
        "Make concrete amends, and keep them going."),
    task(P2ApVoiceHurt, Account, Ap, R,
        "Say how it hurt",
        "Tell your partner how the betrayal has affected you, in your own words and time."),
    task(P2ApAskWhatYouNeed, Account, Ap, O,
        "Ask what you need to know",
        "Ask what you need to know to make sense of what happened."),
    task(P2ApNoticeAmends, Account, Ap, O,
        "Notice the amends",
        "If you want to, notice the amends you see. Noticing them does not mean the hurt is over, and you owe no one a verdict on them."),
    task(P3ApNameTheWrong, Process, Ap, R,
        "Name the wrong",
        "Name what happened plainly, as a wrong done to you."),
    task(P3ApBenevolentIndignation, Process, Ap, R,
        "Hold them to account, wishing them well",
        "Hold your partner accountable while still wishing them well, not harm. The paper calls this benevolent indignation."),
    task(P3ApGrieve, Process, Ap, R,
        "Grieve what was lost",
        "Give yourself room to grieve what the betrayal took."),
    task(P3ApChooseForgiveness, Process, Ap, O,
        "Decide what forgiveness means to you",
        "At your own pace, decide what forgiveness means for you, if anything."),
    task(P3OpHoldSteady, Process, Op, R,
        "Hold steady when anger comes",
        "When your partner is angry about what happened, listen without arguing back, defending or explaining. If anger turns into threats, insults or anything physical, from either of you, pause, step away and take it to your therapist; stepping away to be safe is always okay."),
    task(P3OpKeepAmends, Process, Op, R,
        "Keep your amends going",
        "Keep up your amends without asking for credit."),
    task(P3OpNoRushing, Process, Op, R,
        "Don't rush your partner",
        "Do not ask for forgiveness or push to move on; your partner sets the pace."),
    task(P4BothNameDeficits, Renew, Both, R,
        "Name older needs",
        "Name the older gaps and unmet needs in your relationship. They are shared work; they never excuse the betrayal."),
    task(P4BothNewAgreements, Renew, Both, R,
        "Make new agreements",
        "Agree together on honesty, time and closeness."),
    task(P4BothRebuildCloseness, Renew, Both, R,
        "Plan time for closeness",
        "Plan regular time for closeness and for repair."),
    task(P4BothRelapsePlan, Renew, Both, O,
        "Agree what happens if trust is shaken",
        "Agree what happens if trust is shaken again."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_order_matches_ids() {
        assert_eq!(CATALOGUE.len(), TaskId::ALL.len());
        for (i, id) in TaskId::ALL.iter().enumerate() {
            assert_eq!(CATALOGUE[i].id, *id, "catalogue entry {i}");
        }
    }

    #[test]
    fn ids_spell_their_phase_and_owner() {
        for t in catalogue() {
            let owner = match t.owner {
                TaskOwner::Op => "op",
                TaskOwner::Ap => "ap",
                TaskOwner::Both => "both",
            };
            let prefix = format!("p{}.{}.", t.phase.number(), owner);
            assert!(t.id.as_str().starts_with(&prefix), "{}", t.id);
            assert_eq!(TaskId::parse(t.id.as_str()), Some(t.id));
            let json = serde_json::to_string(&t.id).unwrap();
            assert_eq!(json, format!("\"{}\"", t.id.as_str()));
        }
    }

    #[test]
    fn required_tasks_match_the_model() {
        let ids = |p, r| required_tasks(p, r).map(TaskId::as_str).collect::<Vec<_>>();
        assert_eq!(
            ids(Phase::Stabilize, Role::Op),
            ["p1.op.stop-harm", "p1.op.name-ambivalence", "p1.op.commit"]
        );
        assert_eq!(
            ids(Phase::Stabilize, Role::Ap),
            ["p1.ap.safety", "p1.ap.boundaries", "p1.ap.decide-to-try"]
        );
        assert_eq!(
            ids(Phase::Account, Role::Op),
            [
                "p2.op.full-acknowledgement",
                "p2.op.answer-questions",
                "p2.op.witness-pain",
                "p2.op.amends"
            ]
        );
        assert_eq!(ids(Phase::Account, Role::Ap), ["p2.ap.voice-hurt"]);
        assert_eq!(
            ids(Phase::Process, Role::Ap),
            [
                "p3.ap.name-the-wrong",
                "p3.ap.benevolent-indignation",
                "p3.ap.grieve"
            ]
        );
        assert_eq!(
            ids(Phase::Process, Role::Op),
            ["p3.op.hold-steady", "p3.op.keep-amends", "p3.op.no-rushing"]
        );
        let renew = [
            "p4.both.name-deficits",
            "p4.both.new-agreements",
            "p4.both.rebuild-closeness",
        ];
        assert_eq!(ids(Phase::Renew, Role::Op), renew);
        assert_eq!(ids(Phase::Renew, Role::Ap), renew);
    }

    #[test]
    fn optional_tasks_are_offered_to_the_right_partner() {
        let all = |p, r| tasks_for(p, r).map(|t| t.id.as_str()).collect::<Vec<_>>();
        let p1op = all(Phase::Stabilize, Role::Op);
        assert!(p1op.contains(&"p1.op.transparency"));
        assert!(p1op.contains(&"p1.both.pause-decisions"));
        assert!(p1op.contains(&"p1.both.therapist"));
        assert!(!p1op.contains(&"p1.ap.trigger-plan"));
        assert!(!TaskId::P1ApTriggerPlan.belongs_to(Role::Op));
        assert!(TaskId::P4BothRelapsePlan.belongs_to(Role::Ap));
    }
}
