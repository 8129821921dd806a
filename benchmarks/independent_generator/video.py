"""Render one synthetic infant clip (mp4 via PyAV) and its truth."""
import json
import os
import time

import av
import cv2
import numpy as np

from motion import bandnoise, leg_points, half_range
from plan import LEGS, SIDE, base_pose, synth
from textures import background, rand_color, value_noise

SUB = 3  # trajectory samples per frame (used for motion blur)
AMP_DEF = ("half the 1st-99th percentile range of the toe tip displacement along its main axis "
           "added by the segment's own movement, output px, before camera motion")


def _pt(p):
    return (int(round(p[0] * 16)), int(round(p[1] * 16)))


def _cap(img, a, b, w, col):
    cv2.line(img, _pt(a), _pt(b), col, max(1, int(round(w))), cv2.LINE_AA, 4)


class Figure:
    def __init__(self, rng, W, H, margin, L, beta, tilt):
        self.L = L
        self.u = np.array([np.cos(beta), np.sin(beta)])
        mirror = rng.choice([-1, 1])
        self.v = mirror * np.array([-np.sin(beta), np.cos(beta)])
        self.tv = tilt  # image shift per unit height (angled view)
        # place hips so that the whole figure is roughly centred in the frame
        centre = np.array([W / 2 + margin, H / 2 + margin]) + rng.uniform(-0.06, 0.06, 2) * [W, H]
        self.hipc = centre + 0.12 * L * self.u
        self.geom = dict(thigh=0.17 * L, shin=0.16 * L, foot=0.075 * L, hip_w=0.065 * L)
        self.w_thigh, self.w_shin, self.w_foot = 0.085 * L, 0.065 * L, 0.045 * L
        self.skin = np.float32([rng.uniform(120, 200), rng.uniform(150, 200), rng.uniform(190, 240)])
        self.skin *= rng.uniform(0.55, 1.0)
        self.cloth = rand_color(rng, (0.1, 0.7), (90, 230))
        self.cloth2 = rand_color(rng, (0.1, 0.8), (60, 240))
        self.cloth_style = str(rng.choice(["stripes", "dots", "plain", "stripes"]))
        self.stripe_p = rng.uniform(0.025, 0.05) * L
        self.socks = bool(rng.random() < 0.4)
        self.sock = rand_color(rng, (0.0, 0.6), (100, 250))
        self.hair = np.float32([30, 45, 60]) * rng.uniform(0.5, 2.0)
        self.dots = rng.uniform([-0.34, -0.1], [-0.05, 0.1], size=(int(rng.integers(4, 9)), 2))
        self.arm = {s: dict(sh=np.radians(rng.uniform(30, 80)), el=np.radians(rng.uniform(30, 110))) for s in (1, -1)}

    def proj(self, p3, off=None):
        """body frame (…,3) -> canvas px (…,2)."""
        base = self.hipc if off is None else self.hipc + off
        return base + p3[..., :1] * self.u + p3[..., 1:2] * self.v + p3[..., 2:3] * self.tv

    def col(self, c, shade=1.0):
        c = np.clip(c * shade, 0, 255)
        return (float(c[0]), float(c[1]), float(c[2]))

    def draw_limb(self, img, a, b, w, col, dark, striped):
        _cap(img, a, b, w + 2, dark)
        _cap(img, a, b, w, col)
        if striped:
            d = b - a
            ln = np.hypot(*d)
            if ln < 2:
                return
            t = d / ln
            nrm = np.array([-t[1], t[0]])
            if self.cloth_style == "stripes":
                k = np.arange(self.stripe_p * 0.5, ln, self.stripe_p)
                for s in k:
                    c = a + t * s
                    _cap(img, c - nrm * (w / 2 - 1.5), c + nrm * (w / 2 - 1.5), max(1.0, self.stripe_p * 0.35), self.col(self.cloth2))
            elif self.cloth_style == "dots":
                k = np.arange(self.stripe_p * 0.7, ln, self.stripe_p * 1.4)
                for i, s in enumerate(k):
                    c = a + t * s + nrm * (w * 0.22 * (1 if i % 2 else -1))
                    cv2.circle(img, _pt(c), int(max(1, self.stripe_p * 0.25) * 16), self.col(self.cloth2), -1, cv2.LINE_AA, 4)

    def draw(self, img, legs3, k, breath, arm_off):
        L = self.L
        off = breath * self.u
        dark_c = self.col(self.cloth, 0.55)
        dark_s = self.col(self.skin, 0.6)
        # legs: farther (lower z) first
        order = sorted(LEGS, key=lambda g: legs3[g]["knee"][k, 2])
        for g in order:
            P = {n: self.proj(legs3[g][n][k], off) for n in ("hip", "knee", "ankle", "toe", "heel")}
            foot_col = self.sock if self.socks else self.skin
            _cap(img, P["heel"], P["toe"], self.w_foot + 2, self.col(foot_col, 0.6))
            _cap(img, P["heel"], P["toe"], self.w_foot, self.col(foot_col))
            self.draw_limb(img, P["knee"], P["ankle"], self.w_shin, self.col(self.cloth), dark_c, True)
            self.draw_limb(img, P["hip"], P["knee"], self.w_thigh, self.col(self.cloth), dark_c, True)
            # toes
            tdir = P["toe"] - P["heel"]
            nrm = np.array([-tdir[1], tdir[0]]) / (np.hypot(*tdir) + 1e-6)
            for j in (-1, 0, 1):
                cv2.circle(img, _pt(P["toe"] + nrm * j * self.w_foot * 0.28), int(self.w_foot * 0.18 * 16) + 8,
                           self.col(foot_col, 0.85), -1, cv2.LINE_AA, 4)
        # torso
        sc = 1.0 + 0.015 * breath
        tc = self.hipc + off - 0.19 * L * self.u
        ang = np.degrees(np.arctan2(self.u[1], self.u[0]))
        axes = (int(0.21 * L * 16), int(0.125 * L * sc * 16))
        cv2.ellipse(img, _pt(tc), (axes[0] + 24, axes[1] + 24), ang, 0, 360, dark_c, -1, cv2.LINE_AA, 4)
        cv2.ellipse(img, _pt(tc), axes, ang, 0, 360, self.col(self.cloth), -1, cv2.LINE_AA, 4)
        for d in self.dots:
            p = self.hipc + off + d[0] * L * self.u + d[1] * L * self.v
            cv2.circle(img, _pt(p), int(0.018 * L * 16), self.col(self.cloth2), -1, cv2.LINE_AA, 4)
        # arms
        for s in (1, -1):
            sh = self.hipc + off - 0.34 * L * self.u + s * 0.11 * L * self.v
            a1 = self.arm[s]["sh"] + arm_off[s][0]
            a2 = a1 + self.arm[s]["el"] + arm_off[s][1]
            d1 = np.cos(a1) * self.u + np.sin(a1) * s * self.v
            el = sh + 0.12 * L * d1
            d2 = np.cos(a2) * self.u * -1 + np.sin(a2) * s * self.v
            hd = el + 0.11 * L * d2
            self.draw_limb(img, sh, el, 0.06 * L, self.col(self.cloth), dark_c, False)
            _cap(img, el, hd, 0.05 * L + 2, dark_s)
            _cap(img, el, hd, 0.05 * L, self.col(self.skin))
            cv2.circle(img, _pt(hd), int(0.035 * L * 16), self.col(self.skin, 0.95), -1, cv2.LINE_AA, 4)
        # head
        hc = self.hipc + off - 0.5 * L * self.u
        r = 0.125 * L
        cv2.circle(img, _pt(hc), int((r + 1.5) * 16), dark_s, -1, cv2.LINE_AA, 4)
        cv2.circle(img, _pt(hc), int(r * 16), self.col(self.skin), -1, cv2.LINE_AA, 4)
        cv2.ellipse(img, _pt(hc - 0.35 * r * self.u), (int(r * 0.85 * 16), int(r * 0.75 * 16)), ang + 90, 180, 360,
                    self.col(self.hair), -1, cv2.LINE_AA, 4)
        for s in (1, -1):
            cv2.circle(img, _pt(hc + 0.15 * r * self.u + s * 0.35 * r * self.v), int(0.08 * r * 16) + 8, (30, 30, 40), -1, cv2.LINE_AA, 4)
        _cap(img, hc + 0.55 * r * self.u - 0.15 * r * self.v, hc + 0.55 * r * self.u + 0.15 * r * self.v, 2, self.col(self.skin, 0.6))


