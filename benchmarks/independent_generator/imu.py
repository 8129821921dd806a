"""Synthesize one ankle-worn 3-axis accelerometer recording (CSV) and its truth."""
import json
import os

import numpy as np

from motion import bandnoise, leg_points, half_range
from plan import LEGS, SIDE, base_pose, synth

G = 9.80665
FI = 1000.0  # internal simulation rate
AMP_DEF = "half the 1st-99th percentile range (main axis) of the acceleration added by the segment's motion, m/s^2"


def rotz(a):
    c, s = np.cos(a), np.sin(a)
    z, o = np.zeros_like(a), np.ones_like(a)
    return np.stack([np.stack([c, -s, z], -1), np.stack([s, c, z], -1), np.stack([z, z, o], -1)], -2)


def roty(a):
    c, s = np.cos(a), np.sin(a)
    z, o = np.zeros_like(a), np.ones_like(a)
    return np.stack([np.stack([c, z, s], -1), np.stack([z, o, z], -1), np.stack([-s, z, c], -1)], -2)


def rotx(a):
    c, s = np.cos(a), np.sin(a)
    z, o = np.zeros_like(a), np.ones_like(a)
    return np.stack([np.stack([o, z, z], -1), np.stack([z, c, -s], -1), np.stack([z, s, c], -1)], -2)


def random_rotation(rng):
    q = rng.normal(size=4)
    q /= np.linalg.norm(q)
    w, x, y, z = q
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


def specific_force(pos, R, fs):
    """pos (N,3) world m, R (N,3,3) sensor->world; returns (N,3) sensor-frame specific force."""
    acc = np.gradient(np.gradient(pos, 1 / fs, axis=0), 1 / fs, axis=0)
    f = acc + np.array([0, 0, G])
    return np.einsum("nji,nj->ni", R, f)


def sensor_kin(ang, leg, geom, mount, body_R=None, body_T=None, frac=0.85):
    P = leg_points(ang, SIDE[leg], geom)
    pos = P["knee"] + frac * (P["ankle"] - P["knee"])
    Rs = rotz(P["abd"]) @ roty(-P["shin_pitch"])
    R = Rs @ mount
    if body_R is not None:
        pos = np.einsum("nij,nj->ni", body_R, pos) + body_T
        R = body_R @ R
    return pos, R


