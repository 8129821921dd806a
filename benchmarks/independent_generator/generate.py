#!/usr/bin/env python3
"""Independent synthetic benchmark of infant leg-movement videos and ankle accelerometer CSVs.

    python benchmarks/independent_generator/generate.py --out DIR --seed N --videos K --imus M [--jobs J]

Writes DIR/video/clip_NNN.{mp4,truth.json,tracks.npz} + index.json and
DIR/imu/imu_NNN.{csv,truth.json} + index.json (same layout and truth schema as the shared dev set).
"""
import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

FORMATS = {"L360": (640, 360, 30), "L720": (1280, 720, 30), "P640": (360, 640, 60), "P1280": (720, 1280, 60)}
BOTH = ["left", "right"]


def seg(rng, kind, dur, legs=None, amp=None, f=None, slowing=None, sf=1.0, imu=False):
    """One planned segment. amp: (lo, hi) target range (px at 360p-scale, or m/s^2 for imu)."""
    legs = list(legs or (BOTH if kind != "still" else []))
    s = dict(kind=kind, dur_s=float(dur), legs=legs)
    if kind == "still":
        s["target"] = {}
        return s
    if amp is None:
        amp = {"irregular": (25, 90), "tremor": (1.0, 10.0), "clonic": (5, 40)}[kind] if not imu else \
            {"irregular": (3, 12), "tremor": (0.1, 2.0), "clonic": (2, 15)}[kind]
    a = rng.uniform(*amp)
    s["target"] = {g: a * (sf if not imu else 1.0) * (rng.uniform(0.8, 1.2) if kind == "irregular" else rng.uniform(0.9, 1.1))
                   for g in legs}
    if kind == "tremor":
        s["f"] = float(f if f is not None else rng.uniform(4, 12))
        s["drift"] = float(rng.uniform(-0.06, 0.06))
    if kind == "clonic":
        f0 = float(f if f is not None else rng.uniform(0.8, 4.0))
        sl = float(slowing if slowing is not None else rng.uniform(0, 0.3))
        s["f_start"] = f0 * (1 + sl / 2)
        s["f_end"] = f0 * (1 - sl / 2)
    return s


