"""The database and the metrics file in the tools analysts and operators use: real Datasette (search, the
metadata file, every canned query), sqlite-utils (its full-text search) and the Prometheus text parser of prometheus_client (after a partial, a
succeeded, an aborted and a multi-location run, checked against sync_runs and sync_run_locations).

Run by scripts/tools-test, which installs Datasette and prometheus_client into a virtual environment.
Usage: python tools_test.py BIN_DIR
"""

import json
import os
import random
import re
import sqlite3
import string
import subprocess
import sys
import tempfile
import time
from datetime import datetime

from prometheus_client.parser import text_string_to_metric_families

BIN_DIR = sys.argv[1]
TOOL = os.path.join(BIN_DIR, "ghl-to-sqlite")
SIMULATOR = os.path.join(BIN_DIR, "ghl-simulator")
TOKEN = "tools-test-" + "".join(random.choice(string.ascii_letters) for _ in range(16))
failures = []
passed = 0


def check(name, expected, actual):
    global passed
    if expected == actual:
        passed += 1
        print(f"ok   {name}")
    else:
        failures.append(name)
        print(f"FAIL {name}: expected {expected!r}, got {actual!r}")


class Simulator:
    def __init__(self, work, *flags):
        self.out = open(os.path.join(work, "sim.out"), "w+")
        self.process = subprocess.Popen(
            [SIMULATOR, "--port", "0", *flags], env={**os.environ, "GHL_ACCESS_TOKEN": TOKEN},
            stdout=self.out, stderr=subprocess.DEVNULL)
        for _ in range(200):
            self.out.seek(0)
            found = re.search(r"http://127\.0\.0\.1:\d+", self.out.read())
            if found:
                self.url = found.group(0)
                return
            time.sleep(0.05)
        raise SystemExit("the simulator did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait()


def sync(db, *flags, token=TOKEN):
    result = subprocess.run(
        [TOOL, "sync", "--db", db, "--progress", "never", *flags],
        env={**os.environ, "GHL_ACCESS_TOKEN": token}, capture_output=True, text=True)
    return result.returncode


def rows(db, sql, *params):
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def iso_seconds(text):
    """Seconds since the epoch of a stored timestamp (2026-12-01T04:52:53.125Z)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def parse_metrics(path):
    """{(name, labels as a sorted tuple): value}, through prometheus_client's parser."""
    with open(path) as file:
        text = file.read()
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def check_metrics(what, path, db, run_id, location=None):
    samples = parse_metrics(path)
    labels = (("location", location),) if location else ()
    if location:
        row = rows(db, """SELECT status, ids_read, contacts_synced, contacts_changed, contacts_deleted, failures,
                          requests, rate_limited FROM sync_run_locations WHERE run_id = ? AND location_id = ?""",
                   run_id, location)[0]
        success = rows(db, "SELECT last_success_at FROM locations WHERE id = ?", location)[0][0]
    else:
        row = rows(db, """SELECT status, ids_read, contacts_synced, contacts_changed, contacts_deleted, failures,
                          requests, rate_limited FROM sync_runs WHERE id = ?""", run_id)[0]
        success = rows(db, "SELECT max(finished_at) FROM sync_runs WHERE status = 'succeeded'")[0][0]
    status, *counters = row
    names = ["ids_read", "contacts_synced", "contacts_changed", "contacts_deleted", "failures", "requests",
             "rate_limited_responses"]
    prefix = "ghl_to_sqlite_"
    check(f"{what}: counters are the database's",
          dict(zip(names, map(float, counters))),
          {name: samples.get((prefix + name, labels)) for name in names})
    statuses = {s: samples.get((prefix + "run_status", tuple(sorted(labels + (("status", s),)))))
                for s in ["succeeded", "partial", "aborted", "interrupted"]}
    check(f"{what}: run_status is {status}",
          {s: (1.0 if s == status else 0.0) for s in statuses}, statuses)
    last_success = samples.get((prefix + "last_success_timestamp_seconds", labels))
    check(f"{what}: last success", None if success is None else round(iso_seconds(success), 3),
          None if last_success is None else round(last_success, 3))
    # When the run ended and how long it took: unlabelled, for a run over several locations too.
    finished = rows(db, "SELECT finished_at FROM sync_runs WHERE id = ?", run_id)[0][0]
    last_run = samples.get((prefix + "last_run_timestamp_seconds", ()))
    check(f"{what}: last run ended after the run was recorded, within a minute",
          True, last_run is not None and 0 <= last_run - iso_seconds(finished) < 60)
    duration = samples.get((prefix + "run_duration_seconds", ()))
    check(f"{what}: a duration", True, duration is not None and 0 < duration < 600)
    check(f"{what}: the file is 0644", "644", oct(os.stat(path).st_mode & 0o777)[2:])
    return samples


def metrics_checks(work):
    simulator = Simulator(work, "--rate-limit", "none")
    try:
        db = os.path.join(work, "m.sqlite")
        metrics = os.path.join(work, "ghl.prom")
        generator = random.Random(11)
        ids = ["".join(generator.choice(string.ascii_letters + string.digits) for _ in range(20)) for _ in range(300)]
        with open(os.path.join(work, "ids.txt"), "w") as file:
            file.write("\n".join(ids) + "\n")
        code = sync(db, "--ids", os.path.join(work, "ids.txt"), "--base-url", simulator.url, "--metrics-file", metrics)
        check("partial run: exit 1 (the simulator has no contact for some ids)", 1, code)
        check_metrics("partial run", metrics, db, 1)
        check("partial run: no success yet, so no last-success sample", True,
              not any(name == "ghl_to_sqlite_last_success_timestamp_seconds" for name, _ in parse_metrics(metrics)))

        stored = [row[0] for row in rows(db, "SELECT id FROM contacts ORDER BY id")]
        with open(os.path.join(work, "stored.txt"), "w") as file:
            file.write("\n".join(stored) + "\n")
        code = sync(db, "--ids", os.path.join(work, "stored.txt"), "--base-url", simulator.url, "--metrics-file", metrics)
        check("succeeded run: exit 0", 0, code)
        check_metrics("succeeded run", metrics, db, 2)

        code = sync(db, "--ids", os.path.join(work, "stored.txt"), "--base-url", simulator.url, "--metrics-file", metrics,
                    token="revoked-" + TOKEN)
        check("aborted run (token refused): exit 3", 3, code)
        samples = check_metrics("aborted run", metrics, db, 3)
        check("aborted run: the last success is still run 2's", round(iso_seconds(
            rows(db, "SELECT finished_at FROM sync_runs WHERE id = 2")[0][0]), 3),
            round(samples[("ghl_to_sqlite_last_success_timestamp_seconds", ())], 3))

        unusable = os.path.join(work, "no-such-dir", "x.sqlite")
        code = sync(unusable, "--ids", os.path.join(work, "stored.txt"), "--base-url", simulator.url,
                    "--metrics-file", metrics)
        check("a database that cannot be created: exit 3", 3, code)
        samples = parse_metrics(metrics)
        check("...the metrics say aborted", 1.0, samples.get(("ghl_to_sqlite_run_status", (("status", "aborted"),))))
        check("...and keep the previous file's last success", round(iso_seconds(
            rows(db, "SELECT finished_at FROM sync_runs WHERE id = 2")[0][0]), 3),
            round(samples[("ghl_to_sqlite_last_success_timestamp_seconds", ())], 3))
    finally:
        simulator.stop()

    config_dir = os.path.join(work, "config")
    os.mkdir(config_dir)
    simulator = Simulator(work, "--rate-limit", "none", "--location-contacts", "30", "--locations", "2",
                          "--location-rate-limit", "none", "--write-config", config_dir)
    try:
        db = os.path.join(work, "agency.sqlite")
        metrics = os.path.join(work, "agency.prom")
        code = sync(db, "--all", "--config", os.path.join(config_dir, "locations.toml"), "--base-url", simulator.url,
                    "--metrics-file", metrics)
        check("two locations: exit 0", 0, code)
        samples = parse_metrics(metrics)
        for name, column in [("ghl_to_sqlite_contacts_synced", "contacts_synced"), ("ghl_to_sqlite_requests", "requests")]:
            check(f"two locations: {name} summed over locations is the run's",
                  float(rows(db, f"SELECT {column} FROM sync_runs WHERE id = 1")[0][0]),
                  sum(value for (sample, labels), value in samples.items() if sample == name and labels))
            check(f"two locations: {name} has only per-location series", False,
                  (name, ()) in samples)
        locations = [row[0] for row in rows(db, "SELECT location_id FROM sync_run_locations WHERE run_id = 1")]
        check("two locations, two parts", 2, len(locations))
        for location in locations:
            check_metrics(f"location {location}", metrics, db, 1, location=location)
    finally:
        simulator.stop()


def datasette_checks(work):
    from datasette.app import Datasette
    from datasette.utils import detect_fts

    simulator = Simulator(work, "--rate-limit", "none", "--location-contacts", "400")
    try:
        db = os.path.join(work, "contacts.sqlite")
        code = sync(db, "--all", "--location-id", "ve9EPM428h8vShlRW1KT", "--base-url", simulator.url)
        check("a location synced for Datasette", 0, code)
    finally:
        simulator.stop()
    metadata_path = os.path.join(work, "metadata.json")
    code = subprocess.run([TOOL, "datasette-metadata", "--db", db, "--output", metadata_path]).returncode
    check("datasette-metadata: exit 0", 0, code)
    with open(metadata_path) as file:
        metadata = json.load(file)

    with sqlite3.connect(db) as connection:
        check("Datasette's detect_fts finds contacts_fts", "contacts_fts", detect_fts(connection, "contacts"))
        # A word that some contacts have and others do not: the most common last name.
        word = connection.execute("""SELECT last_name FROM contacts WHERE last_name GLOB '[A-Za-z]*'
                                     GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""").fetchone()[0]
        expected = sorted(row[0] for row in connection.execute(
            "SELECT c.id FROM contacts_fts JOIN contacts c ON c.rowid = contacts_fts.rowid WHERE contacts_fts MATCH ?",
            ('"' + word + '"',)))
        total = connection.execute("SELECT count(*) FROM contacts").fetchone()[0]
    check(f"the FTS query for {word!r} matches some contacts, not all", True, 0 < len(expected) < total)

    import sqlite_utils
    table = sqlite_utils.Database(db)["contacts"]
    check("sqlite-utils finds contacts_fts as the index of contacts", "contacts_fts", table.detect_fts())
    check(f"sqlite-utils search {word!r} returns exactly the FTS matches", expected,
          sorted(row["id"] for row in table.search(word, columns=["id"])))

    # The command line, as a user runs it: the metadata file loads and search filters.
    result = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "datasette"), db, "--metadata", metadata_path,
         "--get", f"/contacts/contacts.json?_search={word}&_shape=array&_size=max&_col=id"],
        capture_output=True, text=True)
    check("datasette --metadata --get: exit 0", 0, result.returncode)
    found = sorted(row["id"] for row in json.loads(result.stdout)) if result.returncode == 0 else None
    check(f"?_search={word} on contacts returns exactly the FTS matches", expected, found)

    async def through_datasette():
        datasette = Datasette([db], metadata=metadata)
        await datasette.invoke_startup()
        response = await datasette.client.get("/-/metadata.json")
        check("Datasette serves the metadata it loaded", metadata, response.json())
        response = await datasette.client.get("/contacts/contact_tags.json?_size=0")
        check("contact_tags opens faceted by tag", True, "tag" in (response.json().get("facet_results") or {}))
        response = await datasette.client.get("/contacts/sync_failures.json?_size=0")
        check("sync_failures opens faceted by reason", True, "reason" in (response.json().get("facet_results") or {}))
        response = await datasette.client.get("/contacts/contacts")
        description = metadata["databases"]["contacts"]["tables"]["contacts"]["columns"]["deleted_at"]
        check("the contacts page shows column descriptions", True, description.replace("'", "&#39;") in response.text)
        queries = metadata["databases"]["contacts"]["queries"]
        check("the cookbook is there as canned queries", True, len(queries) >= 10)
        for name, query in queries.items():
            response = await datasette.client.get(f"/contacts/{name}.json?_shape=array")
            with sqlite3.connect(db) as connection:
                direct = len(connection.execute(query["sql"]).fetchall())
            got = len(response.json()) if response.status_code == 200 else f"HTTP {response.status_code}: {response.text[:200]}"
            check(f"canned query {name} runs in Datasette ({direct} rows)", min(direct, 1000), got)

    import asyncio
    asyncio.run(through_datasette())


with tempfile.TemporaryDirectory() as work:
    metrics_checks(work)
    datasette_checks(work)
print(f"tools-test: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
