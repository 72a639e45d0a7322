// The one place that calls `invoke`. Every backend command has one typed function
// here, and every failure becomes an `ApiError` the screens can branch on.
import { invoke } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { AppInfo } from "./bindings/AppInfo";
import type { SupportPlan } from "./bindings/SupportPlan";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { BackupInput } from "./bindings/BackupInput";
import type { ChangePassphraseInput } from "./bindings/ChangePassphraseInput";
import type { NewRecoveryCode } from "./bindings/NewRecoveryCode";
import type { PassphraseChanged } from "./bindings/PassphraseChanged";
import type { CheckIn } from "./bindings/CheckIn";
import type { Created } from "./bindings/Created";
import type { DateInput } from "./bindings/DateInput";
import type { JournalEntry } from "./bindings/JournalEntry";
import type { JournalInput } from "./bindings/JournalInput";
import type { JournalUpdateInput } from "./bindings/JournalUpdateInput";
import type { IdInput } from "./bindings/IdInput";
import type { Me } from "./bindings/Me";
import type { NewPartnerInput } from "./bindings/NewPartnerInput";
import type { PassphraseStrength } from "./bindings/PassphraseStrength";
import type { PassphraseStrengthInput } from "./bindings/PassphraseStrengthInput";
import type { SuggestedPassphrase } from "./bindings/SuggestedPassphrase";
import type { RangeInput } from "./bindings/RangeInput";
import type { RecoverInput } from "./bindings/RecoverInput";
import type { RestoreInput } from "./bindings/RestoreInput";
import type { RestoreOutcome } from "./bindings/RestoreOutcome";
import type { Settings } from "./bindings/Settings";
import type { SharedCheckIn } from "./bindings/SharedCheckIn";
import type { TaskInput } from "./bindings/TaskInput";
import type { TaskState } from "./bindings/TaskState";
import type { UnlockInput } from "./bindings/UnlockInput";
import type { VaultStatus } from "./bindings/VaultStatus";
import type { ArcView } from "./bindings/ArcView";
import type { GuidanceView } from "./bindings/GuidanceView";
import type { Phase } from "./bindings/Phase";
import type { RuptureInput } from "./bindings/RuptureInput";
import type { SafetyResources } from "./bindings/SafetyResources";
import type { SafetyCheckStatus } from "./bindings/SafetyCheckStatus";
import type { StepBackInput } from "./bindings/StepBackInput";
import type { TogetherView } from "./bindings/TogetherView";
import type { ExportInput } from "./bindings/ExportInput";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ReportConsent } from "./bindings/ReportConsent";
import type { ReportPreview } from "./bindings/ReportPreview";
import type { ReportRangeInput } from "./bindings/ReportRangeInput";
import type { ReportSaveInput } from "./bindings/ReportSaveInput";
import type { SavedFile } from "./bindings/SavedFile";
import type { ApartView } from "./bindings/ApartView";
import type { Deleted } from "./bindings/Deleted";
import type { DeleteProfileInput } from "./bindings/DeleteProfileInput";
import type { PartingInput } from "./bindings/PartingInput";
import type { ReflectionInput } from "./bindings/ReflectionInput";
import type { Answer } from "./bindings/Answer";
import type { AnswerInput } from "./bindings/AnswerInput";
import type { Question } from "./bindings/Question";
import type { QuestionIdInput } from "./bindings/QuestionIdInput";
import type { QuestionInput } from "./bindings/QuestionInput";
import type { QuestionUpdateInput } from "./bindings/QuestionUpdateInput";
import type { QuestionsView } from "./bindings/QuestionsView";
import type { TriggerEntry } from "./bindings/TriggerEntry";
import type { TriggerHelp } from "./bindings/TriggerHelp";
import type { TriggerHelpInput } from "./bindings/TriggerHelpInput";
import type { TriggerIdInput } from "./bindings/TriggerIdInput";
import type { TriggerInput } from "./bindings/TriggerInput";
import type { TriggerUpdateInput } from "./bindings/TriggerUpdateInput";
import type { TriggersView } from "./bindings/TriggersView";
import type { AgreementInput } from "./bindings/AgreementInput";
import type { AgreementView } from "./bindings/AgreementView";
import type { AgreementsView } from "./bindings/AgreementsView";
import type { RevisitInput } from "./bindings/RevisitInput";
import type { SessionPageInput } from "./bindings/SessionPageInput";
import type { SessionPageView } from "./bindings/SessionPageView";
import type { PairOutcome } from "./bindings/PairOutcome";
import type { PairJoinInput } from "./bindings/PairJoinInput";
import type { PairConfirmInput } from "./bindings/PairConfirmInput";
import type { SyncResult } from "./bindings/SyncResult";
import type { SyncStatusDto } from "./bindings/SyncStatusDto";

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.field = field;
  }

  /** Turns whatever `invoke` rejected with into an ApiError. */
  static from(raw: unknown): ApiError {
    if (isAppError(raw)) return new ApiError(raw.code, raw.message, raw.field);
    return new ApiError(
      "internal",
      "Healing Arc couldn't reach its own background process. Please try again.",
    );
  }
}