def video_scenarios():
    """(scenario name, format, handheld, builder). The first ones cover every required case."""
    def kick_tremor(rng, sf):
        return [seg(rng, "still", rng.uniform(1.5, 4)), seg(rng, "irregular", rng.uniform(3, 6), amp=(50, 100), sf=sf),
                seg(rng, "tremor", rng.uniform(3, 6), amp=(1.0, 3.0), sf=sf)]

    def big_clonic(rng, sf):
        out = [seg(rng, "clonic", rng.uniform(5, 9), amp=(35, 70), sf=sf)]
        if rng.random() < 0.5:
            out.append(seg(rng, "tremor", rng.uniform(3, 5), sf=sf))
        if rng.random() < 0.5:
            out.insert(0, seg(rng, "still", rng.uniform(2, 4)))
        return out

    def tremor11(rng, sf, one_leg=False):
        legs = [str(rng.choice(BOTH))] if one_leg else BOTH
        return [seg(rng, "tremor", rng.uniform(4, 7), legs=legs, f=rng.uniform(10.5, 11.5), amp=(1.5, 5), sf=sf),
                seg(rng, "still", rng.uniform(3, 6)), seg(rng, "irregular", rng.uniform(2, 4), sf=sf)]

    def tremor_hh(rng, sf):
        return [seg(rng, "still", rng.uniform(2, 4)), seg(rng, "tremor", rng.uniform(5, 8), f=rng.uniform(6, 10), amp=(2, 6), sf=sf),
                seg(rng, "irregular", rng.uniform(3, 5), sf=sf)]

    def one_leg(rng, sf):
        return [seg(rng, "still", rng.uniform(2, 4)), seg(rng, "tremor", rng.uniform(5, 8), legs=[str(rng.choice(BOTH))], sf=sf),
                seg(rng, "still", rng.uniform(2, 4))]

    def still_only(rng, sf):
        return [seg(rng, "still", rng.uniform(10, 18))]

    def kicking_only(rng, sf):
        return [seg(rng, "irregular", rng.uniform(10, 18), amp=(20, 110), sf=sf)]

    def clonic_tremor(rng, sf):
        return [seg(rng, "clonic", rng.uniform(4, 7), sf=sf), seg(rng, "tremor", rng.uniform(4, 6), sf=sf)]

    def tremor_clonic(rng, sf):
        return [seg(rng, "tremor", rng.uniform(4, 6), sf=sf), seg(rng, "clonic", rng.uniform(4, 7), sf=sf)]

    def mixed(rng, sf):
        kinds = list(rng.permutation(["still", "irregular", "tremor", "clonic"]))[:int(rng.integers(3, 5))]
        return [seg(rng, k, rng.uniform(3, 6), sf=sf, legs=([str(rng.choice(BOTH))] if k == "tremor" and rng.random() < 0.3 else None))
                for k in kinds]

    return [
        ("kick_then_small_tremor", "L360", False, kick_tremor, {}),
        ("tripod_bilateral_large_clonic", "L360", False, big_clonic, {}),
        ("handheld_11hz_tremor", "L360", True, tremor11, {"hand_tremor_hz": (10.0, 12.0)}),
        ("portrait60_clonic_then_tremor", "P640", True, clonic_tremor, {}),
        ("720p_tremor_then_clonic", "L720", False, tremor_clonic, {}),
        ("one_leg_tremor", "L360", False, one_leg, {}),
        ("still_only_handheld", "L360", True, still_only, {}),
        ("kicking_only_handheld", "L360", True, kicking_only, {}),
        ("still_only_tripod_flicker", "L360", False, still_only, {"flicker": True}),
        ("kick_then_small_tremor", "P640", True, kick_tremor, {}),
        ("tripod_bilateral_large_clonic", "L720", False, big_clonic, {}),
        ("handheld_11hz_tremor_one_leg", "P640", True, lambda r, s: tremor11(r, s, True), {"hand_tremor_hz": (10.0, 12.0)}),
        ("handheld_tremor", "L720", True, tremor_hh, {}),
        ("one_leg_tremor_handheld", "P1280", True, one_leg, {}),
        ("still_only_hand_intrusion", "P640", True, still_only, {"hand_intrusions": 2}),
        ("kicking_only_tripod", "L720", False, kicking_only, {}),
        ("mixed", "L360", True, mixed, {}),
        ("clonic_then_tremor", "L360", False, clonic_tremor, {}),
        ("tremor_then_clonic", "P1280", False, tremor_clonic, {}),
        ("tripod_bilateral_large_clonic", "P640", False, big_clonic, {"body_scale": 0.85}),
        ("kick_then_small_tremor", "L720", True, kick_tremor, {}),
        ("still_only_exposure_steps", "L720", False, still_only, {"exposure_steps": 3}),
        ("kicking_only_portrait", "P640", False, kicking_only, {}),
        ("mixed", "L360", False, mixed, {"flicker": True}),
    ]


def video_spec(i, rng):
    scen = video_scenarios()
    name_s, fmt, hh, build, extra = scen[i % len(scen)]
    W, H, fps = FORMATS[fmt]
    sf = min(W, H) / 360.0
    segs = build(rng, sf)
    maxd = 12.0 if fmt == "P1280" else 30.0
    tot = sum(s["dur_s"] for s in segs)
    if tot < 8:
        for s in segs:
            s["dur_s"] *= 8.0 / tot
    elif tot > maxd:
        for s in segs:
            s["dur_s"] *= maxd / tot
    for s in segs:
        s["n_frames"] = max(int(round(s["dur_s"] * fps)), 2)
    cam = dict(handheld=hh)
    if hh and "hand_tremor_hz" in extra:
        cam["hand_tremor_hz"] = float(rng.uniform(*extra["hand_tremor_hz"]))
        cam["hand_tremor_amp_px"] = float(rng.uniform(1.0, 3.0) * sf)
    elif hh:
        cam["hand_tremor_amp_px"] = float(rng.uniform(0.5, 3.0) * sf)
    low = rng.random() < 0.4  # messaging-app recompression
    kbps = (rng.uniform(400, 1500) if low else rng.uniform(1500, 4000)) * (W * H) / (640 * 360) ** 1.0
    kbps = min(kbps, 12000) if not low else min(kbps, 3000)
    nu = dict(flicker=extra.get("flicker", rng.random() < 0.2),
              hand_intrusions=extra.get("hand_intrusions", int(rng.random() < 0.2)),
              exposure_steps=extra.get("exposure_steps", int(rng.integers(0, 3))),
              motion_blur=bool(rng.random() < 0.3 and W * H <= 640 * 360))
    spec = dict(name="clip_%03d" % i, scenario=name_s, width=W, height=H, fps=fps, segments=segs, camera=cam,
                nuisances=nu, bitrate_kbps=float(kbps))
    if "body_scale" in extra:
        spec["body_scale"] = extra["body_scale"]
    return spec


