#!/usr/bin/env python3
"""The peer baseline of scripts/bench: the plain script a user could write in an afternoon instead of using
ghl-to-sqlite. A thread pool fetches GET /contacts/{id} with http.client (one keep-alive connection per
thread), json parses each body, and the main thread normalizes it into the same tables (created by the same
schema/*.sql files, so the same indexes, views and FTS triggers) and writes them with sqlite3, 500 contacts
per transaction, WAL with synchronous = NORMAL as ghl-to-sqlite uses. Every contact is written, changed or
not: an upsert of its row (so the FTS triggers see an update), its child rows deleted and inserted again.

  bench-peer.py BASE_URL IDS_FILE DB [THREADS]     token: GHL_ACCESS_TOKEN

Prints "contacts requests" when done. Bench-only: no retries, no rate limiting (the bench's simulator has
none), no resume.
"""
import datetime, glob, http.client, json, os, sqlite3, sys, threading, urllib.parse
from concurrent.futures import ThreadPoolExecutor

CONTACT_TEXT = {
    "locationId": "location_id", "name": "name", "firstName": "first_name", "lastName": "last_name",
    "email": "email", "emailLowerCase": "email_lower_case", "timezone": "timezone", "companyName": "company_name",
    "phone": "phone", "type": "type", "source": "source", "assignedTo": "assigned_to", "address1": "address1",
    "city": "city", "state": "state", "country": "country", "postalCode": "postal_code", "website": "website",
    "dateAdded": "date_added", "dateUpdated": "date_updated",
}
ATTRIBUTION_TEXT = {
    "url": "url", "campaign": "campaign", "utmSource": "utm_source", "utmMedium": "utm_medium",
    "utmContent": "utm_content", "utmTerm": "utm_term", "utmCampaign": "utm_campaign", "referrer": "referrer",
    "sessionSource": "session_source", "medium": "medium", "mediumId": "medium_id", "fbclid": "fbclid",
    "gclid": "gclid",
}
CONTACT_COLUMNS = ["id"] + list(CONTACT_TEXT.values()) + [
    "dnd", "date_of_birth", "raw_json", "normalization_version", "synced_at", "sync_run_id"]
ATTRIBUTION_COLUMNS = ["contact_id", "origin", "ordinal"] + list(ATTRIBUTION_TEXT.values()) + [
    "is_first", "is_last", "raw_json"]


def text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return None


def flag(value):
    if isinstance(value, bool):
        return int(value)
    if value in (0, 1, "true", "false"):
        return 1 if value in (1, "true") else 0
    return None


def date_of_birth(value):
    if isinstance(value, str) and len(value) >= 10:
        return value[:10]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.datetime.fromtimestamp(value / 1000, datetime.timezone.utc).strftime("%Y-%m-%d")
    return None


def value_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(value)]


def attribution(contact_id, item, origin, ordinal):
    row = {"contact_id": contact_id, "origin": origin, "ordinal": ordinal, "raw_json": json.dumps(item)}
    for key, column in ATTRIBUTION_TEXT.items():
        row[column] = text(item.get(key))
    row["is_first"], row["is_last"] = flag(item.get("isFirst")), flag(item.get("isLast"))
    return tuple(row[c] for c in ATTRIBUTION_COLUMNS)


