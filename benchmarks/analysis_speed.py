"""Speed and memory of the movement analysis (wall time and CPU time).

Run: ``python benchmarks/analysis_speed.py [--long-minutes 10]``, or
``python benchmarks/analysis_speed.py --clip FILE.mp4 [--clip-seconds 60] [--pairs 5]`` to
measure a given clip instead (for example a 720p30 clip of the independent generator, drawn
from photo textures): its packets are repeated, without re-encoding, to ``--clip-seconds``,
then the decode-only / analysis ratio (median of back-to-back pairs) and the peak memory of
that clip and of one five times longer (fresh processes) are printed. The pairs' ratio is
printed in wall time and in CPU time (user + system of the whole process, all its threads):
on a machine loaded by other jobs the CPU time is the steadier measure of the work done.

1. Video: analysis time against decode-only time of the same 720p 30 fps H.264 clip (20 s,
   generated), best of three runs each, for two clips: one at a low bit rate (CRF 23, about
   1.1 Mbit/s: a mostly still, clean synthetic picture, cheap to decode) and one at a phone's
   bit rate (CRF 17 with 2.5 grey levels of sensor noise, about 6 Mbit/s; phones record 720p30
   H.264 at 5-10 Mbit/s). Decode-only = PyAV decoding every frame with no conversion, with
   whichever threading is fastest for that clip (frame and slice threads, slice threads, one
   thread, and frame threads with the analysis's thread count): the strictest baseline; the
   ratio against decoding with the analysis's own threading (slice threads below 0.1 bits per
   pixel, else frame and slice threads, at least 6) is printed too. Then ``--pairs`` decodes
   and analyses are run back to back and the median of their ratios is printed: steadier on
   a machine whose speed drifts. Aim: analysis within 1.5x.
2. Accelerometer: seconds to read and analyse one hour of 100 Hz samples (a 360,000-row CSV).
3. Memory: peak resident memory (``ru_maxrss``) and peak Python/NumPy allocations
   (``tracemalloc``) of analysing each 20 s clip and a long clip made from it (the same
   packets repeated, no re-encoding), each in a fresh process, so flat memory shows as equal
   peaks.

``python benchmarks/analysis_speed.py --memory-minutes 1 3 10`` measures only the memory: a
20 s 720p30 clip (the phone bit rate clip of 1.) repeated to each length, each analysed in a
fresh process; the growth per minute is printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time, tracemalloc
from pathlib import Path
tracemalloc.start()
from tremorwatch.analysis.video.analyse import analyse_video
started = time.perf_counter()
result = analyse_video(Path(sys.argv[1])).result
elapsed = time.perf_counter() - started
_, peak = tracemalloc.get_traced_memory()
print(json.dumps({"seconds": elapsed, "duration_s": result.source.duration_s,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "traced_mib": peak / 2**20, "pattern": result.pattern.value}))
"""


def decode_only(path: Path, threading: str = "AUTO") -> float:
    """Seconds to decode every frame of ``path`` (``threading``: AUTO, SLICE or ONE, with
    FFmpeg's default thread count, or ``AUTO xN`` for N threads)."""
    return _decode_timed(path, threading)[0]


def _decode_timed(path: Path, threading: str = "AUTO") -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the whole process, all threads) to decode every
    frame of ``path`` (see :func:`decode_only`)."""
    import av

    started, cpu = time.perf_counter(), time.process_time()
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if threading == "ONE":
            stream.thread_count = 1
        else:
            mode, _, count = threading.partition(" x")
            stream.thread_type = mode
            if count:
                stream.thread_count = int(count)
        for _ in container.decode(stream):
            pass
    return time.perf_counter() - started, time.process_time() - cpu


def decode_times(path: Path) -> dict[str, float]:
    """Best of three decode-only runs in each threading mode (AUTO: frame and slice threads,
    with FFmpeg's default count and with the analysis's)."""
    from tremorwatch.analysis.video.decode import frame_threads

    modes = ("AUTO", f"AUTO x{frame_threads()}", "SLICE", "ONE")
    return {mode: min(decode_only(path, mode) for _ in range(3)) for mode in modes}


def paired_ratios(path: Path, mode: str, pairs: int) -> list[float]:
    """Analysis time over decode-only time (``mode``), each pair run back to back.

    On a shared machine the speed of the cores drifts over minutes (seen here: the same
    decode took 0.8 s, and 1.3 s ten minutes later); a decode and an analysis run next
    to each other see the same machine, so their ratio is steadier than the ratio of two
    best-of-three times taken minutes apart.
    """
    return [wall for wall, _ in paired_wall_cpu(path, mode, pairs)]


def paired_wall_cpu(path: Path, mode: str, pairs: int) -> list[tuple[float, float]]:
    """Back-to-back pairs as :func:`paired_ratios`, each pair's ratio in wall time and in CPU
    time (user + system of the whole process, all its threads).

    On a machine loaded by other jobs, wall time measures the other jobs as much as this
    one; the CPU time a run costs does not depend on how long it waited for a core, so its
    ratio is the steadier figure of the work done.
    """
    from tremorwatch.analysis.video.analyse import analyse_video

    out: list[tuple[float, float]] = []
    for _ in range(pairs):
        decode_wall, decode_cpu = _decode_timed(path, mode)
        wall, cpu = _timed_wall_cpu(analyse_video, path)
        print(
            f"  pair: decode {decode_wall:.2f} s wall, {decode_cpu:.2f} s CPU; "
            f"analysis {wall:.2f} s wall, {cpu:.2f} s CPU",
            flush=True,
        )
        out.append((wall / decode_wall, cpu / decode_cpu))
    return out


def repeat_clip(source: Path, target: Path, times: int) -> None:
    """Write ``source``'s packets ``times`` times in a row (a long clip without re-encoding)."""
    import av

    with av.open(str(source)) as probe:
        stream = probe.streams.video[0]
        packets = [(p.pts, p.dts, bytes(p), p.is_keyframe) for p in probe.demux(stream) if p.size]
        pts_values = sorted(p[0] for p in packets)
        step = pts_values[1] - pts_values[0]
        span = pts_values[-1] - pts_values[0] + step  # clip length in stream time-base units
        with av.open(str(target), "w") as out:
            out_stream = out.add_stream_from_template(stream)
            for loop in range(times):
                for pts, dts, data, key in packets:
                    packet = av.Packet(data)
                    packet.pts = pts + loop * span
                    packet.dts = dts + loop * span
                    packet.time_base = stream.time_base
                    packet.is_keyframe = key
                    packet.stream = out_stream
                    out.mux(packet)