def imu_spec(i, rng):
    S = lambda *a, **k: seg(rng, *a, imu=True, **k)
    B = [
        ("kick_then_small_tremor", lambda: [S("irregular", rng.uniform(3, 6), amp=(6, 14)), S("tremor", rng.uniform(3, 6), amp=(0.1, 0.6))], {}),
        ("clonic_then_tremor", lambda: [S("clonic", rng.uniform(4, 7)), S("tremor", rng.uniform(4, 6))], {}),
        ("tremor_then_clonic", lambda: [S("still", rng.uniform(2, 4)), S("tremor", rng.uniform(4, 6)), S("clonic", rng.uniform(4, 7))], {}),
        ("still_rocking", lambda: [S("still", rng.uniform(12, 20))], {"rocking": True}),
        ("still_then_kicking_handling", lambda: [S("still", rng.uniform(4, 7)), S("irregular", rng.uniform(5, 9))], {"handling_bursts": 2}),
        ("kicking_only_rocking", lambda: [S("irregular", rng.uniform(10, 18))], {"rocking": True}),
        ("clonic_saturating_2g", lambda: [S("still", rng.uniform(2, 4)), S("clonic", rng.uniform(5, 8), amp=(8, 18))], {"range_g": 2.0}),
        ("one_leg_tremor", lambda: [S("tremor", rng.uniform(5, 8), legs=["__sensor__"]), S("still", rng.uniform(3, 6))], {}),
        ("still_gaps_spikes", lambda: [S("still", rng.uniform(10, 16))], {"gaps": 2, "spikes": 3}),
        ("clonic_irregular_tremor", lambda: [S("clonic", rng.uniform(4, 6)), S("irregular", rng.uniform(3, 5)), S("tremor", rng.uniform(3, 5))], {"gaps": 1}),
        ("tremor_11hz_50Hz_sampling", lambda: [S("still", rng.uniform(2, 4)), S("tremor", rng.uniform(5, 8), f=rng.uniform(10.5, 11.5))], {"fs": 50.0}),
        ("mixed", lambda: [S(k, rng.uniform(3, 6)) for k in rng.permutation(["still", "irregular", "tremor", "clonic"])], {"rocking": True, "handling_bursts": 1}),
    ]
    name_s, build, extra = B[i % len(B)]
    leg = str(rng.choice(BOTH))
    segs = build()
    for s in segs:
        if s["legs"] == ["__sensor__"]:
            s["legs"] = [leg]
            s["target"] = {leg: list(s["target"].values())[0]}
        elif s["kind"] != "still" and leg not in s["legs"]:
            s["legs"].append(leg)
    tot = sum(s["dur_s"] for s in segs)
    if tot < 8:
        for s in segs:
            s["dur_s"] *= 8.0 / tot
    dur = sum(s["dur_s"] for s in segs)
    fs = extra.get("fs", float(rng.choice([50.0, 52.0, 100.0, 104.0, 128.0, 200.0])))
    rg = extra.get("range_g", float(rng.choice([2.0, 4.0, 4.0, 8.0, 16.0])))
    nu = dict(handling_bursts=extra.get("handling_bursts", int(rng.random() < 0.3)), gaps=extra.get("gaps", int(rng.random() < 0.4)),
              spikes=extra.get("spikes", int(rng.integers(0, 3))))
    if extra.get("rocking") or rng.random() < 0.15:
        a = rng.uniform(0, dur * 0.4)
        nu["rocking"] = (float(a), float(min(dur, a + rng.uniform(4, 10))))
    return dict(name="imu_%03d" % i, scenario=name_s, sample_rate_hz=fs, duration_s=dur, segments=segs, sensor_leg=leg,
                range_g=rg, nuisances=nu)