const CODES: readonly ErrorCode[] = [
  "locked",
  "wrong_passphrase",
  "damaged_lock",
  "validation",
  "not_found",
  "not_allowed",
  "damaged_store",
  "internal",
  "try_later",
];

function isAppError(raw: unknown): raw is AppError {
  if (typeof raw !== "object" || raw === null) return false;
  const r = raw as Record<string, unknown>;
  return (
    typeof r.code === "string" &&
    (CODES as readonly string[]).includes(r.code) &&
    typeof r.message === "string" &&
    (r.field === undefined || typeof r.field === "string")
  );
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw ApiError.from(raw);
  }
}

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  demoOpen: () => call<null>("demo_open"),

  // The vault. Status works while locked; everything else but unlock, recover and
  // restore answers `locked` until a profile is unlocked.
  vaultStatus: () => call<VaultStatus>("vault_status"),
  vaultCreate: (input: NewPartnerInput) => call<Created>("vault_create", { input }),
  vaultAddPartner: (input: NewPartnerInput) => call<Created>("vault_add_partner", { input }),
  vaultUnlock: (input: UnlockInput) => call<Me>("vault_unlock", { input }),
  vaultRecover: (input: RecoverInput) => call<Me>("vault_recover", { input }),
  vaultChangePassphrase: (input: ChangePassphraseInput) =>
    call<PassphraseChanged>("vault_change_passphrase", { input }),
  /** A new recovery code; the old one then opens nothing here. */
  vaultReplaceRecoveryCode: () => call<NewRecoveryCode>("vault_replace_recovery_code"),
  /** The backend's verdict on a new passphrase: the same check saving it runs. */
  passphraseStrength: (input: PassphraseStrengthInput) =>
    call<PassphraseStrength>("passphrase_strength", { input }),
  vaultLock: () => call<null>("vault_lock"),
  /** The quick hide: drops the keys at once. */
  lockNow: () => call<null>("lock_now"),
  vaultMe: () => call<Me>("vault_me"),
  /** Keeps a backup on this device, or with `choose_file` asks where (the backend opens
   * the save dialog); `cancelled` when the person closes it. */
  vaultBackup: (input: BackupInput = {}) => call<SavedFile>("vault_backup", { input }),
  /** A kept backup by name, or without `kept` one the person picks in the open dialog. */
  vaultRestore: (input: RestoreInput) => call<RestoreOutcome>("vault_restore", { input }),
  settingsGet: () => call<Settings>("settings_get"),
  settingsSet: (input: Settings) => call<Settings>("settings_set", { input }),

  checkinSave: (input: CheckIn) => call<CheckIn>("checkin_save", { input }),
  checkinGet: (input: DateInput) => call<CheckIn | null>("checkin_get", { input }),
  checkinList: (input: RangeInput = {}) => call<CheckIn[]>("checkin_list", { input }),
  checkinPartnerList: (input: RangeInput = {}) =>
    call<SharedCheckIn[]>("checkin_partner_list", { input }),
  checkinDelete: (input: DateInput) => call<null>("checkin_delete", { input }),

  journalCreate: (input: JournalInput) => call<JournalEntry>("journal_create", { input }),
  journalUpdate: (input: JournalUpdateInput) => call<JournalEntry>("journal_update", { input }),
  journalDelete: (input: IdInput) => call<null>("journal_delete", { input }),
  journalList: () => call<JournalEntry[]>("journal_list"),
  journalPartnerList: () => call<JournalEntry[]>("journal_partner_list"),

  taskSet: (input: TaskInput) => call<TaskState>("task_set", { input }),
  taskList: () => call<TaskState[]>("task_list"),
  taskPartnerList: () => call<TaskState[]>("task_partner_list"),

  arcView: () => call<ArcView>("arc_view"),
  arcAdvance: () => call<Phase>("arc_advance"),
  arcStepBack: (input: StepBackInput) => call<Phase>("arc_step_back", { input }),
  arcRupture: (input: RuptureInput) => call<Phase>("arc_rupture", { input }),
  arcDeclareReady: () => call<Phase>("arc_declare_ready"),
  arcWithdrawReady: () => call<Phase>("arc_withdraw_ready"),
  togetherView: () => call<TogetherView>("together_view"),
  guidanceView: () => call<GuidanceView>("guidance_view"),
  safetyResources: () => call<SafetyResources>("safety_resources"),
  // The private safety check: whether its quiet prompt is due, and that it was offered
  // and closed. No answer is ever sent: the page weighs them and forgets them.
  safetyCheckStatus: () => call<SafetyCheckStatus>("safety_check_status"),
  safetyCheckOffered: () => call<null>("safety_check_offered"),
  /** "My support": this partner's own private plan, saved whole. */
  supportGet: () => call<SupportPlan>("support_get"),
  supportSave: (input: SupportPlan) => call<SupportPlan>("support_save", { input }),

  // Sharing with a therapist, and taking one's own data along. The backend opens the
  // system dialog and writes (or reads) the file; the page never names a path, and a
  // closed dialog answers `cancelled`.
  reportPreview: (input: ReportRangeInput) => call<ReportPreview>("report_preview", { input }),
  reportSave: (input: ReportSaveInput) => call<SavedFile>("report_save", { input }),
  /** Six words to suggest for a protected PDF, new each time; the backend keeps none. */
  reportSuggestPassphrase: () => call<SuggestedPassphrase>("report_suggest_passphrase"),
  exportOwnData: (input: ExportInput) => call<SavedFile>("export_own_data", { input }),
  importOwnData: () => call<ImportOutcome>("import_own_data", { input: {} }),
  /** This partner's own choice: may their partner's reports include facts about them? */
  reportConsentGet: () => call<ReportConsent>("report_consent_get"),
  reportConsentSet: (input: ReportConsent) => call<ReportConsent>("report_consent_set", { input }),

  // Together or apart: the private reflection, the decision to part (the one thing
  // here the partner sees) and deleting one's own profile.
  apartView: () => call<ApartView>("apart_view"),
  apartSaveReflection: (input: ReflectionInput) => call<null>("apart_save_reflection", { input }),
  apartRecordParting: (input: PartingInput) => call<ApartView>("apart_record_parting", { input }),
  apartDeleteProfile: (input: DeleteProfileInput) =>
    call<Deleted>("apart_delete_profile", { input }),
  // Questions (the partner who was hurt asks; the other answers what is shared with them)
  // and the trigger log (the partner adds what helped on a shared entry).
  questionsView: () => call<QuestionsView>("questions_view"),
  questionAsk: (input: QuestionInput) => call<Question>("question_ask", { input }),
  questionUpdate: (input: QuestionUpdateInput) => call<Question>("question_update", { input }),
  questionDelete: (input: QuestionIdInput) => call<null>("question_delete", { input }),
  questionAnswer: (input: AnswerInput) => call<Answer>("question_answer", { input }),
  questionAnswerDelete: (input: QuestionIdInput) => call<null>("question_answer_delete", { input }),
  triggersView: () => call<TriggersView>("triggers_view"),
  triggerLog: (input: TriggerInput) => call<TriggerEntry>("trigger_log", { input }),
  triggerUpdate: (input: TriggerUpdateInput) => call<TriggerEntry>("trigger_update", { input }),
  triggerDelete: (input: TriggerIdInput) => call<null>("trigger_delete", { input }),
  triggerHelp: (input: TriggerHelpInput) => call<TriggerHelp>("trigger_help", { input }),
  triggerHelpDelete: (input: TriggerIdInput) => call<null>("trigger_help_delete", { input }),
  // Agreements: proposed by one partner, in force once the other confirms. A draft
  // stays private; proposing shares it.
  agreementView: () => call<AgreementsView>("agreement_view"),
  agreementSave: (input: AgreementInput) => call<AgreementView>("agreement_save", { input }),
  agreementConfirm: (input: IdInput) => call<AgreementView>("agreement_confirm", { input }),
  agreementRevisit: (input: RevisitInput) => call<AgreementView>("agreement_revisit", { input }),
  agreementWithdraw: (input: IdInput) => call<AgreementView>("agreement_withdraw", { input }),
  agreementDelete: (input: IdInput) => call<null>("agreement_delete", { input }),
  // "For my next session": private pages; a report holds those marked for it.
  sessionPageList: () => call<SessionPageView[]>("session_page_list"),
  sessionPageSave: (input: SessionPageInput) =>
    call<SessionPageView>("session_page_save", { input }),
  sessionPageDelete: (input: IdInput) => call<null>("session_page_delete", { input }),

  // Two devices (docs/SYNC.md). The backend opens the folder dialog; `cancelled` when
  // the person closes it.
  /** Device A: the invitation goes into the folder picked; the code to read out. */
  pairStart: () => call<PairOutcome>("pair_start"),
  /** Device A: the verification phrase once the partner's device answered, else null. */
  pairCheck: () => call<string | null>("pair_check"),
  /** Device B (nothing set up yet): the code typed, the folder picked; the phrase. */
  pairJoin: (input: PairJoinInput) => call<PairOutcome>("pair_join", { input }),
  /** Device B, once the phrases matched: its own profile, as the couple's other half. */
  pairJoinCreate: (input: NewPartnerInput) => call<Created>("pair_join_create", { input }),
  /** Device A: whether both screens showed the same phrase (not matching forgets the
   * device that answered). */
  pairConfirm: (input: PairConfirmInput) => call<null>("pair_confirm", { input }),
  syncNow: () => call<SyncResult>("sync_now"),
  syncStatus: () => call<SyncStatusDto>("sync_status"),
  syncDisconnect: () => call<null>("sync_disconnect"),
};
