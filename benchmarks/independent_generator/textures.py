"""Procedural fabric / floor textures (float32 BGR, 0..255)."""
import cv2
import numpy as np


def value_noise(h, w, cell, rng, octaves=3):
    out = np.zeros((h, w), np.float32)
    amp, tot = 1.0, 0.0
    for o in range(octaves):
        c = max(2, int(cell / (2 ** o)))
        sm = rng.normal(size=(h // c + 3, w // c + 3)).astype(np.float32)
        big = cv2.resize(sm, ((w // c + 3) * c, (h // c + 3) * c), interpolation=cv2.INTER_CUBIC)
        oy, ox = rng.integers(0, c), rng.integers(0, c)
        out += amp * big[oy:oy + h, ox:ox + w]
        tot += amp
        amp *= 0.5
    out /= tot
    return out / (out.std() + 1e-6)


def rand_color(rng, sat=(0.1, 0.6), val=(120, 235)):
    hsv = np.uint8([[[rng.integers(0, 180), int(255 * rng.uniform(*sat)), int(rng.uniform(*val))]]])
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)[0, 0].astype(np.float32)


def coords(h, w, angle):
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    c, s = np.cos(angle), np.sin(angle)
    return xx * c + yy * s, -xx * s + yy * c


def pattern(h, w, kind, rng):
    """Returns (mask in 0..1 selecting the second colour)."""
    u, v = coords(h, w, rng.uniform(0, np.pi))
    if kind == "stripes":
        p = rng.uniform(10, 45)
        duty = rng.uniform(0.3, 0.6)
        return ((u / p) % 1.0 < duty).astype(np.float32)
    if kind == "pinstripes":
        p = rng.uniform(6, 14)
        return (np.sin(2 * np.pi * u / p) > 0.7).astype(np.float32)
    if kind == "plaid":
        p1, p2 = rng.uniform(15, 50), rng.uniform(15, 50)
        a = ((u / p1) % 1.0 < 0.35).astype(np.float32)
        b = ((v / p2) % 1.0 < 0.35).astype(np.float32)
        return 0.5 * a + 0.5 * b
    if kind == "checker":
        p = rng.uniform(12, 40)
        return (((np.floor(u / p) + np.floor(v / p)) % 2) == 0).astype(np.float32)
    if kind == "dots":
        p = rng.uniform(14, 40)
        r = rng.uniform(0.15, 0.35) * p
        du = (u % p) - p / 2
        dv = (v % p) - p / 2
        return np.clip(r - np.sqrt(du * du + dv * dv) + 0.5, 0, 1).astype(np.float32)
    if kind == "zigzag":
        p = rng.uniform(10, 30)
        z = np.abs(((v / p) % 2.0) - 1.0) * p
        return (((u + z) / p) % 1.0 < 0.45).astype(np.float32)
    if kind == "floral":
        m = np.zeros((h, w), np.float32)
        for _ in range(int(h * w / rng.uniform(1500, 5000))):
            c = (int(rng.integers(0, w)), int(rng.integers(0, h)))
            r = int(rng.uniform(3, 12))
            for k in range(5):
                a = 2 * np.pi * k / 5
                cv2.circle(m, (int(c[0] + r * np.cos(a)), int(c[1] + r * np.sin(a))), max(2, r // 2), 1.0, -1, cv2.LINE_AA)
        return m
    return np.zeros((h, w), np.float32)  # plain


def material(h, w, kind, rng):
    """Multiplicative luminance texture around 1.0."""
    if kind == "fleece":
        t = 1 + 0.07 * value_noise(h, w, 6, rng, 3)
    elif kind == "cotton":
        t = 1 + 0.05 * value_noise(h, w, 2, rng, 2) + 0.03 * value_noise(h, w, 20, rng, 2)
    elif kind == "knit":
        u, v = coords(h, w, rng.uniform(0, np.pi))
        p = rng.uniform(3, 6)
        t = 1 + 0.08 * np.sin(2 * np.pi * u / p) * np.sign(np.sin(2 * np.pi * v / (2.2 * p))) + 0.04 * value_noise(h, w, 3, rng, 2)
    elif kind == "fur":
        n = rng.normal(size=(h, w)).astype(np.float32)
        ang = rng.uniform(0, 180)
        k = np.zeros((15, 15), np.float32)
        k[7, :] = 1
        M = cv2.getRotationMatrix2D((7, 7), ang, 1.0)
        k = cv2.warpAffine(k, M, (15, 15))
        k /= k.sum()
        t = cv2.filter2D(n, -1, k)
        t = 1 + 0.12 * t / (t.std() + 1e-6) + 0.05 * value_noise(h, w, 25, rng, 2)
    elif kind == "muslin":
        t = 1 + 0.04 * value_noise(h, w, 1.5, rng, 1) + 0.06 * value_noise(h, w, 40, rng, 2)
    else:
        t = 1 + 0.04 * value_noise(h, w, 4, rng, 2)
    return t.astype(np.float32)


FLOORS = ("wood", "carpet", "tiles", "sheet", "rug")
MATERIALS = ("fleece", "cotton", "knit", "fur", "muslin")
PATTERNS = ("plain", "stripes", "pinstripes", "plaid", "checker", "dots", "zigzag", "floral")


def floor(h, w, kind, rng):
    if kind == "wood":
        u, v = coords(h, w, rng.uniform(-0.2, 0.2) + rng.choice([0, np.pi / 2]))
        warp = 6 * value_noise(h, w, 60, rng, 2)
        plank = rng.uniform(50, 110)
        g = np.sin(2 * np.pi * (v + warp) / rng.uniform(4, 9))
        seams = ((u / plank) % 1.0 < 0.03).astype(np.float32)
        lum = 1 + 0.08 * g - 0.35 * seams + 0.06 * value_noise(h, w, 30, rng, 2)
        col = np.float32([60, 110, 160]) * rng.uniform(0.8, 1.2)
    elif kind == "tiles":
        u, v = coords(h, w, rng.uniform(0, np.pi / 2))
        p = rng.uniform(60, 140)
        grout = (((u / p) % 1.0 < 0.04) | ((v / p) % 1.0 < 0.04)).astype(np.float32)
        lum = 1 - 0.4 * grout + 0.05 * value_noise(h, w, 10, rng, 3)
        col = rand_color(rng, (0.0, 0.25), (150, 230))
    elif kind == "carpet":
        lum = 1 + 0.15 * value_noise(h, w, 1.5, rng, 2) + 0.06 * value_noise(h, w, 40, rng, 2)
        col = rand_color(rng, (0.1, 0.5), (70, 170))
    elif kind == "rug":
        m = pattern(h, w, "zigzag", rng)
        lum = 1 + 0.1 * value_noise(h, w, 2, rng, 2) - 0.3 * m
        col = rand_color(rng, (0.2, 0.6), (90, 190))
    else:
        lum = 1 + 0.03 * value_noise(h, w, 3, rng, 2)
        col = rand_color(rng, (0.0, 0.08), (200, 240))
    return lum[..., None] * col[None, None, :]


def background(h, w, rng):
    fk = str(rng.choice(FLOORS))
    mk = str(rng.choice(MATERIALS))
    pk = str(rng.choice(PATTERNS))
    img = floor(h, w, fk, rng)
    c1 = rand_color(rng, (0.05, 0.5), (150, 240))
    c2 = rand_color(rng, (0.2, 0.8), (80, 220))
    pm = pattern(h, w, pk, rng)[..., None]
    blanket = (c1 * (1 - pm) + c2 * pm) * material(h, w, mk, rng)[..., None]
    # folds: low-frequency shading
    folds = 1 + 0.12 * value_noise(h, w, rng.uniform(60, 160), rng, 2)
    blanket *= folds[..., None]
    # blanket region: a rotated rectangle covering most of the canvas
    mask = np.zeros((h, w), np.float32)
    cx, cy = w / 2 + rng.uniform(-0.1, 0.1) * w, h / 2 + rng.uniform(-0.1, 0.1) * h
    bw, bh = w * rng.uniform(0.8, 1.4), h * rng.uniform(0.8, 1.4)
    box = cv2.boxPoints(((cx, cy), (bw, bh), rng.uniform(-25, 25)))
    cv2.fillPoly(mask, [np.int32(box)], 1.0, cv2.LINE_AA)
    mask = cv2.GaussianBlur(mask, (0, 0), 2.0)[..., None]
    # shadow at blanket edge
    img = img * (1 - 0.25 * cv2.GaussianBlur(mask[..., 0], (0, 0), 8)[..., None] * (1 - mask))
    img = img * (1 - mask) + blanket * mask
    return np.clip(img, 0, 255).astype(np.float32), dict(floor_texture=fk, blanket_texture=mk, blanket_pattern=pk)
