#!/usr/bin/env python3
"""Lower bounds for scripts/bench: what the cheapest possible code pays on this machine for the work every
sync must do per contact, measured with getrusage around C-level work (Python only loops).

  bench-floors.py http PORT IDS_FILE  - one keep-alive HTTP/1.1 GET per id over a blocking loopback socket
                                        (no event loop, no parsing): prints user and system µs per request
  bench-floors.py sqlite DB           - re-inserts the raw_json of every contact in DB (a finished sync) into
                                        a fresh WAL database, 500 per transaction, nothing else: µs per contact
  bench-floors.py rows DB             - re-inserts every row the sync stored for its contacts (contacts and the
                                        four child tables, same schema and indexes), 500 contacts per
                                        transaction: what SQLite itself costs for the data, µs per contact
Token: GHL_ACCESS_TOKEN.
"""
import os, resource, socket, sqlite3, sys, tempfile


def usage_delta(before):
    after = resource.getrusage(resource.RUSAGE_SELF)
    return after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def http(port, ids_file):
    ids = open(ids_file).read().split()
    token = os.environ.get("GHL_ACCESS_TOKEN", "")
    conn = socket.create_connection(("127.0.0.1", int(port)))
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    before = resource.getrusage(resource.RUSAGE_SELF)
    for contact_id in ids:
        conn.sendall(f"GET /contacts/{contact_id} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                     "Version: 2021-07-28\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
        while len(body) < length:
            body += conn.recv(max(65536, length - len(body)))
    user, system = usage_delta(before)
    print(f"{user * 1e6 / len(ids):.0f} {system * 1e6 / len(ids):.0f}")


def sqlite(db):
    rows = [r[0] for r in sqlite3.connect(db).execute("SELECT CAST(raw_json AS BLOB) FROM contacts")]
    with tempfile.TemporaryDirectory() as directory:
        out = sqlite3.connect(os.path.join(directory, "floor.sqlite"), isolation_level=None)
        out.execute("PRAGMA journal_mode = WAL")
        out.execute("PRAGMA synchronous = NORMAL")
        out.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, raw_json BLOB NOT NULL)")
        before = resource.getrusage(resource.RUSAGE_SELF)
        for start in range(0, len(rows), 500):
            out.execute("BEGIN")
            out.executemany("INSERT INTO contacts (raw_json) VALUES (?)", ((r,) for r in rows[start:start + 500]))
            out.execute("COMMIT")
        out.close()
        user, system = usage_delta(before)
    print(f"{user * 1e6 / len(rows):.0f} {system * 1e6 / len(rows):.0f}")


def rows(db):
    source = sqlite3.connect(db)
    schema = [sql for (sql,) in source.execute(
        "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'contacts_fts_%' ORDER BY rowid")]  # FTS5 creates its shadow tables itself
    children = ["contact_tags", "contact_custom_fields", "contact_attributions", "contact_dnd_settings"]
    # Stored columns only (PRAGMA table_info leaves out generated ones such as value_text), first column first.
    stored = {table: ", ".join(name for (_, name, *_) in source.execute(f"PRAGMA table_info({table})"))
              for table in children}
    contacts = source.execute("SELECT * FROM contacts").fetchall()
    by_contact = {}
    for table in children:
        for row in source.execute(f"SELECT {stored[table]} FROM {table}"):
            by_contact.setdefault((table, row[0]), []).append(row)
    runs = source.execute("SELECT * FROM sync_runs").fetchall()
    with tempfile.TemporaryDirectory() as directory:
        out = sqlite3.connect(os.path.join(directory, "rows.sqlite"), isolation_level=None)
        out.execute("PRAGMA journal_mode = WAL")
        out.execute("PRAGMA synchronous = NORMAL")
        out.execute("PRAGMA cache_size = -4096")
        for sql in schema:
            out.execute(sql)
        out.executemany(f"INSERT INTO sync_runs VALUES ({','.join('?' * len(runs[0]))})", runs)
        before = resource.getrusage(resource.RUSAGE_SELF)
        for start in range(0, len(contacts), 500):
            chunk = contacts[start:start + 500]
            out.execute("BEGIN")
            out.executemany(f"INSERT INTO contacts VALUES ({','.join('?' * len(chunk[0]))})", chunk)
            for table in children:
                batch = [r for c in chunk for r in by_contact.get((table, c[0]), [])]
                if batch:
                    out.executemany(f"INSERT INTO {table} ({stored[table]}) VALUES ({','.join('?' * len(batch[0]))})", batch)
            out.execute("COMMIT")
        out.close()
        user, system = usage_delta(before)
    print(f"{user * 1e6 / len(contacts):.0f} {system * 1e6 / len(contacts):.0f}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "http":
        http(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "sqlite":
        sqlite(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "rows":
        rows(sys.argv[2])
    else:
        sys.exit(__doc__)
