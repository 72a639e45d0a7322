#!/usr/bin/env python3
"""An independent reading of MODEL.md, used to cross-check the golden files.

Written from the spec alone, in a different language and shape from the Rust model,
so a golden file is only accepted when two separate readings agree (and the key days
are also reasoned through by hand in README.md). Not part of CI.

    python3 tests/scenarios/oracle.py tests/scenarios/NAME.json   # prints the --json output
"""
import datetime as dt
import json
import sys

REQUIRED = {
    (1, "op"): ["p1.op.stop-harm", "p1.op.name-ambivalence", "p1.op.commit"],
    (1, "ap"): ["p1.ap.safety", "p1.ap.boundaries", "p1.ap.decide-to-try"],
    (2, "op"): ["p2.op.full-acknowledgement", "p2.op.answer-questions",
                "p2.op.witness-pain", "p2.op.amends"],
    (2, "ap"): ["p2.ap.voice-hurt"],
    (3, "op"): ["p3.op.hold-steady", "p3.op.keep-amends", "p3.op.no-rushing"],
    (3, "ap"): ["p3.ap.name-the-wrong", "p3.ap.benevolent-indignation", "p3.ap.grieve"],
    (4, "op"): ["p4.both.name-deficits", "p4.both.new-agreements", "p4.both.rebuild-closeness"],
    (4, "ap"): ["p4.both.name-deficits", "p4.both.new-agreements", "p4.both.rebuild-closeness"],
}
SEVERITY = {
    "insufficient_data": "info", "mutual_withdrawal": "risk", "turn_taking": "info",
    "leaning_in_together": "info", "pursue_withdraw": "watch", "op_ambivalence": "watch",
    "colliding_trajectories": "risk",
}
CHECKIN_FIELDS = {"stance", "emotions", "triggers", "safety", "repair_moment", "tasks", "note", "share"}


def slope(points):
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den


