#!/usr/bin/env python3
"""Validate blind test cases c001..c070 against tremorwatch.assessment/1 (spec text: assessment-v1.md).

Code lists below are transcribed by hand from the spec; no project code is used.
Usage: python3 check_cases.py [cases_dir]
"""
import json, os, re, sys

CASE_KEYS = {"id", "title", "story", "input", "source", "tags"}
TOP_KEYS = {"schema", "infant", "episode", "findings", "vitals", "motion"}
YNU = {"yes", "no", "unsure"}

INFANT_KEYS = {"age_days", "gestational_age_weeks", "birth_weight_g", "sex", "history", "vitamin_k_at_birth"}
SEX = {"female", "male", "unknown"}
HISTORY = {
    "small_for_gestational_age", "large_for_gestational_age", "infant_of_diabetic_mother",
    "maternal_opioid_use", "maternal_antidepressant_use", "maternal_other_substance_use",
    "maternal_graves_disease", "perinatal_asphyxia", "sepsis_risk_at_birth",
    "exclusively_breastfed_by_vegan_or_b12_deficient_mother", "known_seizure_disorder",
    "known_cerebral_palsy", "known_developmental_delay", "family_history_seizures",
    "family_history_tremor", "lead_exposure_risk", "infant_takes_medication", "recent_vaccination",
}
BODY_PARTS = {"left_leg", "right_leg", "left_arm", "right_arm", "chin", "head", "face", "trunk", "whole_body"}
SPEED = {"fast_fine", "slow_jerky", "unsure"}
TREND = {"new", "improving", "stable", "worsening"}
STATES = {"awake_calm", "crying_or_upset", "feeding", "drowsy", "asleep", "on_waking",
          "handling_or_noise", "cold_or_undressed", "hungry"}
EPISODE_YNU = {"rhythmic", "only_in_sleep", "stops_when_woken", "stops_with_gentle_hold",
               "provoked_by_stimulus", "stops_with_distraction", "comes_in_clusters",
               "one_side_only", "happening_now"}
EPISODE_NUM = {"typical_duration_s", "longest_duration_s", "episodes_per_day", "first_noticed_days_ago", "minutes_so_far"}
EPISODE_KEYS = EPISODE_YNU | EPISODE_NUM | {"body_parts", "speed", "trend", "states"}
FINDINGS = {
    # awareness and seizure signs
    "unresponsive_during_episode", "loss_of_consciousness", "eye_deviation_or_fixed_stare",
    "lip_smacking_or_chewing", "cycling_or_pedalling", "stiffening_whole_body", "stiffening_on_startle",
    "spasm_clusters", "looked_like_a_fit",
    # breathing and colour
    "breathing_pause", "blue_or_grey_color", "pale_or_mottled", "breathing_difficulty", "fast_breathing",
    # infection and general state
    "fever", "low_temperature", "hard_to_wake", "moves_only_when_stimulated", "floppy", "stiff_limbs",
    "poor_feeding", "not_feeding_at_all", "vomiting", "bulging_fontanelle",
    "high_pitched_or_inconsolable_cry", "non_blanching_rash", "neck_stiffness", "irritability",
    "sweating", "jaundice", "diarrhea", "poor_weight_gain",
    # dehydration
    "fewer_wet_diapers", "sunken_fontanelle", "dry_mouth", "no_tears", "sunken_eyes",
    # development and tone
    "loss_of_skills", "developmental_delay", "weakness", "not_using_one_side", "persistent_fisting",
    # injury and exposure
    "bruising", "head_injury", "possible_toxin_or_medicine_ingestion",
    # impact
    "interferes_with_feeding", "interferes_with_sleep", "interferes_with_activity",
}
VITAL_KEYS = {"temperature_c", "temperature_site", "breaths_per_min", "heart_rate_bpm", "wet_diapers_24h", "blood_glucose_mmol_l"}
TEMP_SITE = {"rectal", "axillary", "ear", "forehead"}
MOTION_KEYS = {"dominant_frequency_hz", "pattern"}
MOTION_PATTERN = {"tremor", "clonic", "irregular", "none"}
# plausible numeric ranges (spec gives age 0-1095 and GA 22-44; others are sanity limits)
RANGES = {
    "age_days": (0, 1095), "gestational_age_weeks": (22, 44), "birth_weight_g": (300, 6500),
    "typical_duration_s": (0, 7200), "longest_duration_s": (0, 7200), "episodes_per_day": (0, 500),
    "first_noticed_days_ago": (0, 1095), "minutes_so_far": (0, 600),
    "temperature_c": (30, 43), "breaths_per_min": (5, 150), "heart_rate_bpm": (30, 300),
    "wet_diapers_24h": (0, 30), "blood_glucose_mmol_l": (0, 40), "dominant_frequency_hz": (0, 30),
}
# words that would leak an urgency/answer into a case
LEAK = re.compile(r"\b(emergency|same[_ ]day|within[_ ]days|routine|home[_ ]care|disposition|expected|label|answer)\b", re.I)


