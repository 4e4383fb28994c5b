#!/usr/bin/env python3
"""Renders every template of a Posture Guard discovery config with Jinja, the
engine Home Assistant renders them with, against real messages of the device
and variants of them, and checks each result is one Home Assistant accepts.

usage: ha_templates.py CONFIG.json STATE.json STATS.json [EVENT.json ...]
exit: 0 all good, 1 problems (printed), 77 no Jinja here.
"""
import datetime
import json
import sys

try:
    import jinja2
except ImportError:
    print("python3-jinja2 is not installed")
    sys.exit(77)

NOW = datetime.datetime(2026, 3, 10, 9, 0, 0, tzinfo=datetime.timezone.utc)
COMMANDS = {"calibrate": set(), "resume": set(), "buzz_test": set(), "pause": {"minutes", "until"},
            "snooze": {"minutes", "until"}}
PRESENT = ["good", "forward_head", "slouch", "looking_down", "tilt"]


class This:
    def __init__(self, state):
        self.state = state


def as_timestamp(v):
    if isinstance(v, datetime.datetime):
        return v.timestamp()
    return datetime.datetime.fromisoformat(v).timestamp()


env = jinja2.Environment(undefined=jinja2.StrictUndefined)
env.globals.update(now=lambda: NOW, as_timestamp=as_timestamp)
problems = []


def render(tpl, value, this_state=None, **extra):
    text = value if isinstance(value, str) else json.dumps(value)
    try:
        value_json = json.loads(text)
    except ValueError:
        value_json = None
    ctx = {"value": text, "value_json": value_json, **extra}
    if this_state is not None:
        ctx["this"] = This(this_state)
    return env.from_string(tpl).render(**ctx).strip()


def check(cond, what):
    if not cond:
        problems.append(what)


def command_ok(text, where):
    try:
        c = json.loads(text)
    except ValueError:
        problems.append(f"{where}: not JSON: {text!r}")
        return
    extra = set(c) - {"cmd", "id"}
    check(c.get("cmd") in COMMANDS and extra <= COMMANDS[c["cmd"]], f"{where}: not a command: {text}")


def main():
    config = json.load(open(sys.argv[1]))
    state = json.load(open(sys.argv[2]))
    stats = json.load(open(sys.argv[3]))
    events = [json.load(open(p)) for p in sys.argv[4:]]
    topics = {"state": None, "stats": None}
    for cid, c in config["cmps"].items():
        if c.get("stat_t", "").endswith("/state"):
            topics["state"] = c["stat_t"]
        if c.get("stat_t", "").endswith("/stats"):
            topics["stats"] = c["stat_t"]

    states = [dict(state, state=s) for s in c_states(config)] + [dict(state, camera_moved=True)]
    for cid, c in config["cmps"].items():
        p = c["p"]
        where = f"{cid} ({p})"
        if p == "number":
            continue
        tpl = c.get("val_tpl")
        samples = states if c.get("stat_t") == topics["state"] else [stats, dict(stats, analyzer_fallback="x"),
                                                                      dict(stats, cpu_temp_c=None),
                                                                      dict(stats, broker=None)]
        for sample in samples if tpl else []:
            this_states = c.get("ops", [None]) + [None] if p == "select" else [None]
            for this_state in this_states:
                try:
                    out = render(tpl, sample, this_state)
                except Exception as e:  # an undefined field or a syntax error: HA logs and keeps the old state
                    problems.append(f"{where}: template fails on {json.dumps(sample)[:80]}: {e}")
                    continue
                if p == "sensor" and c.get("dev_cla") == "enum":
                    check(out in c["ops"], f"{where}: {out!r} is not one of its options")
                elif p == "sensor" and c.get("stat_cla"):
                    try:
                        float(out)
                    except ValueError:
                        check(out == "None", f"{where}: {out!r} is not a number")
                elif p == "binary_sensor":
                    check(out in (c.get("pl_on", "ON"), c.get("pl_off", "OFF"), "None"), f"{where}: {out!r}")
                elif p == "switch":
                    check(out in (c["stat_on"], c["stat_off"]), f"{where}: {out!r}")
                elif p == "select":
                    check(out in c["ops"], f"{where}: {out!r} is not an option")
        if "json_attr_tpl" in c:
            check(isinstance(json.loads(render(c["json_attr_tpl"], dict(stats, analyzer_fallback="x"))), dict),
                  f"{where}: attributes are not a JSON object")
        for key in ("pl_prs", "pl_on", "pl_off"):
            if key in c:
                command_ok(c[key], f"{where} {key}")
        if "cmd_tpl" in c:
            for option in c.get("ops", []):
                command_ok(render(c["cmd_tpl"], option), f"{where} option {option!r}")
        if p == "event":
            for e in events:
                check(e.get("event_type") in c["evt_typ"], f"{where}: event {e} has an unknown event_type")

    cmps = config["cmps"]
    expect = {
        ("monitoring", "paused"): "OFF", ("monitoring", "good"): "ON",
        ("at_desk", "away"): "OFF", ("at_desk", "paused"): "OFF", ("at_desk", "slouch"): "ON",
        ("at_desk", "too_dark"): "None", ("bad_posture", "forward_head"): "ON", ("bad_posture", "good"): "OFF",
        ("posture", "tilt"): "tilt",
    }
    for (cid, s), want in expect.items():
        got = render(cmps[cid]["val_tpl"], dict(state, state=s))
        check(got == want, f"{cid} in {s}: {got!r}, expected {want!r}")
    check(render(cmps["camera_moved"]["val_tpl"], dict(state, camera_moved=True)) == "ON", "camera_moved on")
    check(render(cmps["camera_moved"]["val_tpl"], dict(state, camera_moved=False)) == "OFF", "camera_moved off")
    snooze = cmps["snooze_preset"]["val_tpl"]
    in_minutes = lambda m: (NOW + datetime.timedelta(minutes=m)).isoformat()
    for left, this_state, want in [(None, "1 h", "off"), (25, "off", "30 min"), (50, "off", "1 h"),
                                   (600, "off", "until tomorrow"), (25, "1 h", "1 h")]:
        got = render(snooze, dict(state, snoozed_until=in_minutes(left) if left else None), this_state)
        check(got == want, f"snooze select, {left} min left after {this_state!r}: {got!r}, expected {want!r}")
    for problem in problems:
        print(problem)
    print(f"{len(config['cmps'])} components, {len(problems)} problems")
    return 1 if problems else 0


def c_states(config):
    return config["cmps"]["posture"]["ops"]


if __name__ == "__main__":
    sys.exit(main())
