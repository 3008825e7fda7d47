#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Results of `make bench`.

  report.py --guest DIR        (in the VM) iperf3 JSON files ROW.IMPL.ROUND.json
                               of DIR as "BENCH e2e ..." lines
  report.py LOG OUTDIR [LOG2]  (on the host) the BENCH lines of a VM log as a
                               table on stdout, OUTDIR/results.json and
                               OUTDIR/ratios.png; with LOG2, the log of the
                               2-vCPU run, also the scaling of SMP_ROWS

Every figure is a ratio ipv4alt/stock of two measurements in the same VM
run: per round for the interleaved rows, of which the median and the
spread (lowest..highest round) are shown. "Advantage" turns each ratio
into "higher is better for ipv4alt": the ratio itself for rates, its
inverse for costs (nanoseconds, bytes).

The flood rows are not ratios: each gives, per implementation, the share
of legitimate datagrams delivered during a fragment flood and the peak of
reassembly memory, against the goal of issue 18.

The ID quality rows (idq_*) are not timed either: absolute values per
implementation from one pass of each generator over the same flows, as
"BENCH micro ROW IMPL VALUE UNIT" lines; their cost per ID is in the
ipid_* rows.
"""
import datetime
import glob
import json
import os
import statistics
import sys

# name: (group, title, unit, higher_is_better, target advantage or None)
ROWS = {
    "reasm_2": ("micro", "reassembly, 2 fragments", "ns/datagram", False, None),
    "reasm_2_rev": ("micro", "reassembly, 2 fragments, reversed", "ns/datagram", False, None),
    "reasm_8": ("micro", "reassembly, 8 fragments", "ns/datagram", False, None),
    "reasm_8_rev": ("micro", "reassembly, 8 fragments, reversed", "ns/datagram", False, None),
    "reasm_45": ("micro", "reassembly, 45 fragments (64 KiB)", "ns/datagram", False, 1.3),
    "reasm_45_rev": ("micro", "reassembly, 45 fragments, reversed", "ns/datagram", False, 1.3),
    "frag_4k_linear": ("micro", "fragmentation, 4 KiB linear", "ns/datagram", False, None),
    "frag_4k_paged": ("micro", "fragmentation, 4 KiB paged", "ns/datagram", False, None),
    "frag_64k_linear": ("micro", "fragmentation, 64 KiB linear", "ns/datagram", False, 1.3),
    "frag_64k_paged": ("micro", "fragmentation, 64 KiB paged", "ns/datagram", False, 1.3),
    "ipid_1flow": ("micro", "ID selection, one flow", "ns/call", False, 1.0),
    "ipid_256flows": ("micro", "ID selection, 256 flows", "ns/call", False, 1.0),
    "ipid_core_1flow": ("micro", "ID generator without checksum update, one flow", "ns/call", False, None),
    "ipid_core_256flows": ("micro", "ID generator without checksum update, 256 flows", "ns/call", False, None),
    "fwd_64": ("micro", "forwarding, UDP 64 B, router path only", "ns/datagram", False, None),
    "fwd_64_own": ("micro", "the same, ipv4alt with stock ip_forward=0", "ns/datagram", False, None),
    "ipid_allcpus": ("micro", "ID selection, one flow, from every CPU at once", "ns/call", False, None),
    "udp64": ("e2e", "UDP 64 B to dut", "dgrams/s", True, 0.95),
    "udp8000_rx": ("e2e", "UDP 8000 B to dut (reassembly)", "dgrams/s", True, 0.95),
    "udp8000_tx": ("e2e", "UDP 8000 B from dut (fragmentation)", "dgrams/s", True, 0.95),
    "tcp_rx": ("e2e", "TCP to dut (iperf3)", "Mbit/s", True, 0.95),
    "tcp_tx": ("e2e", "TCP from dut (iperf3 -R)", "Mbit/s", True, 0.95),
    "fwd_udp64": ("e2e", "forwarding, UDP 64 B", "dgrams/s", True, 0.95),
    "fwd_udp3000": ("e2e", "forwarding, UDP 3000 B, router fragments", "dgrams/s", True, 0.95),
    "smp_reasm": ("e2e", "UDP 8000 B to dut, 4 senders over the CPUs", "dgrams/s", True, None),
    "smp_fwd": ("e2e", "forwarding, UDP 64 B, 4 flows over the CPUs", "dgrams/s", True, None),
    "bytes_per_fragment": ("mem", "reassembly memory per held fragment", "bytes", False, 1.0),
    "bytes_per_queue": ("mem", "reassembly memory per queue", "bytes", False, None),
}

# Flood rows: title. Goal: ipv4alt delivers FLOOD_SHARE of the legitimate
# datagrams wherever stock delivers less, with a memory peak of at most
# ipfrag_high_thresh plus one datagram (FLOOD_SLACK).
FLOODS = {
    "flood_10": "10 first fragments/s from one source",
    "flood_100": "100/s from one source",
    "flood_1000": "1000/s from one source",
    "flood_max": "as fast as the dut takes them, one source",
    "flood_max_distributed": "as fast, random sources in a /16",
    "flood_max_spoofed": "as fast, the legitimate source, guessed IDs",
}
FLOOD_SHARE = 0.95
FLOOD_SLACK = 65536

# ID quality rows: (title, higher_is_better). Sets of rows whose names end
# in a number (attacker candidates, jiffies) come from the prefixes.
IDQ = {
    "idq_reuse_b2b": ("reuse distance, back to back", True),
    "idq_reuse_1jiffy": ("reuse distance, one datagram per jiffy", True),
    "idq_reuse_10jiffies": ("reuse distance, one per 10 jiffies", True),
    "idq_reuse_256dests": ("reuse distance, among 255 other destinations", True),
    "idq_leak_share_1": ("attacker shares the bucket, 1 address", False),
    "idq_leak_share_256": ("attacker shares the bucket, best of 256", False),
    "idq_leak_scan": ("addresses probed to find a sharer", True),
    "idq_leak_exact_t1": ("k counted exactly, samples 1 jiffy apart", False),
    "idq_leak_error_t1": ("mean error counting k, 1 jiffy", True),
    "idq_leak_exact_t10": ("k counted exactly, 10 jiffies", False),
    "idq_leak_error_t10": ("mean error counting k, 10 jiffies", True),
    "idq_leak_exact_t100": ("k counted exactly, 100 jiffies", False),
    "idq_leak_error_t100": ("mean error counting k, 100 jiffies", True),
}


# Rows measured in the 1-vCPU and the 2-vCPU VM, for the scaling table.
SMP_ROWS = ("ipid_allcpus", "smp_reasm", "smp_fwd")


def guest(d):
    # ROW@K.IMPL.ROUND.json: one of several clients at once; summed.
    sums = {}
    for path in sorted(glob.glob(os.path.join(d, "*.json"))):
        row, impl, rnd = os.path.basename(path)[:-5].split(".")
        row = row.split("@")[0]
        value, unit = float("nan"), ROWS[row][2]
        try:
            with open(path) as f:
                text = f.read()
            # iperf3 may print a warning before its JSON.
            end = json.loads(text[text.index("{"):])["end"]
            s = end["sum_received"]
            if row.startswith("tcp"):
                value = s["bits_per_second"] / 1e6
            else:
                value = (s["packets"] - s["lost_packets"]) / s["seconds"]
        except (KeyError, ValueError, ZeroDivisionError, OSError):
            pass
        key = (row, impl, rnd)
        sums[key] = sums.get(key, 0.0) + value
    for (row, impl, rnd), value in sorted(sums.items()):
        print("BENCH e2e %s %s %s %.3f %s" % (row, impl, rnd, value, ROWS[row][2]))


def parse(log):
    micro, e2e, mem, notrun, meta, flood = {}, {}, {}, {}, {}, {}
    idq = {}
    with open(log, errors="replace") as f:
        for line in f:
            w = line.split()
            if not w or w[0] != "BENCH" or len(w) < 3:
                continue
            kind = w[1]
            if kind == "micro" and w[2].startswith("idq_") and len(w) >= 6:
                try:
                    idq.setdefault(w[2], {})[w[3]] = (float(w[4]), w[5])
                except ValueError:
                    print("bad idq line: " + line.strip(), file=sys.stderr)
            elif kind == "micro" and w[2] == "errors":
                # One line per run of the bench module.
                meta["micro_errors"] = meta.get("micro_errors", 0) + int(w[6])
            elif kind == "micro":
                # Several batches per round: keep the fastest.
                ops, ns = int(w[5]), int(w[6])
                per = micro.setdefault(w[2], {}).setdefault(int(w[4]), {})
                v = ns / ops if ops else float("nan")
                per[w[3]] = min(per.get(w[3], v), v)
            elif kind == "e2e":
                e2e.setdefault(w[2], {}).setdefault(int(w[4]), {})[w[3]] = float(w[5])
            elif kind == "mem":
                mem.setdefault(w[2], {}).setdefault(0, {})[w[3]] = float(w[4])
            elif kind == "flood":
                try:
                    sent, got, peak, fl, secs = (float(x) for x in w[4:9])
                except ValueError:
                    print("bad flood line: " + line.strip(), file=sys.stderr)
                    continue
                flood.setdefault(w[2], {})[w[3]] = {
                    "sent": sent, "delivered": got,
                    "share": got / sent if sent else float("nan"),
                    "peak_bytes": peak, "flood_fps": fl / secs if secs else 0}
            elif kind == "notrun":
                notrun[w[2]] = " ".join(w[3:])
            elif kind == "meta":
                meta[w[2]] = " ".join(w[3:])
    return micro, e2e, mem, notrun, meta, flood, idq


def idq_rows(idq):
    rows = []
    for name, (title, higher) in IDQ.items():
        r = idq.get(name)
        if not r or "stock" not in r or "ipv4alt" not in r:
            continue
        (s, unit), (a, _) = r["stock"], r["ipv4alt"]
        adv = None
        if s > 0 and a > 0:
            adv = a / s if higher else s / a
        rows.append({"name": name, "title": title, "unit": unit,
                     "higher_is_better": higher, "stock": s, "ipv4alt": a,
                     "advantage": adv})
    return rows


def verdict(met):
    return "-" if met is None else ("ok" if met else "MISSED")


def render(lines, left, last=None):
    """Rows of cells as aligned text, a rule under the header: the first
    LEFT columns flush left, the rest flush right, those from LAST on as
    they are."""
    ncol = len(lines[0])
    w = [max(len(l[i]) for l in lines if i < len(l)) for i in range(ncol)]
    out = []
    for l in lines:
        out.append("  ".join(c if last is not None and i >= last else
                             c.ljust(w[i]) if i < left else c.rjust(w[i])
                             for i, c in enumerate(l)).rstrip())
    out.insert(1, "-" * len(out[0]))
    return "\n".join(out)


def idq_table(rows):
    hdr = ("row", "unit", "stock", "ipv4alt", "advantage", "better")
    lines = [hdr]
    for r in rows:
        adv = "-" if r["advantage"] is None else "%.2fx" % r["advantage"]
        lines.append((r["name"], r["unit"], fmt(r["stock"]), fmt(r["ipv4alt"]),
                      adv, "higher" if r["higher_is_better"] else "lower"))
    return render(lines, 2)


def flood_rows(flood, meta):
    try:
        high = int(meta.get("flood_limits", "").split()[1])
    except (IndexError, ValueError):
        high = 0
    rows = []
    for name, title in FLOODS.items():
        r = flood.get(name)
        if not r or "stock" not in r or "ipv4alt" not in r:
            continue
        s, a = r["stock"], r["ipv4alt"]
        met = None
        if s["share"] < FLOOD_SHARE:
            met = a["share"] >= FLOOD_SHARE and a["peak_bytes"] <= high + FLOOD_SLACK
        rows.append({"name": name, "title": title, "stock": s, "ipv4alt": a,
                     "high_thresh": high, "met": met})
    return rows


def flood_table(rows):
    hdr = ("row", "flood/s s|a", "delivered stock", "ipv4alt", "peak KiB stock",
           "ipv4alt", "goal")
    lines = [hdr]
    for r in rows:
        s, a = r["stock"], r["ipv4alt"]
        lines.append((r["name"], "%.0f|%.0f" % (s["flood_fps"], a["flood_fps"]),
                      "%.1f%%" % (100 * s["share"]), "%.1f%%" % (100 * a["share"]),
                      "%.0f" % (s["peak_bytes"] / 1024), "%.0f" % (a["peak_bytes"] / 1024),
                      verdict(r["met"])))
    return render(lines, 1)


def summarise(name, rounds):
    group, title, unit, higher, target = ROWS[name]
    pairs = [(r["stock"], r["ipv4alt"]) for r in rounds.values()
             if "stock" in r and "ipv4alt" in r and r["stock"] > 0 and r["ipv4alt"] == r["ipv4alt"]]
    if not pairs:
        return None
    ratios = [a / s for s, a in pairs]
    ratio = statistics.median(ratios)
    adv = ratio if higher else (1 / ratio if ratio else float("inf"))
    adv_lo = min(ratios) if higher else 1 / max(ratios)
    adv_hi = max(ratios) if higher else 1 / min(ratios) if min(ratios) else float("inf")
    return {
        "name": name, "group": group, "title": title, "unit": unit,
        "higher_is_better": higher,
        "stock_median": statistics.median(s for s, _ in pairs),
        "ipv4alt_median": statistics.median(a for _, a in pairs),
        "ratio_median": ratio, "ratio_min": min(ratios), "ratio_max": max(ratios),
        "advantage": adv, "advantage_min": adv_lo, "advantage_max": adv_hi,
        "rounds": len(pairs), "target_advantage": target,
        "met": None if target is None else adv >= target,
        "per_round": [{"stock": s, "ipv4alt": a} for s, a in pairs],
    }


def fmt(v):
    if v >= 100:
        return "%.0f" % v
    return "%.3g" % v


def table(rows, notrun):
    hdr = ("row", "unit", "stock", "ipv4alt", "alt/stock", "spread", "advantage", "target")
    lines = [hdr]
    for r in rows:
        t = r["target_advantage"]
        mark = "" if t is None else ("%.2fx %s" % (t, "ok" if r["met"] else "MISSED"))
        lines.append((r["name"], r["unit"], fmt(r["stock_median"]), fmt(r["ipv4alt_median"]),
                      "%.3f" % r["ratio_median"],
                      "%.3f..%.3f" % (r["ratio_min"], r["ratio_max"]),
                      "%.2fx" % r["advantage"], mark))
    for name, why in notrun.items():
        lines.append((name, ROWS[name][2], "-", "-", "not run", "", "", why))
    return render(lines, 2, 7)


def chart(rows, path, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [r["name"] for r in rows][::-1]
    adv = [r["advantage"] for r in rows][::-1]
    # Whiskers: the middle half of the rounds, clipped to the axis.
    lo, hi = [], []
    for r in rows[::-1]:
        q = sorted((p["ipv4alt"] / p["stock"]) ** (1 if r["higher_is_better"] else -1)
                   for p in r["per_round"])
        q1, q3 = q[(len(q) - 1) // 4], q[(3 * (len(q) - 1) + 3) // 4]
        lo.append(max(r["advantage"] - max(q1, 0.25), 0))
        hi.append(max(min(q3, 4) - r["advantage"], 0))
    colors = ["tab:green" if a >= 1 else "tab:red" for a in adv]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1.5))
    ax.barh(names, adv, color=colors, xerr=[lo, hi], capsize=2)
    ax.axvline(1.0, color="black", linewidth=1)
    ax.set_xscale("log", base=2)
    ax.set_xlim(0.25, 4)
    for r in rows[::-1]:
        t = r["target_advantage"]
        if t is not None and t != 1.0:
            ax.plot([t], [r["name"]], marker="|", color="tab:blue", markersize=14)
    ax.set_xlabel("ipv4alt advantage over stock (x; >1: ipv4alt better; whiskers: middle half of the rounds; |: target)")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def scaling(rows, log2):
    """The SMP_ROWS of the 2-vCPU run's LOG2 against the same rows of rows."""
    micro, e2e, _, _, meta2, _, _ = parse(log2)
    one = {r["name"]: r for r in rows}
    out = []
    for name in SMP_ROWS:
        src = micro.get(name) or e2e.get(name)
        two = summarise(name, src) if src else None
        if not two or name not in one:
            continue
        r = {"name": name, "unit": two["unit"], "cpus": meta2.get("cpus", "?")}
        for impl in ("stock", "ipv4alt"):
            v1, v2 = one[name][impl + "_median"], two[impl + "_median"]
            r[impl + "_1"], r[impl + "_n"] = v1, v2
            # Throughput with n CPUs over throughput with one; None if
            # either run measured nothing.
            if not v1 or not v2:
                r[impl + "_scaling"] = None
            else:
                r[impl + "_scaling"] = (v2 / v1) if two["higher_is_better"] else (v1 / v2)
        if r["stock_scaling"] is None or r["ipv4alt_scaling"] is None:
            r["met"] = None
        else:
            r["met"] = r["ipv4alt_scaling"] >= r["stock_scaling"]
        # ipv4alt against stock with n CPUs, "higher is better" as above.
        r["advantage_n"] = two["advantage"]
        out.append(r)
    return out