def _video_job(args):
    i, seed, out = args
    import cv2
    cv2.setNumThreads(1)
    from video import render_clip
    rng = np.random.default_rng([seed, 1, i])
    spec = video_spec(i, rng)
    truth, nbytes, sec = render_clip(spec, out, rng)
    return dict(name=truth["name"], file=truth["file"], truth=truth["name"] + ".truth.json", scenario=truth["scenario"],
                fps=truth["fps"], width=truth["width"], height=truth["height"], duration_s=truth["duration_s"],
                kinds=[s["kind"] for s in truth["segments"]], handheld=truth["nuisances"]["camera"]["handheld"],
                bytes=nbytes, seconds=round(sec, 2))


def _imu_job(args):
    i, seed, out = args
    from imu import synth_imu
    rng = np.random.default_rng([seed, 2, i])
    spec = imu_spec(i, rng)
    truth, nbytes = synth_imu(spec, out, rng)
    return dict(name=truth["name"], file=truth["file"], truth=truth["name"] + ".truth.json", scenario=truth["scenario"],
                sample_rate_hz=truth["sample_rate_hz"], duration_s=truth["duration_s"],
                kinds=[s["kind"] for s in truth["segments"]], bytes=nbytes)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--videos", type=int, default=24)
    ap.add_argument("--imus", type=int, default=12)
    ap.add_argument("--jobs", type=int, default=2, help="parallel worker processes (default 2)")
    a = ap.parse_args()
    vdir, idir = os.path.join(a.out, "video"), os.path.join(a.out, "imu")
    t0 = time.time()
    run = (lambda f, xs: [f(x) for x in xs]) if a.jobs <= 1 else None
    pool = ProcessPoolExecutor(a.jobs) if a.jobs > 1 else None
    mapper = pool.map if pool else run
    vids, imus = [], []
    if a.videos:
        os.makedirs(vdir, exist_ok=True)
        for r in mapper(_video_job, [(i, a.seed, vdir) for i in range(a.videos)]):
            vids.append(r)
            print("video %s %dx%d@%d %.1fs %s %.1fs" % (r["name"], r["width"], r["height"], r["fps"], r["duration_s"],
                                                       "/".join(r["kinds"]), r["seconds"]), flush=True)
        with open(os.path.join(vdir, "index.json"), "w") as fh:
            json.dump(dict(generator="independent_generator", generator_version="1.0", seed=a.seed, n_clips=len(vids),
                           total_duration_s=round(sum(v["duration_s"] for v in vids), 3),
                           total_bytes=sum(v["bytes"] for v in vids), clips=vids), fh, indent=1)
    if a.imus:
        os.makedirs(idir, exist_ok=True)
        for r in mapper(_imu_job, [(i, a.seed, idir) for i in range(a.imus)]):
            imus.append(r)
            print("imu %s %.0fHz %.1fs %s" % (r["name"], r["sample_rate_hz"], r["duration_s"], "/".join(r["kinds"])), flush=True)
        with open(os.path.join(idir, "index.json"), "w") as fh:
            json.dump(dict(generator="independent_generator", generator_version="1.0", seed=a.seed, n_recordings=len(imus),
                           total_duration_s=round(sum(v["duration_s"] for v in imus), 3), recordings=imus), fh, indent=1)
    if pool:
        pool.shutdown()
    print("done in %.1fs -> %s" % (time.time() - t0, a.out))


if __name__ == "__main__":
    main()
