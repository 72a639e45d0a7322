// A steady, private week for the unlocked partner, so each phase's readiness holds:
// five check-ins (stance +2, little hurt, safe, a repair moment) and every required step
// of phases 1–3 marked. `ok` is a screen's command caller (screen.mjs).

/** The local date `n` days ago, as `YYYY-MM-DD`. */
export function isoDaysAgo(n) {
  const d = new Date();
  d.setDate(d.getDate() - n);
  const p = (x) => String(x).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export async function steadyWeek(ok) {
  for (let n = 0; n < 5; n++) {
    await ok("checkin_save", {
      date: isoDaysAgo(n),
      stance: 2,
      emotions: { hurt: 1 },
      triggers: 0,
      safety: "yes",
      repair_moment: true,
      tasks: [],
      note: "",
      share: { numbers: "private", note: "private" },
    });
  }
  const view = await ok("arc_view");
  for (const t of view.tasks.filter((t) => t.required && t.phase !== "renew")) {
    await ok("task_set", { task: t.id, done: true });
  }
}