def normalize(contact, run_id, now):
    cid = contact["id"]
    row = {column: text(contact.get(key)) for key, column in CONTACT_TEXT.items()}
    row.update(id=cid, dnd=flag(contact.get("dnd")), date_of_birth=date_of_birth(contact.get("dateOfBirth")),
               raw_json=json.dumps(contact, ensure_ascii=False), normalization_version=1, synced_at=now,
               sync_run_id=run_id)
    tags = contact.get("tags")
    tags = [tags] if isinstance(tags, str) else tags if isinstance(tags, list) else []
    tag_rows = [(cid, i, text(t)) for i, t in enumerate(tags) if text(t) is not None]
    fields = {}
    for position, field in enumerate(contact.get("customFields") or []):
        if isinstance(field, dict) and text(field.get("id")) is not None:
            value = field.get("value")
            number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
            fields[text(field["id"])] = (cid, text(field["id"]), position, value_type(value), number,
                                        json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    attributions = [attribution(cid, item, "attributions", i)
                    for i, item in enumerate(contact.get("attributions") or []) if isinstance(item, dict)]
    for key in ("attributionSource", "lastAttributionSource"):
        if isinstance(contact.get(key), dict):
            attributions.append(attribution(cid, contact[key], key, 0))
    dnd = []
    for key, direction in (("dndSettings", "outbound"), ("inboundDndSettings", "inbound")):
        settings = contact.get(key)
        if isinstance(settings, dict):
            for channel, setting in settings.items():
                if isinstance(setting, dict):
                    dnd.append((cid, direction, channel, text(setting.get("status")), text(setting.get("message")),
                                text(setting.get("code"))))
    return tuple(row[c] for c in CONTACT_COLUMNS), tag_rows, list(fields.values()), attributions, dnd


def main(base_url, ids_file, db_path, threads=8):
    ids = [line.strip() for line in open(ids_file) if line.strip() and not line.startswith("#")]
    url = urllib.parse.urlparse(base_url)
    headers = {"Authorization": "Bearer " + os.environ["GHL_ACCESS_TOKEN"], "Version": "2021-07-28",
               "Accept": "application/json"}
    local = threading.local()

    def fetch(contact_id):
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        local.conn.request("GET", f"/contacts/{contact_id}", headers=headers)
        response = local.conn.getresponse()
        body = response.read()
        return json.loads(body)["contact"] if response.status == 200 else None

    fresh = not os.path.exists(db_path)
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    if fresh:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schema")
        for path in sorted(glob.glob(os.path.join(root, "*.sql"))):
            db.executescript(open(path).read())
    now = datetime.datetime.now(datetime.timezone.utc).isoformat()
    run_id = db.execute("INSERT INTO sync_runs (started_at, status) VALUES (?, 'running')", (now,)).lastrowid
    upsert = (f"INSERT INTO contacts ({', '.join(CONTACT_COLUMNS)}) VALUES ({', '.join('?' * len(CONTACT_COLUMNS))}) "
              "ON CONFLICT (id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in CONTACT_COLUMNS[1:]))
    stored = 0

    def write(batch):
        db.execute("BEGIN")
        for contact, tags, fields, attributions, dnd in batch:
            cid = contact[0]
            db.execute(upsert, contact)
            for table in ("contact_tags", "contact_custom_fields", "contact_attributions", "contact_dnd_settings"):
                db.execute(f"DELETE FROM {table} WHERE contact_id = ?", (cid,))
            db.executemany("INSERT INTO contact_tags VALUES (?, ?, ?)", tags)
            db.executemany("INSERT INTO contact_custom_fields (contact_id, field_id, position, value_type, "
                           "value_number, value_json) VALUES (?, ?, ?, ?, ?, ?)", fields)
            db.executemany(f"INSERT INTO contact_attributions ({', '.join(ATTRIBUTION_COLUMNS)}) "
                           f"VALUES ({', '.join('?' * len(ATTRIBUTION_COLUMNS))})", attributions)
            db.executemany("INSERT INTO contact_dnd_settings VALUES (?, ?, ?, ?, ?, ?)", dnd)
            db.execute("INSERT OR REPLACE INTO sync_run_contacts VALUES (?, ?, 1)", (run_id, cid))
        db.execute("COMMIT")

    batch = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for contact in pool.map(fetch, ids):
            if contact is None:
                continue
            batch.append(normalize(contact, run_id, now))
            stored += 1
            if len(batch) == 500:
                write(batch)
                batch = []
    if batch:
        write(batch)
    db.execute("UPDATE sync_runs SET status = 'succeeded', contacts_synced = ?, requests = ? WHERE id = ?",
               (stored, len(ids), run_id))
    db.close()
    print(stored, len(ids))


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    main(*sys.argv[1:4], *(int(a) for a in sys.argv[4:]))