def scaling_table(rows):
    hdr = ("row", "unit", "stock 1", "stock n", "scaling", "ipv4alt 1", "ipv4alt n",
           "scaling", "advantage n", "goal")
    lines = [hdr]
    for r in rows:
        def x(v):
            return "-" if v is None else "%.2fx" % v
        lines.append((r["name"], r["unit"], fmt(r["stock_1"]), fmt(r["stock_n"]),
                      x(r["stock_scaling"]), fmt(r["ipv4alt_1"]),
                      fmt(r["ipv4alt_n"]), x(r["ipv4alt_scaling"]),
                      x(r["advantage_n"]), verdict(r["met"])))
    return render(lines, 2)


def host(log, outdir, log2=None):
    micro, e2e, mem, notrun, meta, flood, idq = parse(log)
    floods = flood_rows(flood, meta)
    idqs = idq_rows(idq)
    rows = []
    for name in ROWS:
        src = micro.get(name) or e2e.get(name) or mem.get(name)
        if src:
            s = summarise(name, src)
            if s:
                rows.append(s)
    scale = scaling(rows, log2) if log2 else []
    now = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    result = {"date": now, "kernel": meta.get("kernel", "?"), "meta": meta,
              "rows": rows, "flood_rows": floods, "scaling_rows": scale,
              "idq_rows": idqs,
              "not_run": notrun}
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump(result, f, indent=1)
    text = table(rows, notrun) if rows else ""
    if floods:
        text += ("\n\n" if text else "") + (
            "legitimate datagrams under a fragment flood (%s; %s; goal: ipv4alt "
            ">= %.0f%% where stock is below, peak <= high_thresh + %d B)\n"
            % (meta.get("flood_legit", "?"), meta.get("flood_limits", "?"),
               100 * FLOOD_SHARE, FLOOD_SLACK)) + flood_table(floods)
    if scale:
        text += ("\n\n" if text else "") + (
            "scaling from 1 to %s vCPUs (throughput with n over throughput with 1; "
            "advantage n: ipv4alt over stock with n; goal: ipv4alt's scaling >= stock's)\n" % scale[0]["cpus"]) + scaling_table(scale)
    if idqs:
        text += ("\n\n" if text else "") + (
            "IP ID quality, one pass, both generators on the same flows "
            "(cost per ID: the ipid_* rows)\n") + idq_table(idqs)
    with open(os.path.join(outdir, "table.txt"), "w") as f:
        f.write(text + "\n")
    print("ipv4alt / stock, %s, kernel %s, %s rounds" % (now, result["kernel"], meta.get("rounds", "?")))
    print(text)
    if meta.get("micro_errors", 0):
        print("WARNING: %s microbenchmark batches failed their check" % meta["micro_errors"])
    for k in sorted(meta):
        if k.startswith("ipv4alt_") or k.startswith("mem_") or k.startswith("stock_"):
            print("  %s: %s" % (k, meta[k]))
    try:
        if rows:
            chart(rows, os.path.join(outdir, "ratios.png"),
                  "ipv4alt vs stock IPv4, %s, %s" % (result["kernel"], now[:10]))
    except ImportError:
        print("no matplotlib: no chart (scripts/install-deps installs python3-matplotlib)")
    return 0 if rows or floods or idqs else 1


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--guest":
        guest(sys.argv[2])
        return 0
    if len(sys.argv) in (3, 4):
        return host(*sys.argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


sys.exit(main())
