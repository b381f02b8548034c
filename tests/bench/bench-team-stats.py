#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench-team-stats.py SERVER_URL SERVER_BIN DB [MEMBERS] [SCORINGS] [REQUESTS]
# Called by bench-server: seeds a team of MEMBERS (30) people on Team L who
# saved SCORINGS (20,000) scorings over the last twelve months, through the
# real routes (sign-up, invites, pushes of history.save), then times
# GET /v1/teams/{team}/stats REQUESTS (200) times on one kept-alive
# connection as the owner. Memberships are backdated a year in the
# database, so every scoring counts (the route counts what a member saved
# since joining). Prints one JSON line; never fails on time.
import http.client
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid

url, server_bin, db = sys.argv[1], sys.argv[2], sys.argv[3]
n_members = int(sys.argv[4]) if len(sys.argv) > 4 else 30
n_scorings = int(sys.argv[5]) if len(sys.argv) > 5 else 20000
n_requests = int(sys.argv[6]) if len(sys.argv) > 6 else 200
parsed = urllib.parse.urlparse(url)
conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)


def call(method, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    if data is not None:
        headers["Content-Length"] = str(len(data))
    conn.request(method, path, body=data, headers=headers)
    reply = conn.getresponse()
    text = reply.read()
    if reply.status // 100 != 2:
        sys.exit("bench-team-stats: %s %s: %d %s" % (method, path, reply.status, text[:200]))
    return json.loads(text) if text else None


random.seed(42)
people = []
for i in range(n_members):
    email = "stats%02d@example.jp" % i
    session = call("POST", "/v1/auth/signup", body={"email": email, "password": "bench password",
                                                    "name": "メンバー%02d" % i})
    people.append((email, session["access_token"], session["user"]["tenant"]))
    subprocess.run([server_bin, "set-plan", "--db", db, email, "pro"], check=True,
                   stdout=subprocess.DEVNULL)
owner = people[0][1]
team = call("POST", "/v1/teams", owner, {"name": "ベンチマーク", "plan": "team_l"})
for email, token, _ in people[1:]:
    invite = call("POST", "/v1/teams/%s/invites" % team["id"], owner, {"email": email})
    call("POST", "/v1/invites/accept", token, {"token": invite["token"]})
call("POST", "/v1/sync/push", owner,
     {"client_id": "bench-rules", "mutations": [{"id": 1, "name": "team_rules.set_field",
                                                 "tenant": team["tenant"],
                                                 "args": {"field": "min_score", "value": 70}}]})
with sqlite3.connect(db, timeout=30) as database:
    database.execute("UPDATE membership SET created_at = created_at - 400 * 86400 * 1000000"
                     " WHERE tenant = ?", (team["tenant"],))

now = int(time.time() * 1e6)
goals = ["purchase", "signup", "reservation", "visit", "read", "event", "any"]
per_member = [n_scorings // n_members + (1 if i < n_scorings % n_members else 0)
              for i in range(n_members)]
for (email, token, tenant), count in zip(people, per_member):
    for start in range(0, count, 250):
        mutations = []
        for j in range(start, min(count, start + 250)):
            created = now - random.randint(0, 360 * 86400) * 1000000
            input_json = json.dumps({"schema": 1, "channel": "email", "subject": "件名",
                                     "segment": {"goal": random.choice(goals)}},
                                    ensure_ascii=False)
            mutations.append({"id": j + 1, "name": "history.save", "tenant": tenant,
                              "args": {"id": str(uuid.uuid4()), "created_at": created,
                                       "channel": "email", "subject": "【限定】冬のセール %d" % j,
                                       "preheader": "", "body": "本文" * 200,
                                       "input_json": input_json,
                                       "result_json": json.dumps({"schema": 1, "findings": []}),
                                       "engine": "bench", "total": random.randint(35, 98)}})
        call("POST", "/v1/sync/push", token, {"client_id": "bench-stats",
                                              "mutations": mutations})

path = "/v1/teams/%s/stats" % team["id"]
first = call("GET", path, owner)
counted = sum(m["scorings"] for m in first["team"]["months"])
times = []
for _ in range(n_requests):
    started = time.perf_counter()
    call("GET", path, owner)
    times.append((time.perf_counter() - started) * 1000)
times.sort()
print(json.dumps({"bench": "server", "endpoint": "GET /v1/teams/{team}/stats",
                  "members": n_members, "scorings": n_scorings, "scorings_counted": counted,
                  "requests": n_requests,
                  "p50_ms": round(statistics.median(times), 2),
                  "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
                  "max_ms": round(times[-1], 2)}))