def synth_imu(spec, out_dir, rng):
    name, fs = spec["name"], float(spec["sample_rate_hz"])
    dur = float(spec["duration_s"])
    n = int(round(dur * FI))
    t = np.arange(n) / FI
    leg = spec["sensor_leg"]
    geom = dict(thigh=rng.uniform(0.085, 0.115), shin=rng.uniform(0.085, 0.115), foot=0.06, hip_w=0.045)
    mount = random_rotation(rng)
    pose = base_pose(rng)
    plan, i = [], 0
    for s in spec["segments"]:
        m = int(round(s["dur_s"] * FI))
        plan.append(dict(s, i0=i, i1=i + m))
        i += m
    plan[-1]["i1"] = n

    def measure(lg, ang, i0):
        pos, R = sensor_kin(ang, lg, geom, mount)
        return specific_force(pos, R, FI)

    ang, infos = synth(plan, FI, n, rng, measure, pose)

    # whole-body motion: rocking and handling bursts
    nu = spec["nuisances"]
    roll = np.zeros(n); pitch = np.zeros(n); yaw = np.zeros(n)
    T = np.zeros((n, 3))
    rock = None
    if nu.get("rocking"):
        r0, r1 = nu["rocking"]
        fr = rng.uniform(0.5, 1.0)
        m = (t >= r0) & (t < r1)
        env = np.zeros(n)
        env[m] = 1
        env = np.convolve(env, np.ones(500) / 500, mode="same")
        ph = 2 * np.pi * fr * t + rng.uniform(0, 6.28)
        A = rng.uniform(0.02, 0.07)
        T[:, 0] += env * A * np.sin(ph)
        T[:, 2] += env * A * 0.3 * np.sin(2 * ph)
        roll += env * np.radians(rng.uniform(3, 12)) * np.sin(ph + 0.3)
        rock = dict(start_s=round(r0, 3), end_s=round(r1, 3), frequency_hz=round(fr, 4))
    bursts = []
    for _ in range(nu.get("handling_bursts", 0)):
        d = rng.uniform(0.5, 2.0)
        t0 = rng.uniform(0.2, max(0.3, dur - d - 0.2))
        m = (t >= t0) & (t < t0 + d)
        env = np.zeros(n)
        env[m] = np.sin(np.pi * (t[m] - t0) / d)
        for ax in range(3):
            T[:, ax] += env * rng.uniform(0.005, 0.02) * bandnoise(n, FI, 0.5, 8.0, rng)
        step = np.clip((t - t0) / d, 0, 1)
        pitch += np.radians(rng.uniform(-25, 25)) * step + env * np.radians(10) * bandnoise(n, FI, 0.5, 4, rng)
        yaw += np.radians(rng.uniform(-25, 25)) * step
        bursts.append(dict(start_s=round(t0, 3), end_s=round(t0 + d, 3)))
    body_R = rotz(yaw) @ roty(pitch) @ rotx(roll)
    pos, R = sensor_kin(ang[leg], leg, geom, mount, body_R, T)
    f = specific_force(pos, R, FI)
    if rock:
        pos0, R0 = sensor_kin(ang[leg], leg, geom, mount)
        f0 = specific_force(pos0, R0, FI)
        mm = (t >= rock["start_s"]) & (t < rock["end_s"])
        rock["amplitude_ms2"] = round(half_range((f - f0)[mm]), 3)
    # anti-alias low-pass at 0.4 fs, then sample at jittered times
    F = np.fft.rfft(f, axis=0)
    fr_ = np.fft.rfftfreq(n, 1 / FI)
    F[fr_ > 0.4 * fs] = 0
    f = np.fft.irfft(F, n, axis=0)
    ns = int(np.floor(dur * fs))
    jit = spec.get("jitter_sd", rng.choice([0.0, rng.uniform(0.0005, 0.002)]))
    ts = np.arange(ns) / fs + rng.uniform(0, 0.5 / fs) + (rng.normal(0, jit, ns) if jit > 0 else 0)
    ts = np.sort(np.clip(ts, 0, dur - 1e-4))
    x = np.stack([np.interp(ts, t, f[:, a]) for a in range(3)], 1)
    scale = rng.normal(0, 0.015, 3)
    bias = rng.normal(0, 0.15, 3)
    noise_sd = rng.uniform(0.01, 0.08)
    x = x * (1 + scale) + bias + rng.normal(0, noise_sd, x.shape)
    spikes = []
    for _ in range(nu.get("spikes", 0)):
        k = int(rng.integers(ns))
        a = int(rng.integers(3))
        d = float(rng.choice([-1, 1]) * rng.uniform(15, 60))
        x[k, a] += d
        spikes.append(dict(t_s=round(float(ts[k]), 5), axis="xyz"[a], delta_ms2=round(d, 2)))
    rg = float(spec["range_g"])
    bits = int(rng.choice([10, 12, 14, 16]))
    lsb = 2 * rg * G / 2 ** bits
    sat = int(np.sum(np.abs(x) > rg * G))
    x = np.clip(x, -rg * G, rg * G)
    x = np.round(x / lsb) * lsb
    keep = np.ones(ns, bool)
    gaps = []
    for _ in range(nu.get("gaps", 0)):
        d = rng.uniform(0.1, 2.5)
        g0 = rng.uniform(0.5, max(0.6, dur - d - 0.5))
        keep &= ~((ts >= g0) & (ts < g0 + d))
        gaps.append(dict(start_s=round(g0, 3), end_s=round(g0 + d, 3)))
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, name + ".csv"), "w") as fh:
        fh.write("time_s,ax,ay,az\n")
        for tt, row in zip(ts[keep], x[keep]):
            fh.write("%.5f,%.4f,%.4f,%.4f\n" % (tt, row[0], row[1], row[2]))
    segs = []
    for s, info in zip(plan, infos):
        row = dict(start_s=round(s["i0"] / FI, 4), end_s=round(s["i1"] / FI, 4), kind=s["kind"], frequency_hz=None)
        if s["kind"] == "still":
            row.update(amplitude_ms2=0.0, legs=[])
        else:
            row.update(amplitude_ms2=round(float(info["leg_amp"].get(leg, 0.0)), 3), legs=list(s["legs"]))
            if s["kind"] == "tremor":
                row.update(frequency_hz=round(info["f"], 4), frequency_drift=round(float(s["drift"]), 4))
            elif s["kind"] == "clonic":
                row.update(frequency_hz=round(info["f"], 4), frequency_start_hz=round(s["f_start"], 4),
                           frequency_end_hz=round(s["f_end"], 4), slowing=round(1 - s["f_end"] / s["f_start"], 4))
            if leg in info["ang_amp"]:
                row["angular_amplitude_deg"] = round(info["ang_amp"][leg], 3)
        segs.append(row)
    truth = dict(name=name, file=name + ".csv", generator="independent_generator", generator_version="1.0",
                 scenario=spec["scenario"], sample_rate_hz=fs, n_samples=int(keep.sum()), duration_s=round(dur, 4),
                 segments=segs,
                 sensor=dict(leg=leg, shank_length_m=round(geom["shin"], 4), thigh_length_m=round(geom["thigh"], 4),
                             mounting_rotation=[[round(float(v), 5) for v in r] for r in mount]),
                 nuisances=dict(handling_bursts=bursts, rocking=rock, noise_sd_ms2=round(noise_sd, 4),
                                bias_ms2=[round(float(v), 4) for v in bias], scale_error=[round(float(v), 4) for v in scale],
                                range_g=rg, lsb_ms2=round(lsb, 6), timestamp_jitter_sd_s=round(float(jit), 5), gaps=gaps,
                                spikes=spikes, saturated_samples=sat),
                 amplitude_definition=AMP_DEF)
    with open(os.path.join(out_dir, name + ".truth.json"), "w") as fh:
        json.dump(truth, fh, indent=1)
    return truth, os.path.getsize(os.path.join(out_dir, name + ".csv"))