def draw_hand(img, base, tip, w, col):
    d = tip - base
    ln = np.hypot(*d) + 1e-6
    t = d / ln
    n = np.array([-t[1], t[0]])
    dark = tuple(float(c) * 0.6 for c in col)
    _cap(img, base, tip - t * w * 0.8, w * 1.25 + 2, dark)
    _cap(img, base, tip - t * w * 0.8, w * 1.25, col)
    cv2.ellipse(img, _pt(tip), (int(w * 1.0 * 16), int(w * 0.8 * 16)), np.degrees(np.arctan2(t[1], t[0])), 0, 360, col, -1, cv2.LINE_AA, 4)
    for j in (-1.5, -0.5, 0.5, 1.5):
        s = tip + n * j * w * 0.4 + t * w * 0.5
        _cap(img, s, s + t * w * 1.1 + n * j * 0.1 * w, w * 0.3, col)


def render_clip(spec, out_dir, rng):
    t_start = time.time()
    name, fps, W, H = spec["name"], spec["fps"], spec["width"], spec["height"]
    nF = int(sum(s["n_frames"] for s in spec["segments"]))
    fs = fps * SUB
    n = nF * SUB
    margin = int(0.12 * max(W, H))
    Wc, Hc = W + 2 * margin, H + 2 * margin
    bg, scene = background(Hc, Wc, rng)

    # infant placement
    beta = spec.get("body_angle") if spec.get("body_angle") is not None else rng.uniform(0, 2 * np.pi)
    chord = min(W / max(abs(np.cos(beta)), 1e-3), H / max(abs(np.sin(beta)), 1e-3))
    L = spec.get("body_scale", rng.uniform(0.62, 0.8)) * chord
    tilt_mag = rng.uniform(0, 0.45) if rng.random() < 0.6 else 0.0
    ta = rng.uniform(0, 2 * np.pi)
    tilt = tilt_mag * np.array([np.cos(ta), np.sin(ta)])
    fig = Figure(rng, W, H, margin, L, beta, tilt)

    # static view: canvas -> output, slight zoom and anisotropy (oblique view)
    zoom = rng.uniform(1.0, 1.06)
    aniso = rng.uniform(0.9, 1.0) if tilt_mag > 0 else 1.0
    cxy = np.array([W / 2, H / 2])
    R = np.array([[np.cos(ta), -np.sin(ta)], [np.sin(ta), np.cos(ta)]])
    S = R @ np.diag([1.0, aniso]) @ R.T * zoom / min(1.0, aniso)
    A_static = np.zeros((2, 3))
    A_static[:, :2] = S
    A_static[:, 2] = cxy - S @ (cxy + margin)

    def to_out(p):
        return p @ A_static[:, :2].T + A_static[:, 2]

    # segments -> sample indices
    plan = []
    i = 0
    for s in spec["segments"]:
        m = s["n_frames"] * SUB
        plan.append(dict(s, i0=i, i1=i + m))
        i += m

    pose = base_pose(rng)

    def measure(leg, ang, i0):
        p = leg_points(ang, SIDE[leg], fig.geom)["toe"]
        return to_out(fig.proj(p))

    ang, infos = synth(plan, fs, n, rng, measure, pose)
    legs3 = {g: leg_points(ang[g], SIDE[g], fig.geom) for g in LEGS}

    t = np.arange(n) / fs
    # breathing: whole body shifts slightly along its axis
    br_f = rng.uniform(0.4, 1.0)
    br_a = rng.uniform(0.3, 1.0)
    breath = br_a * np.sin(2 * np.pi * br_f * t + rng.uniform(0, 6.28)) * (1 + 0.1 * bandnoise(n, fs, 0.05, 0.3, rng))
    # arms move slowly during movement segments
    arm_env = np.zeros(n)
    for s in plan:
        if s["kind"] != "still":
            arm_env[s["i0"]:s["i1"]] = 1.0 if s["kind"] == "irregular" else 0.3
    arm_env = np.convolve(arm_env, np.ones(fs // 2) / (fs // 2), mode="same")
    arm_off = {s: (np.radians(15) * arm_env * bandnoise(n, fs, 0.2, 1.2, rng),
                   np.radians(20) * arm_env * bandnoise(n, fs, 0.2, 1.2, rng)) for s in (1, -1)}

    # camera
    cam = spec["camera"]
    cam_truth = {"handheld": bool(cam["handheld"])}
    dx = np.zeros(n); dy = np.zeros(n); rot = np.zeros(n)
    if cam["handheld"]:
        lo, hi = rng.uniform(0.05, 0.4), rng.uniform(0.5, 1.0)
        da = rng.uniform(1.5, 8.0) * max(W, H) / 640
        dx = da * bandnoise(n, fs, lo, hi, rng, slope=1.0)
        dy = da * bandnoise(n, fs, lo, hi, rng, slope=1.0)
        pan = rng.uniform(-3, 3, 2) * max(W, H) / 640  # px/s slow pan, bounded below
        T = n / fs
        dx += pan[0] * (t - T / 2) * min(1.0, 6.0 / T)
        dy += pan[1] * (t - T / 2) * min(1.0, 6.0 / T)
        ra = rng.uniform(0.1, 0.6)
        rot = np.radians(ra) * bandnoise(n, fs, lo, hi, rng)
        fh = cam.get("hand_tremor_hz") or rng.uniform(8, 12)
        ah = cam.get("hand_tremor_amp_px") or rng.uniform(0.5, 3.0)
        fw = fh * (1 + 0.02 * bandnoise(n, fs, 0.05, 0.5, rng))
        ph = 2 * np.pi * np.cumsum(fw) / fs
        am = np.clip(1 + 0.3 * bandnoise(n, fs, 0.1, 1.0, rng), 0.3, 2.0)
        dir_ = rng.uniform(0, np.pi)
        ratio = rng.uniform(0.3, 1.0)
        hx = ah * am * np.sin(ph)
        hy = ah * am * ratio * np.sin(ph + rng.uniform(0, np.pi))
        dx += np.cos(dir_) * hx - np.sin(dir_) * hy
        dy += np.sin(dir_) * hx + np.cos(dir_) * hy
        cam_truth.update(drift_band_hz=[round(lo, 3), round(hi, 3)], drift_amp_px=round(float(da), 3),
                         pan_px_s=[round(float(x), 3) for x in pan], rotation_amp_deg=round(ra, 3),
                         hand_tremor_hz=round(float(fh), 4), hand_tremor_amp_px=round(float(ah), 3))
        if cam.get("sway", rng.random() < 0.4):
            sf, sa = rng.uniform(0.2, 0.4), rng.uniform(1.0, 4.0)
            dy += sa * np.sin(2 * np.pi * sf * t + rng.uniform(0, 6.28))
            cam_truth.update(breathing_sway_hz=round(sf, 3), breathing_sway_px=round(sa, 3))

    def cam_mat(k):
        c, s = np.cos(rot[k]), np.sin(rot[k])
        Rm = np.array([[c, -s], [s, c]])
        M = np.zeros((2, 3))
        M[:, :2] = Rm @ A_static[:, :2]
        M[:, 2] = Rm @ (A_static[:, 2] - cxy) + cxy + [dx[k], dy[k]]
        return M

    # photometric nuisances
    nu = spec["nuisances"]
    drift_sd = nu.get("exposure_drift_sd", rng.uniform(0, 0.06))
    logg = drift_sd * bandnoise(n, fs, 0.02, 0.3, rng)
    steps = []
    for _ in range(nu.get("exposure_steps", 0)):
        ts, size, tau = rng.uniform(0.5, n / fs - 0.5), rng.choice([-1, 1]) * rng.uniform(0.05, 0.2), rng.uniform(0.2, 0.6)
        logg += np.where(t > ts, size * (1 - np.exp(-(t - ts) / tau)), 0.0)
        steps.append(dict(t_s=round(float(ts), 3), size=round(float(size), 3), tau_s=round(float(tau), 3)))
    gain = np.exp(logg) * rng.uniform(0.85, 1.1)
    flick = None
    if nu.get("flicker"):
        mains = int(rng.choice([50, 60]))
        fl = 2 * mains * (1 + rng.uniform(-0.003, 0.003))
        alias = abs(fl - fps * round(fl / fps))
        depth = rng.uniform(0.02, 0.08)
        readout = rng.uniform(0.5, 0.9) / fps
        flick = dict(mains_hz=mains, light_hz=round(fl, 3), alias_hz=round(alias, 3), depth=round(depth, 4),
                     rolling_shutter_readout_s=round(readout, 5))
    sigma = nu.get("noise_sigma", rng.uniform(1.0, 5.0))
    vig = rng.uniform(0.05, 0.3)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    r2 = ((xx - W / 2) ** 2 + (yy - H / 2) ** 2) / ((W / 2) ** 2 + (H / 2) ** 2)
    vmap = (1 - vig * r2).astype(np.float32)[..., None]
    rows = np.arange(H, dtype=np.float32) / H
    blur = bool(nu.get("motion_blur", False))

    # caregiver's hand
    hands = []
    for _ in range(nu.get("hand_intrusions", 0)):
        d = rng.uniform(1.0, 2.5)
        ts = rng.uniform(0.3, max(0.4, n / fs - d - 0.3))
        edge = rng.integers(4)
        ex = [rng.uniform(0.2, 0.8) * W, 0] if edge == 0 else [rng.uniform(0.2, 0.8) * W, H] if edge == 1 else \
            [0, rng.uniform(0.2, 0.8) * H] if edge == 2 else [W, rng.uniform(0.2, 0.8) * H]
        ex = np.array(ex, float) + margin
        tgt = fig.hipc + rng.uniform(-0.3, 0.3) * L * fig.u + rng.uniform(-0.2, 0.2) * L * fig.v
        outside = ex + (ex - tgt) / (np.hypot(*(ex - tgt)) + 1e-6) * 0.25 * max(W, H)
        col = tuple(float(c) for c in np.clip(np.float32([rng.uniform(100, 190), rng.uniform(130, 190), rng.uniform(170, 235)]) * rng.uniform(0.5, 1.0), 0, 255))
        hands.append(dict(ts=ts, te=ts + d, base=outside, tip_in=tgt, col=col, w=0.07 * L,
                          jig=bandnoise(n, fs, 0.5, 3.0, rng) * 3))
    hands_truth = [dict(start_s=round(h["ts"], 3), end_s=round(h["te"], 3)) for h in hands]

    # encoder
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, name + ".mp4")
    kbps = spec["bitrate_kbps"]
    cont = av.open(path, "w")
    st = cont.add_stream("libx264", rate=fps)
    st.width, st.height, st.pix_fmt = W, H, "yuv420p"
    st.bit_rate = int(kbps * 1000)
    st.options = {"preset": "superfast", "profile": "main"}
    st.codec_context.thread_count = 1

    bank = []
    for _ in range(6):
        nb = np.zeros((H, W, 3), np.float32)
        cv2.randn(nb, (0, 0, 0), (sigma, sigma, sigma))
        bank.append(nb)
    toes_out = np.zeros((nF, 2, 2), np.float32)
    cams = np.zeros((nF, 2, 3), np.float32)
    canvas = np.empty_like(bg, dtype=np.uint8)
    bg8 = np.clip(bg, 0, 255).astype(np.uint8)
    subs = (-1, 0, 1) if blur else (0,)
    for f in range(nF):
        acc = None
        for so in subs:
            k = min(max(f * SUB + 1 + so, 0), n - 1)
            np.copyto(canvas, bg8)
            fig.draw(canvas, legs3, k, breath[k], {s: (arm_off[s][0][k], arm_off[s][1][k]) for s in (1, -1)})
            tk = k / fs
            for h in hands:
                if h["ts"] <= tk <= h["te"]:
                    x = (tk - h["ts"]) / (h["te"] - h["ts"])
                    reach = np.clip(min(x, 1 - x) / 0.2, 0, 1)
                    reach = 0.5 - 0.5 * np.cos(np.pi * reach)
                    tip = h["base"] + (h["tip_in"] - h["base"]) * reach + h["jig"][k] * reach
                    draw_hand(canvas, h["base"], tip, h["w"], h["col"])
            fr = cv2.warpAffine(canvas, cam_mat(k), (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
            acc = fr.astype(np.float32) if acc is None else acc + fr
        img = acc / len(subs) if blur else acc
        k = f * SUB + 1
        m = gain[k]
        if flick:
            rowm = 1 + flick["depth"] * np.sin(2 * np.pi * flick["light_hz"] * (k / fs + rows * flick["rolling_shutter_readout_s"]))
            img *= (vmap * m) * rowm[:, None, None].astype(np.float32)
        else:
            img *= vmap * np.float32(m)
        nb = bank[int(rng.integers(len(bank)))]
        sy, sx = int(rng.integers(H)), int(rng.integers(W))
        img += np.roll(nb, (sy, sx), axis=(0, 1))
        out8 = np.clip(img, 0, 255).astype(np.uint8)
        vf = av.VideoFrame.from_ndarray(out8, format="bgr24")
        for pkt in st.encode(vf):
            cont.mux(pkt)
        M = cam_mat(k)
        cams[f] = M
        for gi, g in enumerate(LEGS):
            p = fig.proj(legs3[g]["toe"][k], breath[k] * fig.u)
            toes_out[f, gi] = M[:, :2] @ p + M[:, 2]
    for pkt in st.encode():
        cont.mux(pkt)
    cont.close()

    # truth
    segs = []
    for s, info in zip(plan, infos):
        a, b = s["i0"] / fs, s["i1"] / fs
        row = dict(start_s=round(a, 6), end_s=round(b, 6), kind=s["kind"], frequency_hz=None)
        if s["kind"] == "still":
            row.update(amplitude_px=0.0, legs=[], breathing_hz=round(br_f, 4))
        else:
            la = {g: round(float(info["leg_amp"][g]), 3) for g in s["legs"]}
            row.update(amplitude_px=round(float(np.mean(list(la.values()))), 3), legs=list(s["legs"]), leg_amplitude_px=la,
                       angular_amplitude_deg=round(float(np.mean(list(info["ang_amp"].values()))), 3))
            if s["kind"] == "tremor":
                row.update(frequency_hz=round(info["f"], 4), frequency_drift=round(float(s["drift"]), 4))
            elif s["kind"] == "clonic":
                row.update(frequency_hz=round(info["f"], 4), frequency_start_hz=round(s["f_start"], 4),
                           frequency_end_hz=round(s["f_end"], 4), slowing=round(1 - s["f_end"] / s["f_start"], 4))
        segs.append(row)
    truth = dict(name=name, file=name + ".mp4", generator="independent_generator", generator_version="1.0",
                 scenario=spec["scenario"], fps=fps, width=W, height=H, n_frames=nF, duration_s=round(nF / fps, 6),
                 segments=segs,
                 nuisances=dict(camera=cam_truth, exposure=dict(drift_sd=round(float(drift_sd), 4), steps=steps),
                                light_flicker=flick, sensor_noise_sigma=round(float(sigma), 3), vignetting=round(float(vig), 3),
                                motion_blur=blur, hand_intrusions=hands_truth, bitrate_kbps=round(float(kbps), 1),
                                breathing=dict(frequency_hz=round(br_f, 4), amplitude_px=round(float(br_a * zoom), 3))),
                 scene=dict(scene, view_tilt=round(float(tilt_mag), 3)),
                 infant=dict(length_px=round(float(L * zoom), 1), body_angle_deg=round(float(np.degrees(beta)) % 360, 2)),
                 amplitude_definition=AMP_DEF)
    with open(os.path.join(out_dir, name + ".truth.json"), "w") as fh:
        json.dump(truth, fh, indent=1)
    np.savez_compressed(os.path.join(out_dir, name + ".tracks.npz"), toe_px=toes_out, camera_affine=cams,
                        legs=np.array(LEGS))
    return truth, os.path.getsize(path), time.time() - t_start