def num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check_case(path, fname, problems):
    def p(msg):
        problems.append(f"{fname}: {msg}")
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except Exception as e:
        p(f"invalid JSON: {e}")
        return None
    if not isinstance(doc, dict):
        p("top level is not an object"); return None
    keys = set(doc)
    if keys != CASE_KEYS:
        p(f"case keys differ: missing {sorted(CASE_KEYS - keys)}, extra {sorted(keys - CASE_KEYS)}")
    if doc.get("id") != fname[:-5]:
        p(f"id {doc.get('id')!r} does not match file name")
    for k in ("title", "story", "source"):
        if not isinstance(doc.get(k), str) or not doc.get(k, "").strip():
            p(f"{k} must be a non-empty string")
    tags = doc.get("tags")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        p("tags must be a list of strings")
    for k in ("title", "story"):
        if isinstance(doc.get(k), str) and LEAK.search(doc[k]):
            p(f"{k} contains a word that may leak the answer: {LEAK.search(doc[k]).group(0)!r}")
    if isinstance(tags, list):
        for t in tags:
            if isinstance(t, str) and LEAK.search(t.replace("_", " ")):
                p(f"tag {t!r} may leak the answer")
    inp = doc.get("input")
    if not isinstance(inp, dict):
        p("input is not an object"); return doc
    extra = set(inp) - TOP_KEYS
    if extra: p(f"input has unknown keys {sorted(extra)}")
    if inp.get("schema") != "tremorwatch.assessment/1": p("schema must be tremorwatch.assessment/1")
    # infant
    inf = inp.get("infant")
    if not isinstance(inf, dict): p("infant missing or not an object")
    else:
        if set(inf) - INFANT_KEYS: p(f"infant unknown keys {sorted(set(inf) - INFANT_KEYS)}")
        if "age_days" not in inf: p("infant.age_days is required")
        for k in ("age_days", "gestational_age_weeks", "birth_weight_g"):
            if k in inf:
                if not num(inf[k]): p(f"infant.{k} not a number")
                elif not (RANGES[k][0] <= inf[k] <= RANGES[k][1]): p(f"infant.{k}={inf[k]} out of range {RANGES[k]}")
        if "sex" in inf and inf["sex"] not in SEX: p(f"infant.sex bad code {inf['sex']!r}")
        if "vitamin_k_at_birth" in inf and inf["vitamin_k_at_birth"] not in YNU: p("infant.vitamin_k_at_birth not yes/no/unsure")
        if "history" in inf:
            h = inf["history"]
            if not isinstance(h, list): p("infant.history not a list")
            else:
                bad = [x for x in h if x not in HISTORY]
                if bad: p(f"infant.history unknown codes {bad}")
                if len(set(h)) != len(h): p("infant.history duplicates")
    # episode
    ep = inp.get("episode")
    if ep is not None:
        if not isinstance(ep, dict): p("episode not an object")
        else:
            if set(ep) - EPISODE_KEYS: p(f"episode unknown keys {sorted(set(ep) - EPISODE_KEYS)}")
            for k in EPISODE_YNU & set(ep):
                if ep[k] not in YNU: p(f"episode.{k}={ep[k]!r} not yes/no/unsure")
            for k in EPISODE_NUM & set(ep):
                v = ep[k]
                if v is None and k == "minutes_so_far": continue
                if not num(v): p(f"episode.{k} not a number")
                elif not (RANGES[k][0] <= v <= RANGES[k][1]): p(f"episode.{k}={v} out of range")
            if "speed" in ep and ep["speed"] not in SPEED: p(f"episode.speed bad {ep['speed']!r}")
            if "trend" in ep and ep["trend"] not in TREND: p(f"episode.trend bad {ep['trend']!r}")
            for lk, allowed in (("body_parts", BODY_PARTS), ("states", STATES)):
                if lk in ep:
                    if not isinstance(ep[lk], list): p(f"episode.{lk} not a list")
                    else:
                        bad = [x for x in ep[lk] if x not in allowed]
                        if bad: p(f"episode.{lk} unknown codes {bad}")
                        if len(set(ep[lk])) != len(ep[lk]): p(f"episode.{lk} duplicates")
            if num(ep.get("minutes_so_far")) and ep.get("happening_now") != "yes":
                p("minutes_so_far given but happening_now is not yes")
            if ep.get("happening_now") == "yes" and not num(ep.get("minutes_so_far")):
                p("happening_now yes without minutes_so_far")
            if num(ep.get("typical_duration_s")) and num(ep.get("longest_duration_s")) and ep["longest_duration_s"] < ep["typical_duration_s"]:
                p("longest_duration_s < typical_duration_s")
    # findings
    fi = inp.get("findings")
    if fi is not None:
        if not isinstance(fi, list): p("findings not a list")
        else:
            bad = [x for x in fi if x not in FINDINGS]
            if bad: p(f"findings unknown codes {bad}")
            if len(set(fi)) != len(fi): p("findings duplicates")
    # vitals
    vi = inp.get("vitals")
    if vi is not None:
        if not isinstance(vi, dict): p("vitals not an object")
        else:
            if set(vi) - VITAL_KEYS: p(f"vitals unknown keys {sorted(set(vi) - VITAL_KEYS)}")
            for k in set(vi) & (VITAL_KEYS - {"temperature_site"}):
                if not num(vi[k]): p(f"vitals.{k} not a number")
                elif not (RANGES[k][0] <= vi[k] <= RANGES[k][1]): p(f"vitals.{k}={vi[k]} out of range")
            if "temperature_site" in vi and vi["temperature_site"] not in TEMP_SITE: p("vitals.temperature_site bad code")
            if "temperature_site" in vi and "temperature_c" not in vi: p("temperature_site without temperature_c")
    # motion
    mo = inp.get("motion")
    if mo is not None:
        if not isinstance(mo, dict): p("motion not an object")
        else:
            if set(mo) - MOTION_KEYS: p(f"motion unknown keys {sorted(set(mo) - MOTION_KEYS)}")
            if "pattern" in mo and mo["pattern"] not in MOTION_PATTERN: p("motion.pattern bad code")
            if "dominant_frequency_hz" in mo:
                v = mo["dominant_frequency_hz"]
                if not num(v) or not (0 <= v <= 30): p("motion.dominant_frequency_hz bad")
    return doc


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
    files = sorted(f for f in os.listdir(d) if f.endswith(".json"))
    problems = []
    docs = []
    for f in files:
        if not re.fullmatch(r"c\d{3}\.json", f):
            problems.append(f"{f}: unexpected file name")
        doc = check_case(os.path.join(d, f), f, problems)
        if doc: docs.append(doc)
    nums = sorted(int(f[1:4]) for f in files if re.fullmatch(r"c\d{3}\.json", f))
    if nums != list(range(1, len(nums) + 1)):
        problems.append("case numbering has gaps")
    titles = [x.get("title") for x in docs]
    if len(set(titles)) != len(titles): problems.append("duplicate titles")
    # coverage summary (descriptive only)
    ages = [x["input"]["infant"]["age_days"] for x in docs if isinstance(x.get("input"), dict) and "infant" in x["input"]]
    neon = sum(1 for a in ages if a <= 28)
    pre = sum(1 for x in docs if x["input"]["infant"].get("gestational_age_weeks", 40) < 37)
    uns = sum(1 for x in docs if "unsure" in json.dumps(x["input"]))
    now = sum(1 for x in docs if x["input"].get("episode", {}).get("happening_now") == "yes")
    mot = sum(1 for x in docs if "motion" in x["input"])
    vit = sum(1 for x in docs if "vitals" in x["input"])
    print(f"{len(files)} case files; ages {min(ages)}-{max(ages)} days; <=28 days: {neon}; preterm: {pre}; "
          f"with an 'unsure' answer: {uns}; happening now: {now}; with vitals: {vit}; with motion: {mot}")
    for pr in problems: print("PROBLEM:", pr)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
