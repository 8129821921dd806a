"""Turn a segment plan into joint-angle trajectories for both legs, scaled to target amplitudes."""
import numpy as np

from motion import JOINTS, bandnoise, clonic_wave, irregular_wave, ramp_env, tremor_wave, half_range

LEGS = ("left", "right")
SIDE = {"left": 1, "right": -1}


def base_pose(rng):
    pose = {}
    for leg in LEGS:
        pose[leg] = {
            "hip": np.radians(rng.uniform(25, 65)),
            "abd": np.radians(rng.uniform(12, 38)),
            "knee": np.radians(rng.uniform(35, 95)),
            "ankle": np.radians(rng.uniform(-10, 20)),
        }
    return pose


def synth(plan, fs, n, rng, measure, pose):
    """plan: list of dicts(kind, i0, i1, legs, target{leg: amp}, f / f_start,f_end / drift).

    measure(leg, ang) -> (N, d) trajectory used to define amplitude (toe px or accel m/s^2).
    Returns angles {leg: {joint: array n}}, and per-segment info (measured amplitude per leg,
    frequency, angular amplitude)."""
    ang = {leg: {j: np.full(n, pose[leg][j]) for j in JOINTS} for leg in LEGS}
    # slow postural variation between segments (only during movement segments)
    infos = []
    for seg in plan:
        i0, i1 = seg["i0"], seg["i1"]
        m = i1 - i0
        kind = seg["kind"]
        info = {"leg_amp": {}, "ang_amp": {}}
        if kind == "still" or m < 4:
            infos.append(info)
            continue
        waves = {}
        if kind == "tremor":
            f_mean = None
            for leg in seg["legs"]:
                w, f_mean = tremor_wave(m, fs, seg["f"], np.random.default_rng(rng.integers(1 << 31)), seg["drift"])
                waves[leg] = w
            info["f"] = f_mean
            ramp = 0.08
        elif kind == "clonic":
            jt = None
            sub = np.random.default_rng(rng.integers(1 << 31))
            for k, leg in enumerate(seg["legs"]):
                if jt is None:
                    w, jt, f_mean = clonic_wave(m, fs, seg["f_start"], seg["f_end"], sub)
                else:
                    lag = sub.uniform(0, 0.03)
                    w, _, _ = clonic_wave(m, fs, seg["f_start"], seg["f_end"], sub, jerk_times=jt + lag)
                waves[leg] = w
            info["f"] = f_mean
            ramp = 0.06
        else:
            for leg in seg["legs"]:
                waves[leg] = irregular_wave(m, fs, np.random.default_rng(rng.integers(1 << 31)))
            ramp = 0.2
        env = ramp_env(m, fs, ramp)
        for leg, w in waves.items():
            target = seg["target"][leg]
            base = {j: ang[leg][j][i0:i1].copy() for j in JOINTS}
            ref = measure(leg, base, i0)

            def amp_for(s):
                a = {j: base[j] + s * env * w[j] for j in JOINTS}
                return half_range(measure(leg, a, i0) - ref), a

            s = 0.1
            for _ in range(3):
                A, _a = amp_for(s)
                if A <= 1e-9:
                    break
                s = s * target / A
                s = min(s, 1.6)  # keep joint excursions physiological (< ~90 deg)
            A, a = amp_for(s)
            for j in JOINTS:
                ang[leg][j][i0:i1] = a[j]
            info["leg_amp"][leg] = A
            info["ang_amp"][leg] = float(np.degrees(half_range((s * env * w["knee"])[:, None])))
        infos.append(info)
    return ang, infos


def split_durations(kinds, total_n, fs, rng, min_s=2.5):
    """Random segment lengths (in samples) summing to total_n."""
    k = len(kinds)
    w = rng.uniform(0.7, 1.3, size=k)
    lens = np.floor(w / w.sum() * total_n).astype(int)
    lens[-1] = total_n - lens[:-1].sum()
    return lens
