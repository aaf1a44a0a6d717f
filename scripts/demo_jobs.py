#!/usr/bin/env python3
"""Submits the demo jobs to a running `twinsolve serve` and downloads their results.

Creates a demo scenario through the API, runs every process the server offers on it
(asynchronously, as a twin front end would), waits for each job, and saves every result
layer as PNG (+ legend), Cloud Optimized GeoTIFF and JSON statistics.
Usage: demo_jobs.py URL OUT_DIR [SIZE_KM] [CELL_M]
"""
import json
import pathlib
import sys
import time
import urllib.error
import urllib.request


def call(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        problem = error.read().decode(errors="replace")
        sys.exit(f"demo: {method} {url} answered {error.code}: {problem}")


def main():
    base, out = sys.argv[1].rstrip("/"), pathlib.Path(sys.argv[2])
    size_km = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
    cell_m = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
    out.mkdir(parents=True, exist_ok=True)

    _, body = call("POST", base + "/scenarios",
                   {"demo": {"size_km": size_km, "cell_m": cell_m, "seed": 1}, "name": "demo town"})
    scenario = json.loads(body)
    print(f"scenario {scenario['id']}: {scenario['grid']['nx']} x {scenario['grid']['ny']} cells "
          f"of {scenario['grid']['cell']} m")

    _, body = call("GET", base + "/processes")
    processes = [p["id"] for p in json.loads(body)["processes"]]
    jobs = {}
    for process in processes:
        _, body = call("POST", f"{base}/processes/{process}/execution",
                       {"inputs": {"scenario": scenario["id"]}}, {"Prefer": "respond-async"})
        jobs[process] = json.loads(body)["jobID"]
        print(f"submitted {process}: {base}/jobs/{jobs[process]}")

    for process, job in jobs.items():
        started = time.time()
        while True:
            _, body = call("GET", f"{base}/jobs/{job}")
            status = json.loads(body)
            if status["status"] in ("successful", "failed", "dismissed"):
                break
            time.sleep(0.5)
        if status["status"] != "successful":
            sys.exit(f"demo: {process} job {job} {status['status']}: {status.get('message', '')}")
        _, body = call("GET", f"{base}/jobs/{job}/results")
        results = json.loads(body)
        target = out / process
        target.mkdir(exist_ok=True)
        (target / "results.json").write_bytes(body)
        for layer, entry in results.items():
            if "formats" not in entry:
                continue
            for fmt, ext in (("png", ".png"), ("tiff", ".tif"), ("json", ".json")):
                _, data = call("GET", base + entry["formats"][fmt]["href"])
                (target / (layer + ext)).write_bytes(data)
            _, legend = call("GET", base + entry["formats"]["png"]["legend"])
            (target / (layer + ".legend.svg")).write_bytes(legend)
        print(f"{process}: successful in {time.time() - started:.1f} s; "
              f"{len(results)} results in {target}/")


if __name__ == "__main__":
    main()