def main(path):
    sc = json.load(open(path))
    start = dt.date.fromisoformat(sc["start"])
    checkins = {"op": {}, "ap": {}}  # day -> entry
    marks = {}  # day -> list of (role, task, done)
    for d in sc["days"]:
        for role in ("op", "ap"):
            e = d.get(role)
            if e is None:
                continue
            for t in e.get("done", []):
                marks.setdefault(d["day"], []).append((role, t, True))
            for t in e.get("undone", []):
                marks.setdefault(d["day"], []).append((role, t, False))
            if CHECKIN_FIELDS & set(e):
                checkins[role][d["day"]] = e
    events = {}
    for e in sc.get("events", []):
        events.setdefault(e["day"], []).append(e)
    names = [d["day"] for d in sc["days"]] + [e["day"] for e in sc.get("events", [])]
    last = max(names) if names else -1

    phase = {"op": 1, "ap": 1}
    declared = {"op": False, "ap": False}  # standing "ready to rebuild together"
    done = {"op": set(), "ap": set()}

    def own(role, day):
        return [checkins[role][k] for k in range(day - 6, day + 1) if k in checkins[role]]

    def ready(role, day):
        p = phase[role]
        if p == 4:
            return False
        if any(t not in done[role] for t in REQUIRED[(p, role)]):
            return False
        w = own(role, day)
        if len(w) < 4:
            return False
        if role == "op":
            return sum(1 for c in w if c.get("stance", 0) >= 1) >= 4
        if p == 1:
            # Only a `no` blocks; an omitted or null safety is unanswered, not `no`.
            return all(c.get("safety") != "no" for c in w)
        repairs = sum(1 for c in w if c.get("repair_moment", False))
        if p == 2:
            return repairs >= 1
        # Over the check-ins that answered hurt (omitted or null = unanswered, never 0).
        hurts = [h for c in w for h in [(c.get("emotions") or {}).get("hurt")] if h is not None]
        return len(hurts) >= 1 and sum(hurts) / len(hurts) <= 2.5 and repairs >= 1

    def shared(role, day):
        c = checkins[role].get(day)
        if c is not None and c.get("share", "private") in ("partner", "partner+therapist"):
            return c
        return None

    def detect(day):
        found = set()
        if abs(phase["op"] - phase["ap"]) >= 2 or (phase["op"] >= 3 and phase["ap"] == 1):
            found.add("colliding_trajectories")
        window = range(day - 6, day + 1)
        classes = []
        for k in window:
            o, a = shared("op", k), shared("ap", k)
            if o is None or a is None:
                continue
            so, sa = o.get("stance", 0), a.get("stance", 0)
            if so >= 1 and sa >= 1:
                classes.append("in")
            elif so <= -1 and sa <= -1:
                classes.append("out")
            elif (so >= 1 and sa <= -1) or (so <= -1 and sa >= 1):
                classes.append("turn")
            else:
                classes.append("neutral")
        if len(classes) < 3:
            found.add("insufficient_data")
            return found
        if classes.count("out") >= 3:
            found.add("mutual_withdrawal")
        if classes.count("turn") >= 3:
            found.add("turn_taking")
        if classes.count("in") >= 4:
            found.add("leaning_in_together")
        slopes = {}
        for role in ("op", "ap"):
            pts = [(k, shared(role, k).get("stance", 0)) for k in window if shared(role, k)]
            slopes[role] = slope(pts) if len(pts) >= 4 else None
        if slopes["op"] is not None and slopes["ap"] is not None:
            up = lambda s: s >= 0.3 - 1e-9
            down = lambda s: s <= -0.3 + 1e-9
            if (up(slopes["op"]) and down(slopes["ap"])) or (up(slopes["ap"]) and down(slopes["op"])):
                found.add("pursue_withdraw")
        signs = [1 if c.get("stance", 0) > 0 else -1
                 for k in range(day - 13, day + 1)
                 for c in [shared("op", k)] if c is not None and c.get("stance", 0) != 0]
        changes = sum(1 for a, b in zip(signs, signs[1:]) if a != b)
        amb = sum(1 for k in window if shared("op", k)
                  and ((shared("op", k).get("emotions") or {}).get("ambivalence") or 0) >= 3)
        if changes >= 3 or amb >= 3:
            found.add("op_ambivalence")
        return found

    since = {}
    out = []
    for day in range(last + 1):
        date = start + dt.timedelta(days=day)
        for role, t, is_done in marks.get(day, []):
            (done[role].add if is_done else done[role].discard)(t)
        for e in events.get(day, []):
            role, other = e["partner"], ("ap" if e["partner"] == "op" else "op")
            kind = e["kind"]
            if kind == "advance":
                if phase[role] == 4 or not ready(role, day):
                    sys.exit(f"events: day {day}: {role} may not advance")
                # The gate reads the other's declaration, never their readiness.
                if phase[role] == 3 and not (phase[other] == 4 or (phase[other] == 3 and declared[other])):
                    sys.exit(f"events: day {day}: {role} may not enter renew")
                phase[role] += 1
                declared[role] = False
            elif kind == "step_back":
                to = e.get("to", phase[role] - 1)
                if not 1 <= to < phase[role]:
                    sys.exit(f"events: day {day}: {role} may not step back to {to}")
                phase[role] = to
                declared[role] = False
            elif kind == "rupture":
                declared["op"] = declared["ap"] = False
            elif kind == "ready_to_rebuild":
                if phase[role] != 3 or not ready(role, day) or declared[role]:
                    sys.exit(f"events: day {day}: {role} may not declare ready to rebuild")
                declared[role] = True
            elif kind == "withdraw_ready":
                if not declared[role]:
                    sys.exit(f"events: day {day}: {role} has no declaration to withdraw")
                declared[role] = False
        found = detect(day)
        for k in list(since):
            if k not in found:
                del since[k]
        for k in found:
            since.setdefault(k, date)
        out.append({
            "date": date.isoformat(),
            "phase": {"op": phase["op"], "ap": phase["ap"]},
            "ready": {"op": ready("op", day), "ap": ready("ap", day)},
            "rebuild": {"op": declared["op"], "ap": declared["ap"]},
            "dynamics": [{"kind": k, "severity": SEVERITY[k], "since": since[k].isoformat()}
                         for k in sorted(found)],
        })
    lines = [json.dumps(d, separators=(",", ":")) for d in out]
    print('{"days":[' + ("\n" + ",\n".join(lines) + "\n" if lines else "") + "]}")


if __name__ == "__main__":
    main(sys.argv[1])