def child(path: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
    )
    data: dict[str, float] = json.loads(output.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long-minutes", type=float, default=10.0)
    parser.add_argument(
        "--pairs", type=int, default=9, help="back-to-back decode and analysis runs per clip"
    )
    parser.add_argument("--clip", type=Path, help="measure this clip instead of generated ones")
    parser.add_argument("--clip-seconds", type=float, default=60.0)
    parser.add_argument(
        "--memory-minutes",
        type=float,
        nargs="+",
        help="measure only the peak memory of a 720p30 clip repeated to these lengths",
    )
    args = parser.parse_args()
    if args.memory_minutes:
        measure_memory(args.memory_minutes)
        return
    if args.clip is not None:
        measure_clip(args.clip, seconds=args.clip_seconds, pairs=args.pairs)
        return
    from tremorwatch.analysis.imu import analyse_accelerometer_csv
    from tremorwatch.analysis.synthetic import (
        write_synthetic_accelerometer_csv,
        write_synthetic_clip,
    )
    from tremorwatch.analysis.video.analyse import analyse_video
    from tremorwatch.analysis.video.decode import VideoReader, frame_threads

    with tempfile.TemporaryDirectory() as folder:
        clips = {
            "low bit rate (CRF 23)": (Path(folder) / "hd.mp4", {"crf": 23}),
            "phone bit rate (CRF 17, noise 2.5)": (
                Path(folder) / "phone.mp4",
                {"crf": 17, "noise_sigma": 2.5},
            ),
        }
        for name, (clip, options) in clips.items():
            started = time.perf_counter()
            write_synthetic_clip(
                clip,
                pattern="tremor",
                frequency_hz=6.0,
                duration_s=20.0,
                width=1280,
                height=720,
                camera_shake_hz=10.0,
                **options,
            )
            megabits = clip.stat().st_size * 8 / 20.0 / 1e6
            print(
                f"generated 20 s 720p clip, {name}: {megabits:.1f} Mbit/s, in {time.perf_counter() - started:.0f} s"
            )
            analyse_video(clip)  # warm imports and caches
            with VideoReader(clip) as reader:
                own = reader.thread_type
                if own == "AUTO":
                    own = f"AUTO x{frame_threads()}"
            decodes = decode_times(clip)
            mode = min(decodes, key=decodes.__getitem__)
            decode = decodes[mode]
            analysis = min(_timed(analyse_video, clip) for _ in range(3))
            frames = 600
            print(
                f"video 720p30 20 s, {name}: decode-only {decode:.2f} s ({frames / decode:.0f} frames/s, "
                f"threads {mode}), analysis {analysis:.2f} s ({frames / analysis:.0f} frames/s), "
                f"ratio {analysis / decode:.2f}x; against decoding with the analysis's own "
                f"threading ({own}, {decodes[own]:.2f} s) {analysis / decodes[own]:.2f}x"
            )
            ratios = paired_ratios(clip, mode, args.pairs)
            print(
                f"  {len(ratios)} back-to-back pairs (decode-only {mode}, then analysis): ratio "
                f"median {statistics.median(ratios):.2f}x, range {min(ratios):.2f}-{max(ratios):.2f}x"
            )

        csv_path = Path(folder) / "hour.csv"
        write_synthetic_accelerometer_csv(
            csv_path,
            pattern="tremor",
            frequency_hz=6.0,
            duration_s=3600.0,
            active_s=(600.0, 3000.0),
        )
        started = time.perf_counter()
        result = analyse_accelerometer_csv(csv_path).result
        elapsed = time.perf_counter() - started
        print(
            f"accelerometer: 1 h at 100 Hz read and analysed in {elapsed:.1f} s per hour "
            f"({len(result.episodes)} episode(s), {result.dominant_frequency_hz} Hz)"
        )

        for name, (clip, _) in clips.items():
            long_clip = Path(folder) / "long.mp4"
            repeat_clip(clip, long_clip, max(1, round(args.long_minutes * 3)))
            short_run, long_run = child(clip), child(long_clip)
            for length, run in (
                ("20 s", short_run),
                (f"{long_run['duration_s'] / 60:.1f} min", long_run),
            ):
                print(
                    f"memory, 720p clip of {length}, {name}: peak RSS {run['rss_mib']:.0f} MiB, "
                    f"peak traced allocations {run['traced_mib']:.1f} MiB, analysis {run['seconds']:.1f} s"
                )
            long_clip.unlink()


def measure_memory(minutes: list[float]) -> None:
    """Peak memory of analysing a 720p30 clip of each length in ``minutes`` (fresh processes)."""
    from tremorwatch.analysis.synthetic import write_synthetic_clip

    with tempfile.TemporaryDirectory() as folder:
        clip = Path(folder) / "phone.mp4"
        write_synthetic_clip(
            clip,
            pattern="tremor",
            frequency_hz=6.0,
            duration_s=20.0,
            width=1280,
            height=720,
            camera_shake_hz=10.0,
            crf=17,
            noise_sigma=2.5,
        )
        runs: list[tuple[float, dict[str, float]]] = []
        for length in minutes:
            long_clip = Path(folder) / "long.mp4"
            repeat_clip(clip, long_clip, max(1, round(length * 3)))
            run = child(long_clip)
            long_clip.unlink()
            runs.append((run["duration_s"] / 60.0, run))
            print(
                f"memory, 720p30 clip of {run['duration_s'] / 60:.1f} min: peak RSS "
                f"{run['rss_mib']:.0f} MiB, peak traced allocations {run['traced_mib']:.1f} MiB, "
                f"analysis {run['seconds']:.1f} s",
                flush=True,
            )
        if len(runs) > 1:
            (first, start), (last, end) = runs[0], runs[-1]
            span = max(last - first, 1e-9)
            print(
                f"growth from {first:.1f} to {last:.1f} min: RSS "
                f"{(end['rss_mib'] - start['rss_mib']) / span:.1f} MiB a minute, traced "
                f"{(end['traced_mib'] - start['traced_mib']) / span:.1f} MiB a minute"
            )


def measure_clip(source: Path, *, seconds: float, pairs: int) -> None:
    """Speed and memory on ``source`` repeated to ``seconds`` (see the module docstring)."""
    import av

    from tremorwatch.analysis.video.analyse import analyse_video

    with av.open(str(source)) as probe:
        stream = probe.streams.video[0]
        length = float(stream.duration * stream.time_base) if stream.duration else 0.0
        size = f"{stream.codec_context.width}x{stream.codec_context.height}"
    if length <= 0:
        raise SystemExit(f"{source} has no video duration.")
    with tempfile.TemporaryDirectory() as folder:
        clip = Path(folder) / "clip.mp4"
        repeat_clip(source, clip, max(1, round(seconds / length)))
        analyse_video(clip)  # warm imports and caches
        decodes = decode_times(clip)
        mode = min(decodes, key=decodes.__getitem__)
        measured_pairs = paired_wall_cpu(clip, mode, pairs)
        ratios = [wall for wall, _ in measured_pairs]
        cpu_ratios = [cpu for _, cpu in measured_pairs]
        run = child(clip)
        print(
            f"{source.name} ({size}) repeated to {run['duration_s']:.0f} s: decode-only "
            f"{decodes[mode]:.2f} s ({mode}), analysis {run['seconds']:.2f} s in a fresh process; "
            f"{len(ratios)} back-to-back pairs: wall-time ratio median "
            f"{statistics.median(ratios):.2f}x, range {min(ratios):.2f}-{max(ratios):.2f}x; "
            f"CPU-time ratio median {statistics.median(cpu_ratios):.2f}x, range "
            f"{min(cpu_ratios):.2f}-{max(cpu_ratios):.2f}x"
        )
        long_clip = Path(folder) / "long.mp4"
        repeat_clip(source, long_clip, 5 * max(1, round(seconds / length)))
        long_run = child(long_clip)
        for name, measured in (("clip", run), ("five times longer", long_run)):
            print(
                f"memory, {name} ({measured['duration_s']:.0f} s): peak RSS "
                f"{measured['rss_mib']:.0f} MiB, peak traced allocations "
                f"{measured['traced_mib']:.1f} MiB, analysis {measured['seconds']:.1f} s"
            )


def _timed(function: object, path: Path) -> float:
    return _timed_wall_cpu(function, path)[0]


def _timed_wall_cpu(function: object, path: Path) -> tuple[float, float]:
    """Wall and CPU seconds (the whole process's user + system time, all threads) of a call."""
    started, cpu = time.perf_counter(), time.process_time()
    function(path)  # type: ignore[operator]
    return time.perf_counter() - started, time.process_time() - cpu


if __name__ == "__main__":
    main()
