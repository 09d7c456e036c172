"""Shared by the sending benchmarks: the API calls that set up an outreach run through Reach's
own endpoints (an always-open schedule, mailboxes whose SMTP side is a sink on loopback and
whose IMAP side is the Dovecot of scripts/mail-peers.sh, one-step sequences filled by import)."""
import http.client, json, os, time


class Reach:
    def __init__(self, port, key):
        self.key = key
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def call(self, method, path, body=None):
        self.conn.request(method, path, body=json.dumps(body) if body is not None else None,
                          headers={"x-api-key": self.key, "Content-Type": "application/json"})
        r = self.conn.getresponse()
        data = json.loads(r.read() or b"null")
        assert r.status < 300, (path, r.status, data)
        return data["payload"]

    def always_open_schedule(self):
        week = [{"day": d, "slots": [{"start": {"hour": 0, "minute": 0}, "end": {"hour": 24, "minute": 0}}]} for d in range(7)]
        self.call("POST", "/v1/schedules", {"name": "Always", "timezone": "UTC", "isDefault": True, "timeSlots": week})

    def mailbox(self, n, smtp_port):
        """Connects sellerN@example.test (SMTP on the sink without TLS, IMAP on Dovecot); its id."""
        smtp = {"emailAddress": f"seller{n}@example.test", "userName": "bench", "password": "bench", "host": "127.0.0.1", "port": smtp_port,
                "encryption": "none"}
        imap = {"emailAddress": f"seller{n}@example.test", "userName": "sender@example.test", "password": "senderpw", "host": "localhost",
                "port": int(os.environ["REACH_TEST_IMAP_STARTTLS_PORT"]), "encryption": "TLS"}
        box = self.call("POST", "/v1/email-accounts/smtp-imap/connect", {"emailServiceProvider": "other", "fromName": "Sam Seller",
                        "fromFirstName": "Sam", "fromLastName": "Seller", "payload": {"smtp": smtp, "imap": imap}})
        assert box["status"] == 1, box
        return box["id"]

    def limit(self, mailboxes, daily, interval):
        self.call("POST", "/v1/email-accounts/bulk-update", {"emailAccountIds": mailboxes, "senderFirstName": "Sam", "dailyQuota": daily,
                  "sendingIntervalMin": interval, "sendingIntervalMax": interval})

    def sequence(self, title, mailboxes, subject, content):
        """A paused sequence of one email step; its id and the step's."""
        seq = self.call("POST", "/v1/sequences", {"title": title, "emailAccountIds": mailboxes})["id"]
        step = self.call("POST", f"/v1/sequences/{seq}/steps", {"type": "Email", "absoluteDays": 1,
                         "variants": [{"payload": {"subject": subject, "content": content}}]})["id"]
        return seq, step

    def import_into(self, step, rows):
        """Imports the rows into the step's sequence, 100,000 a request, each until it completes."""
        for start in range(0, len(rows), 100000):
            rid = self.call("POST", "/v1/sequences/prospects/import-with-field-name",
                            {"prospectList": rows[start:start + 100000], "conflictAction": "upsert", "stepId": step})["requestId"]
            while not self.call("GET", f"/v1/prospects/import-status/{rid}")["isCompleted"]:
                time.sleep(0.2)

    def set_status(self, sequences, status):
        self.call("POST", "/v1/sequences/status", {"sequenceIds": sequences, "status": status})
