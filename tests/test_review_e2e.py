"""End to end: the review app in headless Chromium (Playwright), driven with the keyboard (and the mouse).

Needs Debian's ``chromium`` at /usr/bin/chromium (``.ci/run`` installs it) and the ``playwright`` package;
skips with the reason otherwise. Playwright's own browser download is not used.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from review_helpers import FIXED_TIME, PAPER_ID, copy_fixture, fixed_clock

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "e2e-token-5f2c9a"
MODEL_VERSION = "pipeline 0.1.0 cfg 0000000000000000"

pytestmark = pytest.mark.browser


def _require_browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: install Debian's chromium (apt-get install chromium) to run "
                    "the browser test")
    return pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed "
                               "(.venv/bin/pip install playwright)")


class ServerThread:
    """uvicorn on a free loopback port (port 0: the OS picks), in a daemon thread."""

    def __init__(self, app):
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the review server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _launch(pw, user_data: Path):
    return pw.chromium.launch_persistent_context(
        str(user_data), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1200, "height": 900}, locale="zh-CN", accept_downloads=True)


def _expected_export() -> list[dict]:
    def row(sentence, tag, status, label, evidence, orig_label, orig_evidence, conf, source, text, start, end,
            actor=None, strength=None, instrument=None):
        return {"paper": PAPER_ID, "sentence": sentence, "tag": tag, "reviewer": "alice", "status": status,
                "label": label, "evidence_type": evidence, "actor": actor, "strength": strength,
                "instrument": instrument, "note": None, "original_label": orig_label,
                "original_evidence_type": orig_evidence, "confidence": conf, "source": source, "text": text,
                "start": start, "end": end, "time": FIXED_TIME, "model_version": MODEL_VERSION}

    return [
        row("c2", "t1", "rejected", "policy_recommendation", None, "policy_recommendation", None, 0.41,
            "rule:rec.modal_ying", "然而在促进产业集群发展的问题上 ,政府应扮演什么角色则一直是争论的焦点。", 51, 87,
            actor="政府", strength="should"),
        row("c7", "t2", "accepted", "cited_evidence", "statistic", "cited_evidence", "statistic", 0.93,
            "rule:evi.percent_number",
            "据浙江省经贸委调查 ,2003 年 ,浙江全省工业总产值在 10亿元以上的制造业产业集群有 149个 ,工业总产值合计 1 万亿元"
            " ,约占全省制造业总量的 50 % ,这些星罗棋布的产业群已经成为浙江开拓国际、国内市场的生产基地。", 407, 522),
        row("c8", "r1", "added", "cited_evidence", "statistic", None, None, 1.0, "review:alice",
            "像绍兴的纺织企业 ,高达 20 %的企业处于停产或半停产状态。", 522, 553),
        row("c11", "t4", "relabelled", "cited_evidence", "citation", "cited_evidence", "case", 0.47,
            "rule:evi.author_renwei", "Langendijk认为 ,政府应根据集群的不同发展模式选择相应的政策。", 606, 642),
        row("c11", "t5", "relabelled", "policy_recommendation", None, "policy_recommendation", None, 0.66,
            "rule:rec.modal_ying", "Langendijk认为 ,政府应根据集群的不同发展模式选择相应的政策。", 606, 642,
            actor="地方政府", strength="must"),
        row("c15", "t7", "rejected", "policy_recommendation", None, "policy_recommendation", None, 0.91,
            "rule:rec.modal_ying", "地方政府应运用舆论的力量 ,大力宣传、引导集群文化的形成。", 736, 765,
            actor="地方政府", strength="should", instrument="environment"),
        row("c17", "r2", "added", "policy_recommendation", None, None, None, 1.0, "review:alice",
            "积极引导和推动企业建立行业自律性社团组织 ,政府监管与行业自律并举 ,共同规范市场秩序 ,制止无序竞争。", 805, 857),
    ]


def test_review_e2e_keyboard_decisions_persist_and_export(tmp_path):
    sync_api = _require_browser()
    from pipeline.review.app import ReviewConfig, create_app
    from pipeline.review.store import EventStore

    out = copy_fixture(tmp_path)
    store = EventStore(out / "review.sqlite", clock=fixed_clock)
    app = create_app(ReviewConfig(out_dir=out, reviewer="alice", token=TOKEN), store=store)
    with ServerThread(app) as base, sync_api.sync_playwright() as pw:
        ctx = _launch(pw, tmp_path / "chromium-profile")
        try:
            page = ctx.new_page()
            page.set_default_timeout(10_000)
            # Without the token nothing is served; the first visit with ?token= sets the cookie.
            assert page.goto(base + "/").status == 401
            page.goto(base + "/?token=" + TOKEN)
            assert page.url == base + "/"
            assert page.locator("td.progress").inner_text().startswith("0 / 8")
            page.click(f"a[href='/paper/{PAPER_ID}'] >> nth=0")
            page.wait_for_selector(".item.focused")
            focused = page.locator(".item.focused")
            assert focused.get_attribute("id") == "s-c1"

            page.keyboard.press("j")
            assert focused.get_attribute("id") == "t-t1"
            page.keyboard.press("x")                      # reject t1, move on
            page.wait_for_selector("#t-t1.status-rejected")
            assert focused.get_attribute("id") == "s-c4"
            for _ in range(3):
                page.keyboard.press("j")
            assert focused.get_attribute("id") == "t-t2"
            page.keyboard.press("a")                      # accept t2, move on to the untagged c8
            page.wait_for_selector("#t-t2.status-accepted")
            assert focused.get_attribute("id") == "s-c8"
            page.keyboard.press("3")                      # c8 is untagged: add a statistic tag
            page.wait_for_selector("#t-r1.status-added")
            assert page.locator(".item.focused").get_attribute("id") == "t-t3"
            page.keyboard.press("j")
            assert page.locator(".item.focused").get_attribute("id") == "t-t4"
            page.keyboard.press("2")                      # relabel t4 case -> citation
            page.wait_for_selector("#t-t4.status-relabelled")
            assert page.locator("#t-t4 .name").inner_text() == "citation"
            assert page.locator(".item.focused").get_attribute("id") == "t-t5"
            page.keyboard.press("a")                      # accept t5 ... then undo it
            page.wait_for_selector("#t-t5.status-accepted")
            page.keyboard.press("u")
            page.wait_for_selector("#t-t5.status-open")
            assert page.locator(".item.focused").get_attribute("id") == "t-t5"
            page.keyboard.press("e")                      # edit t5's attributes in the dialog, Enter saves
            page.wait_for_selector("#edit-dialog[open]")
            page.fill("#edit-form input[name=actor]", "地方政府")
            page.select_option("#edit-form select[name=strength]", "must")
            page.press("#edit-form input[name=actor]", "Enter")
            page.wait_for_selector("#t-t5.status-relabelled")
            assert page.locator("#t-t5 .attrs").inner_text() == "actor 地方政府 strength must"
            assert page.locator(".item.focused").get_attribute("id") == "t-t6"
            page.keyboard.press("n")                      # a note, then Esc: nothing is saved
            page.wait_for_selector("#note-dialog[open]")
            page.fill("#note-form textarea", "不保存")
            page.keyboard.press("Escape")
            assert page.locator("#t-t6 .status").inner_text() == "unreviewed"
            # the same with the mouse: click a tag, then a toolbar button; click an untagged sentence, add a tag
            page.click("#t-t7 .name")
            assert page.locator(".item.focused").get_attribute("id") == "t-t7"
            page.click(".toolbar button[data-key=x]")
            page.wait_for_selector("#t-t7.status-rejected")
            page.click("#s-c17 .text")
            assert page.locator(".item.focused").get_attribute("id") == "s-c17"
            page.click(".toolbar button[data-key='1']")
            page.wait_for_selector("#s-c17 #t-r2.status-added")

            page.reload()
            page.wait_for_selector(".item.focused")
            statuses = {i: page.locator(f"#t-{i} .status").inner_text()
                        for i in ("t1", "t2", "t3", "t4", "t5", "t6", "r1")}
            assert statuses == {"t1": "rejected", "t2": "accepted", "t3": "unreviewed", "t4": "relabelled",
                                "t5": "relabelled", "t6": "unreviewed", "r1": "added"}
            assert page.locator("#t-t6 .note").inner_text() == ""
            assert page.locator("#s-c8 .tag .name").inner_text() == "statistic"
            assert page.locator("#progress").inner_text() == "5 / 8 reviewed, 2 added"

            with page.expect_download() as info:
                page.click("a[href='/api/export?format=jsonl']")
            path = tmp_path / "export.jsonl"
            info.value.save_as(path)
        finally:
            ctx.close()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == _expected_export()
    shutil.rmtree(tmp_path / "chromium-profile", ignore_errors=True)
