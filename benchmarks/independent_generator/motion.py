"""Leg-movement model shared by the video and accelerometer generators.

Each leg is a 3-joint chain (hip flexion + abduction, knee flexion, ankle flexion) in the
infant's body frame: x from the hips towards the feet, y to the infant's left, z up (towards an
overhead camera). Segments add a per-kind movement waveform to a resting posture.
"""
import numpy as np

JOINTS = ("hip", "abd", "knee", "ankle")


def bandnoise(n, fs, f_lo, f_hi, rng, slope=0.0):
    """Unit-RMS noise with a flat (or 1/f**slope) spectrum between f_lo and f_hi."""
    if n < 4:
        return np.zeros(n)
    spec = rng.normal(size=n // 2 + 1) + 1j * rng.normal(size=n // 2 + 1)
    f = np.fft.rfftfreq(n, 1.0 / fs)
    w = ((f >= f_lo) & (f <= f_hi)).astype(float)
    # soft edges
    w += np.exp(-0.5 * ((f - f_lo) / (0.15 * f_lo + 1e-9)) ** 2) * (f < f_lo)
    w += np.exp(-0.5 * ((f - f_hi) / (0.15 * f_hi + 1e-9)) ** 2) * (f > f_hi)
    if slope:
        w *= 1.0 / np.maximum(f, f_lo) ** slope
    x = np.fft.irfft(spec * w, n)
    s = x.std()
    return x / s if s > 0 else x


def ramp_env(n, fs, ramp_s):
    """1 inside, raised-cosine ramps of ramp_s at both ends (inside the segment)."""
    e = np.ones(n)
    k = int(round(ramp_s * fs))
    k = min(k, n // 3)
    if k > 0:
        r = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, k))
        e[:k] = r
        e[n - k:] = r[::-1]
    return e


def tremor_wave(n, fs, f0, rng, drift):
    t = np.arange(n) / fs
    T = max(n / fs, 1e-6)
    f = f0 * (1.0 + drift * (t / T - 0.5))
    f = f * (1.0 + 0.01 * bandnoise(n, fs, 0.1, 0.8, rng))  # small wander
    ph = 2 * np.pi * np.cumsum(f) / fs + rng.uniform(0, 2 * np.pi)
    am = 1.0 + 0.12 * bandnoise(n, fs, 0.1, 1.0, rng)
    h2 = rng.uniform(0.0, 0.08)
    base = np.sin(ph) + h2 * np.sin(2 * ph + rng.uniform(0, 6.28))
    # knee and ankle nearly in phase, hip smaller
    lag = rng.uniform(-0.4, 0.4)
    return {
        "hip": 0.35 * am * np.sin(ph + lag),
        "abd": 0.15 * am * np.sin(ph + 2 * lag),
        "knee": am * base,
        "ankle": 0.8 * am * np.sin(ph - lag),
    }, float(np.mean(f))


def clonic_cycle(phi, c, k):
    """One jerk: fast flexion over fraction c of the period, slower exponential relaxation."""
    up = np.sin(0.5 * np.pi * np.clip(phi / c, 0, 1)) ** 2
    x = np.clip((phi - c) / (1 - c), 0, 1)
    down = (np.exp(-k * x) - np.exp(-k)) / (1 - np.exp(-k))
    return np.where(phi < c, up, down)


def clonic_wave(n, fs, f_start, f_end, rng, jerk_times=None):
    t = np.arange(n) / fs
    T = max(n / fs, 1e-6)
    f = f_start + (f_end - f_start) * t / T
    # jerk onsets: integrate frequency, small timing jitter per jerk
    if jerk_times is None:
        cyc = np.cumsum(f) / fs + rng.uniform(0, 0.3)
        onsets = []
        k = 0
        while True:
            idx = np.searchsorted(cyc, k)
            if idx >= n:
                break
            onsets.append(t[idx] + rng.normal(0, 0.025 / max(f[idx], 0.5)))
            k += 1
        jerk_times = np.array(onsets)
    c = rng.uniform(0.12, 0.25)
    kk = rng.uniform(3.0, 5.5)
    w = np.zeros(n)
    amps = 1.0 + 0.15 * rng.normal(size=len(jerk_times))
    for j, t0 in enumerate(jerk_times):
        t1 = jerk_times[j + 1] if j + 1 < len(jerk_times) else t0 + 1.0 / f[-1]
        per = max(t1 - t0, 0.05)
        m = (t >= t0) & (t < t1)
        w[m] = amps[j] * clonic_cycle((t[m] - t0) / per, c, kk)
    w -= w.mean()
    return {"hip": w, "abd": 0.2 * w, "knee": 0.9 * w, "ankle": 0.4 * w}, jerk_times, float(np.mean(f))


def irregular_wave(n, fs, rng):
    t = np.arange(n) / fs
    out = {}
    for j in JOINTS:
        out[j] = bandnoise(n, fs, 0.3, 2.0, rng, slope=0.7)
    # discrete kicks: extension/flexion strokes at Poisson times with random durations
    T = n / fs
    nk = rng.poisson(max(T * rng.uniform(0.5, 1.3), 1))
    kick = np.zeros(n)
    for _ in range(nk):
        t0 = rng.uniform(0, T)
        d = rng.uniform(0.3, 1.1)
        a = rng.choice([-1, 1]) * rng.uniform(0.6, 1.6)
        m = (t >= t0) & (t < t0 + d)
        kick[m] += a * np.sin(np.pi * (t[m] - t0) / d) ** 2
    out["hip"] = out["hip"] + 1.2 * kick
    out["knee"] = out["knee"] + 1.4 * kick
    out["ankle"] = 0.6 * out["ankle"]
    out["abd"] = 0.6 * out["abd"]
    return out


def leg_points(ang, side, geom):
    """Joint angles (dict of arrays, rad) -> 3D hip, knee, ankle, toe and heel (N,3) in body frame.

    side +1 = left (y > 0), -1 = right. geom: thigh, shin, foot lengths and hip half-width."""
    n = len(ang["hip"])
    hip = np.zeros((n, 3))
    hip[:, 1] = side * geom["hip_w"]
    a = side * ang["abd"]
    ca, sa = np.cos(a), np.sin(a)

    def dirv(pitch):
        cp, sp = np.cos(pitch), np.sin(pitch)
        return np.stack([cp * ca, cp * sa, sp], axis=1)

    p_t = ang["hip"]
    p_s = ang["hip"] - ang["knee"]
    p_f = p_s + np.pi / 2 - ang["ankle"]
    knee = hip + geom["thigh"] * dirv(p_t)
    ankle = knee + geom["shin"] * dirv(p_s)
    toe = ankle + geom["foot"] * dirv(p_f)
    heel = ankle - 0.25 * geom["foot"] * dirv(p_f)
    return dict(hip=hip, knee=knee, ankle=ankle, toe=toe, heel=heel, shin_pitch=p_s, abd=a)


def half_range(xy):
    """Half the 1st-99th percentile range of a 2D/3D trajectory along its main axis."""
    d = xy - xy.mean(axis=0)
    if len(d) < 3:
        return 0.0
    u, s, vt = np.linalg.svd(d, full_matrices=False)
    p = d @ vt[0]
    lo, hi = np.percentile(p, [1, 99])
    return float(0.5 * (hi - lo))
