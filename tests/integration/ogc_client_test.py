#!/usr/bin/python3
"""A real OGC API - Processes client written elsewhere drives twinsolve end to end.

Usage: /usr/bin/python3 ogc_client_test.py /path/to/twinsolve

Starts `twinsolve serve --port 0` on a scratch data directory and uses Debian's OWSLib
(python3-owslib 0.27.2): owslib.ogcapi.processes.Processes reads the landing page, the
conformance classes, the process list and the description of "heat". That OWSLib version has
no execute or job methods, so the job is submitted and polled through OWSLib's own HTTP layer
(owslib.util.http_post / http_get, the functions its clients use), and the status and results
documents are checked against the members OGC API - Processes - Part 1: Core 1.0 (OGC 18-062r2)
requires: statusInfo needs jobID, status (accepted|running|successful|failed|dismissed) and
type "process". Prints "N passed, N failed"; exits non-zero on any failure.
"""
import re
import subprocess
import sys
import tempfile
import time

from owslib.ogcapi.processes import Processes
from owslib.util import http_get, http_post

STATUS_CODES = {"accepted", "running", "successful", "failed", "dismissed"}
CORE = "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core"

passed = 0
failed = 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what, flush=True)
    return condition


def check_status_info(body, what):
    """The required members of statusInfo (18-062r2, schema statusInfo.yaml)."""
    ok = isinstance(body, dict)
    ok = ok and isinstance(body.get("jobID"), str) and body.get("status") in STATUS_CODES
    ok = ok and body.get("type") == "process"
    progress = body.get("progress", 0) if isinstance(body, dict) else None
    ok = ok and isinstance(progress, int) and 0 <= progress <= 100
    return check(ok, what + " is a statusInfo document: " + repr(body)[:300])


def start_server(binary, data_dir):
    log = open(data_dir + "/serve.log", "w")
    process = subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", data_dir + "/data"],
        stdout=subprocess.PIPE, stderr=log, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if match:
            return process, match.group(1)
    process.kill()
    process.wait()
    log.close()
    with open(data_dir + "/serve.log") as text:
        raise RuntimeError("twinsolve serve printed no address:\n" + text.read()[-2000:])


def run(base):
    client = Processes(base, timeout=30)
    check(any(link.get("rel", "").endswith("/processes") for link in client.links),
          "the landing page links the process list")
    check(CORE in client.conformance().get("conformsTo", []), "conformance lists Processes Core")
    ids = [process["id"] for process in client.processes().get("processes", [])]
    check("heat" in ids, "the process list has heat: " + repr(ids))
    heat = client.process("heat")
    check(heat.get("id") == "heat" and "scenario" in heat.get("inputs", {}), "heat's description has its inputs")
    check("async-execute" in heat.get("jobControlOptions", []), "heat can run asynchronously")

    scenario = http_post(base + "/scenarios", request={"demo": {"size_km": 0.5, "cell_m": 5}}, timeout=60)
    check(scenario.status_code == 201, "POST /scenarios creates a demo: %d" % scenario.status_code)
    scenario_id = scenario.json()["id"]

    execute = {"inputs": {"scenario": scenario_id, "svf_radius_m": 20}, "response": "document"}
    submitted = http_post(base + "/processes/heat/execution", request=execute,
                          headers={"Prefer": "respond-async"}, timeout=30)
    check(submitted.status_code == 201, "asynchronous execute answers 201: %d %s" %
          (submitted.status_code, submitted.text[:300]))
    check("Location" in submitted.headers, "asynchronous execute gives a Location")
    status = submitted.json()
    check_status_info(status, "the execute response")
    job_id = status["jobID"]

    status_url = base + "/jobs/" + job_id
    deadline = time.monotonic() + 120
    while status.get("status") in ("accepted", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        status = http_get(status_url, timeout=30).json()
        check_status_info(status, "GET /jobs/" + job_id)
    check(status.get("status") == "successful", "the job succeeds: " + repr(status)[:300])
    results_link = [link["href"] for link in status.get("links", [])
                    if link.get("rel") == "http://www.opengis.net/def/rel/ogc/1.0/results"]
    check(len(results_link) == 1, "a successful job links its results")

    job_list = http_get(base + "/jobs", timeout=30).json()
    check(job_id in [job.get("jobID") for job in job_list.get("jobs", [])], "the job list has the job")

    results = http_get(base + "/jobs/" + job_id + "/results", timeout=30)
    check(results.status_code == 200, "GET results: %d" % results.status_code)
    document = results.json()
    check("pet" in document and document["pet"].get("href"), "the results document references the pet layer")
    pet = http_get(base + document["pet"]["formats"]["json"]["href"], timeout=30).json()
    check(pet.get("units") == "degC" and pet.get("max", 0) > pet.get("min", 1e9), "pet statistics: " + repr(pet)[:200])
    tiff = http_get(base + document["pet"]["href"], timeout=60)
    check(tiff.status_code == 200 and tiff.content[:4] in (b"II*\x00", b"MM\x00*"), "pet as GeoTIFF")

    missing = http_get(base + "/jobs/aaaaaaaaaaaaaaaaaaaaaaaaaa", timeout=30)
    problem = missing.json() if missing.headers.get("Content-Type", "").startswith("application/problem+json") else {}
    check(missing.status_code == 404 and problem.get("type", "").endswith("no-such-job"),
          "an unknown job is the standard's no-such-job exception")


def main():
    if len(sys.argv) != 2:
        print("usage: ogc_client_test.py /path/to/twinsolve")
        return 2
    with tempfile.TemporaryDirectory(prefix="twin-ogc-client-") as scratch:
        try:
            process, base = start_server(sys.argv[1], scratch)
        except (OSError, RuntimeError) as error:
            check(False, "starting twinsolve serve: %s" % error)
            print("%d passed, %d failed" % (passed, failed))
            return 1
        try:
            run(base)
        except Exception as error:  # any unexpected answer is a failure, not a crash
            check(False, "unexpected %s: %s" % (type(error).__name__, error))
        finally:
            process.terminate()
            try:
                check(process.wait(timeout=30) == 0, "twinsolve serve exits 0 on SIGTERM")
            except subprocess.TimeoutExpired:
                process.kill()
                check(False, "twinsolve serve did not stop within 30 s of SIGTERM")
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
