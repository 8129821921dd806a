#!/usr/bin/env python3
"""Score `tremorwatch assess` on a folder of labelled cases (the dev-set scorer's definitions).

usage: score_blind.py TREMORWATCH_EXE CASE_DIR [--show-misses]
cause top-3: either rater's first cause among the first three possible_causes ids.
"""
import glob, json, os, subprocess, sys, tempfile
LEVEL = {"home_care": 0, "routine": 1, "within_days": 2, "same_day": 3, "emergency": 4}
exe, folder = sys.argv[1], sys.argv[2]
cases = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(folder, "*.json")))]
with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
    for c in cases: f.write(json.dumps(c["input"]) + "\n")
p = subprocess.run([exe, "assess", "--input", f.name, "--format", "json"], capture_output=True, text=True)
out = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
assert len(out) == len(cases), (p.stderr[-500:], len(out))
n = len(cases); exact = acc = safe = em = em_hit = over = nonem = under = cause = 0; misses = []
for c, r in zip(cases, out):
    t, d = c["expected"]["disposition"], r.get("disposition")
    lt, ld = LEVEL[t], LEVEL.get(d, -1)
    exact += d == t; acc += d in c["expected"]["acceptable"]
    safe += (ld >= lt - 1) if t != "emergency" else (ld == 4)
    if t == "emergency":
        em += 1; em_hit += d == "emergency"
    else:
        nonem += 1; over += ld > lt
    under += ld < lt
    top = [x["id"] for x in r.get("possible_causes", [])[:3]]
    hit = any(x in top for x in c["expected"]["first_causes"]); cause += hit
    if d != t or not hit: misses.append((c["id"], t, d, c["expected"]["first_causes"], top))
errors = sum(1 for r in out if "disposition" not in r)
print(f"errors (refused inputs) = {errors}")
print(f"SCORE exact={exact/n:.2f} acceptable={acc/n:.2f} em_sens={em_hit/em:.2f} ({em_hit}/{em}) safe={safe/n:.2f} under={under} over_rate={over/nonem:.2f} cause_top3={cause/n:.2f} n={n}")
if "--show-misses" in sys.argv:
    for m in misses: print(" ", *m)
