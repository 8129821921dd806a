"""Join the blind cases with the two raters' labels; Cohen's kappa; the reference label."""
import json, glob, os, collections, sys
LEVEL = {"home_care": 0, "routine": 1, "within_days": 2, "same_day": 3, "emergency": 4}
A = json.load(open("/work/blind4/rater_a/labels.json"))["labels"]
B = json.load(open("/work/blind4/rater_b/labels.json"))["labels"]
cases = {os.path.basename(f)[:-5]: json.load(open(f)) for f in sorted(glob.glob("/work/blind4/cases/c*.json"))}
assert set(cases) == set(A) == set(B), (len(cases), len(A), len(B), set(cases) ^ set(A), set(cases) ^ set(B))
n = len(cases); agree = sum(A[k]["disposition"] == B[k]["disposition"] for k in cases)
pa = collections.Counter(A[k]["disposition"] for k in cases); pb = collections.Counter(B[k]["disposition"] for k in cases)
pe = sum(pa[d] * pb[d] for d in LEVEL) / n / n; po = agree / n
kappa = (po - pe) / (1 - pe)
w = lambda x, y: 1 - abs(LEVEL[x] - LEVEL[y]) / 4
pow_ = sum(w(A[k]["disposition"], B[k]["disposition"]) for k in cases) / n
pew = sum(pa[x] * pb[y] * w(x, y) for x in LEVEL for y in LEVEL) / n / n
kw = (pow_ - pew) / (1 - pew)
within1 = sum(abs(LEVEL[A[k]["disposition"]] - LEVEL[B[k]["disposition"]]) <= 1 for k in cases)
print(f"n={n} raw agreement={po:.2f} kappa={kappa:.2f} linear-weighted kappa={kw:.2f} within one level={within1}/{n}")
print(f"first cause agreement {sum(A[k]['causes'][0] == B[k]['causes'][0] for k in cases)}/{n}")
out = "/work/blind4/set"; os.makedirs(out, exist_ok=True)
dist = collections.Counter()
for k, c in cases.items():
    a, b = A[k], B[k]
    ref = max(a["disposition"], b["disposition"], key=LEVEL.get)
    dist[ref] += 1
    c["expected"] = {
        "disposition": ref,
        "causes": list(dict.fromkeys(a["causes"] + b["causes"])),
        "first_causes": list(dict.fromkeys([a["causes"][0], b["causes"][0]])),
        "acceptable": sorted(set(a["acceptable"]) | set(b["acceptable"]) | {a["disposition"], b["disposition"]}, key=LEVEL.get, reverse=True),
        "rater1": a, "rater2": b,
        "adjudication": "agreed" if a["disposition"] == b["disposition"] else "more urgent of the two",
    }
    json.dump(c, open(f"{out}/{k}.json", "w"), indent=1)
print("reference distribution", dict(dist))
print("rater A", dict(pa)); print("rater B", dict(pb))
for k in cases:
    if A[k]["disposition"] != B[k]["disposition"]:
        print(" disagree", k, A[k]["disposition"], B[k]["disposition"])
