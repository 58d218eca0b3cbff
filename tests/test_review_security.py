"""Safety of the review server: access token, CSRF, Host check, escaping of hostile paper text."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from pipeline.errors import UsageError
from pipeline.model import Document
from pipeline.review.app import ReviewConfig, create_app
from pipeline.review.security import check_bind
from pipeline.review.store import EventStore
from review_helpers import PAPER_ID, copy_fixture, fixed_clock, load_fixture

BASE = "http://127.0.0.1:8765"
TOKEN = "s3cret-token-for-tests"
HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _client(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

        return TestClient(app, base_url=BASE, follow_redirects=False)


def _app(tmp_path: Path, **kw):
    out = copy_fixture(tmp_path)
    store = EventStore(out / "review.sqlite", clock=fixed_clock)
    return create_app(ReviewConfig(out_dir=out, reviewer=kw.pop("reviewer", "alice"), **kw), store=store), store


def _csrf(client, path=f"/paper/{PAPER_ID}") -> str:
    return re.search(r'data-csrf="([^"]+)"', client.get(path).text).group(1)


def test_review_security_token_required_everywhere(tmp_path):
    app, _ = _app(tmp_path, token=TOKEN)
    c = _client(app)
    for path in ("/", f"/paper/{PAPER_ID}", "/api/export?format=jsonl", "/static/review.js"):
        assert c.get(path).status_code == 401, path
    assert c.get("/", headers={"X-Review-Token": "wrong-token-value"}).status_code == 401
    assert c.post("/api/decide", json={}).status_code == 401
    assert c.get("/", headers={"X-Review-Token": TOKEN}).status_code == 200
    assert c.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    # first visit with ?token= sets an HttpOnly, SameSite=Strict cookie and drops the token from the address
    r = c.get(f"/paper/{PAPER_ID}?token={TOKEN}&label=cited_evidence")
    assert r.status_code == 303
    assert r.headers["location"] == f"/paper/{PAPER_ID}?label=cited_evidence"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"review_token={TOKEN};") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    c.cookies.set("review_token", TOKEN)
    assert c.get("/").status_code == 200


def test_review_security_csrf_on_every_state_change(tmp_path):
    app, store = _app(tmp_path)
    c = _client(app)
    token = _csrf(c)
    body = {"paper": PAPER_ID, "tag": "t2", "decision": "accept"}
    assert c.post("/api/decide", json=body).status_code == 403
    assert c.post("/api/decide", json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert c.post("/api/undo", json={"paper": PAPER_ID}).status_code == 403
    assert c.post("/api/add", json={"paper": PAPER_ID, "sentence": "c8", "label": "policy_recommendation"}
                  ).status_code == 403
    # a cross-site HTML form can send neither the header nor a JSON body
    assert c.post("/api/decide", data=body, headers={"X-CSRF-Token": token}).status_code == 400
    assert c.get("/api/decide").status_code == 405
    assert store.events() == []
    r = c.post("/api/decide", json=body, headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["state"]["status"] == "accepted"
    assert [e.decision for e in store.events()] == ["accept"]
    r = c.post("/api/decide", json={**body, "tag": "t404"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 400 and "E501" in r.json()["error"]


def test_review_security_rejects_foreign_host_header_on_loopback(tmp_path):
    app, _ = _app(tmp_path)
    c = _client(app)
    assert c.get("/", headers={"Host": "attacker.example:8765"}).status_code == 400
    assert c.get("/", headers={"Host": "localhost:8765"}).status_code == 200
    assert c.get("/", headers={"Host": "[::1]:8765"}).status_code == 200


def test_review_security_bind_needs_token():
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    check_bind("0.0.0.0", "long-enough-token")
    with pytest.raises(UsageError, match="--token"):
        check_bind("0.0.0.0", None)
    with pytest.raises(UsageError, match="too short"):
        check_bind("192.168.1.20", "abc")


def test_review_security_hostile_paper_text_is_escaped(tmp_path):
    doc = load_fixture()
    data = doc.model_dump(mode="json")
    sent = next(s for s in data["sentences"] if s["id"] == "c9")
    sent["text"] = "有专家提议政府" + HOSTILE
    sent["tags"][0]["source"] = HOSTILE
    sent["tags"][0]["attributes"]["actor"] = HOSTILE
    sent["tags"][0]["attributes"]["cue"] = "<script>"
    data["sections"][0]["title"] = HOSTILE
    data["title"]["zh"] = HOSTILE
    out = tmp_path / "out"
    (out / "papers").mkdir(parents=True)
    (out / "papers" / f"{PAPER_ID}.json").write_text(Document.model_validate(data).model_dump_json(), "utf-8")
    store = EventStore(out / "review.sqlite", clock=fixed_clock)
    c = _client(create_app(ReviewConfig(out_dir=out, reviewer=HOSTILE), store=store))
    for path in ("/", f"/paper/{PAPER_ID}"):
        r = c.get(path)
        assert r.status_code == 200
        assert "<script>alert" not in r.text and "<img src=x" not in r.text
        assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in r.text
        assert "script-src 'self'" in r.headers["content-security-policy"]
    page = c.get(f"/paper/{PAPER_ID}").text
    assert '<mark class="cue cue-recommendation">&lt;script&gt;</mark>' in page
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    r = c.post("/api/decide", json={"paper": PAPER_ID, "tag": "t3", "decision": "note", "note": HOSTILE},
               headers={"X-CSRF-Token": token})
    assert r.json()["state"]["note"] == HOSTILE                  # stored as text, shown via textContent
    assert "<script>alert" not in c.get(f"/paper/{PAPER_ID}").text
    js = (Path(__file__).resolve().parents[1] / "pipeline" / "review" / "static" / "review.js").read_text("utf-8")
    assert "innerHTML" not in js.replace("never uses innerHTML", "") and "insertAdjacentHTML" not in js
