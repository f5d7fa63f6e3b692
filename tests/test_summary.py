"""The summary for the doctor as plain Python: built from a conversation's
events over several visits, as a page and as a PDF; its links' tokens;
the conversation offering it. (Served and opened in a browser:
tests/test_summary_server.py.)"""

from __future__ import annotations

import base64
import re
import stat
import zlib

import pytest

from bot.conversation import Case
from bot.summary import build_summary, summary_html, summary_pdf
from bot.summary import token as tokens
from bot.summary.build import sections
from bot.summary.links import with_links
from bot.summary.pdf import BODY, MARGIN, PAGE_W, width, wrap
from tests.conversation_helpers import CONVERSATION, TEXTS, entities, turn

K = CONVERSATION.knowledge
DAY_S = 86400
START = 1_790_000_000.0  # 2026-09-21
FIRST = "my left eyelid twitches for 3 days and I drink coffee"
SECRET = b"test-secret-of-the-summary"


def record(steps, start=START):
    """The events Rasa stores for these (intent, text) steps, with a
    ("return_after", days) step starting a new visit; and the last case."""
    events, case, now = [{"event": "session_started", "timestamp": start}], Case(), start
    for intent, text in steps:
        if intent == "return_after":
            now += float(text) * DAY_S
            case = case.carry_over(float(text)) or Case()
            events.append({"event": "session_started", "timestamp": now})
            events += [{"event": "slot", "name": k, "value": v} for k, v in case.to_slots().items()]
            continue
        if intent == "start_over":
            events.append({"event": "reset_slots", "timestamp": now})
            case = Case()
            continue
        now += 60
        parse = {"intent": {"name": intent}, "entities": entities(text)}
        events.append({"event": "user", "text": text, "timestamp": now, "parse_data": parse})
        result = turn(case, intent, text)
        case = result.case
        events += [{"event": "bot", "text": r.text, "data": {"custom": r.custom}} for r in result.replies]
        events += [{"event": "slot", "name": k, "value": v} for k, v in case.to_slots().items()]
    return events, case


TWO_VISITS = [
    ("describe_symptoms", FIRST),
    ("deny", "none of these"),
    ("return_after", "12.4"),
    ("greet", "hi"),
    ("affirm", "yes, still twitching"),
]


def pdf_text(pdf: bytes) -> str:
    """The text shown by the PDF's pages (its strings, in order)."""
    streams = re.findall(rb"stream\n(.*?)\nendstream", pdf, re.S)
    shown = [re.findall(rb"\((.*?)(?<!\\)\) Tj", zlib.decompress(s)) for s in streams]
    return "".join(b"".join(part).decode("cp1252") for part in shown).replace("\\(", "(").replace("\\)", ")")


def test_the_summary_holds_the_words_with_dates_each_visit_the_signs_and_the_latest_advice():
    events, case = record(TWO_VISITS)
    summary = build_summary(events, K, TEXTS, now=START + 13 * DAY_S)
    assert [r.words for r in summary.reports] == [FIRST, "yes, still twitching"]
    assert summary.reports[0].when == START + 60
    assert [(v.duration, v.level) for v in summary.visits] == [
        ("3 days", K.label("triage_level", "self_care")),
        ("15 days", K.label("triage_level", "gp_routine")),
    ]
    assert summary.level == K.label("triage_level", "gp_routine") and summary.reasons
    answers = {s.sign: s.answer for s in summary.signs}
    assert answers == {K.label("symptom", s): "no" for s in K.red_flag_symptoms} | {
        f"twitching of the {K.label('body_part', p)}": "not named" for p in K.red_flag_body_parts
    }
    assert (K.label("exposure", "caffeine"), "coffee") in summary.findings and ("for 15 days", None) in summary.findings
    assert summary.screen == TEXTS.questions["red_flags"].text and summary.disclaimer == K.disclaimer
    words = "\n".join(
        [s.title for s in sections(summary)] + [i.lead + i.text for s in sections(summary) for i in s.items]
    )
    assert "21 Sep 2026" in words and f"“{FIRST}”" in words


def test_an_affirmed_warning_sign_is_a_yes_in_the_persons_words_and_unasked_ones_say_so():
    events, _ = record([("describe_symptoms", "my calf twitches for 2 weeks and my hand feels weak")])
    signs = {s.sign: s for s in build_summary(events, K, TEXTS).signs}
    weakness = signs[K.label("symptom", "weakness")]
    assert weakness.answer == "yes" and "weak" in (weakness.words or "")
    assert "not asked" in {s.answer for s in signs.values()}


def test_a_message_read_as_delete_my_data_that_was_not_confirmed_stays_in_the_persons_words():
    forgetful = "I keep forgetting things lately"
    events, _ = record([*TWO_VISITS[:2], ("forget_me", forgetful), ("deny", "no")])
    assert forgetful in [r.words for r in build_summary(events, K, TEXTS).reports]


def test_start_over_leaves_what_came_before_out():
    events, _ = record([("describe_symptoms", "my eyelid twitches and I smoke"), ("start_over", ""), *TWO_VISITS[:2]])
    summary = build_summary(events, K, TEXTS)
    assert [r.words for r in summary.reports] == [FIRST] and "smoke" not in str(summary)


def test_before_any_advice_the_summary_says_so():
    summary = build_summary([], K, TEXTS)
    assert summary.level is None and summary.disclaimer == K.disclaimer
    assert "No advice was given yet." in summary_html(summary, "x/pdf")


def test_the_page_is_complete_accessible_escaped_and_printable():
    script = "<script>alert(1)</script> my eyelid twitches for 3 weeks and I drink coffee"
    events, _ = record([("describe_symptoms", script), ("deny", "none of these")])
    html = summary_html(build_summary(events, K, TEXTS), "TOKEN/pdf")
    assert html.startswith("<!doctype html>") and '<html lang="en">' in html and "<title>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<meta name="viewport"' in html and "@media print" in html and 'href="TOKEN/pdf"' in html
    assert html.count("<h1>") == 1 and html.count("<h2>") == len(sections(build_summary(events, K, TEXTS)))
    assert K.label("triage_level", "gp_routine") in html


def test_the_pdf_is_a_well_formed_file_of_one_page_for_a_typical_case_with_the_same_words():
    events, _ = record(TWO_VISITS)
    summary = build_summary(events, K, TEXTS)
    pdf = summary_pdf(summary)
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    # Every object is where the cross-reference table says.
    xref = int(re.findall(rb"startxref\n(\d+)", pdf)[0])
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n", pdf[xref:])]
    assert all(re.match(rb"%d 0 obj" % n, pdf[o:]) for n, o in enumerate(offsets, start=1))
    assert pdf.count(b"/Type /Page ") == 1
    text = " ".join(pdf_text(pdf).split())
    for section in sections(summary):
        assert section.title in text
    assert FIRST in text and f"Advice: {summary.level}" in text and "page 1 of 1" in text


def test_a_long_case_flows_onto_more_pages_and_no_line_is_wider_than_the_page():
    many = [("describe_symptoms", f"day {i}: my calf and thigh twitch, I had {i} coffees " * 6) for i in range(40)]
    events, _ = record([("describe_symptoms", FIRST), *many])
    pdf = summary_pdf(build_summary(events, K, TEXTS))
    pages = pdf.count(b"/Type /Page ")
    assert pages > 2 and f"page {pages} of {pages}" in pdf_text(pdf)
    url = "https://example.org/" + "x" * 300  # a word wider than a line is split
    room = PAGE_W - 2 * MARGIN
    for line in wrap([("F1", "see"), ("F1", url), ("F2", "Weakness:")], room, BODY.size):
        assert sum(width(w, f, BODY.size) for f, w in line) <= room


def test_text_outside_winansi_prints_as_a_question_mark_not_a_failure():
    events, _ = record([("describe_symptoms", "my eyelid twitches 😟 for 3 days — café")])
    text = pdf_text(summary_pdf(build_summary(events, K, TEXTS)))
    assert "? for 3 days — café" in text


# --- tokens ---------------------------------------------------------------------------


def test_a_token_grants_its_conversation_until_it_expires():
    token = tokens.mint("alice", "nonce-1", SECRET, expires=1000)
    assert tokens.verify(token, SECRET, now=999) == tokens.Grant("alice", "nonce-1", 1000)
    assert tokens.verify(token, SECRET, now=1000) is None
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token)


def test_a_token_does_not_show_whose_conversation_it_is():
    # The conversation id lets its holder write as the person: a link must not carry it readably.
    sender = "socket-session-4f9c2a"
    token = tokens.mint(sender, "nonce-1", SECRET, expires=10**10)
    opened = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert sender.encode() not in opened and b"nonce-1" not in opened and sender not in token
    assert token != tokens.mint(sender, "nonce-1", SECRET, expires=10**10)  # a fresh IV each time


def _flip(text: str, at: int) -> str:
    return text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1 :]


def test_every_tampered_token_is_refused():
    token = tokens.mint("alice", "nonce-1", SECRET, expires=10**10)
    other = tokens.mint("bob", "nonce-1", SECRET, expires=10**10)
    tampered = [_flip(token, i) for i in range(len(token))]
    tampered += [token[:-1], token[:20], other[:20] + token[20:], token + "A", token + ".x", "", ".", "é.é"]
    tampered += ["abc.é", token[:-1] + "é", "x" * 5000, "AAAA"]
    accepted = [t for t in tampered if tokens.verify(t, SECRET, now=0) not in (None, tokens.verify(token, SECRET, 0))]
    assert not accepted
    # A flip in the padding bits of the last base64 character may decode alike; none is granted otherwise.
    assert sum(tokens.verify(t, SECRET, now=0) is not None for t in tampered) <= 1
    assert tokens.verify(token, b"another secret!!", now=0) is None


def test_settings_that_cannot_work_stop_the_server_naming_the_setting(monkeypatch, tmp_path):
    monkeypatch.setenv(tokens.DAYS, "0")
    with pytest.raises(tokens.SummarySettingsError, match=tokens.DAYS):
        tokens.link_days()
    monkeypatch.setenv(tokens.DAYS, "a week")
    with pytest.raises(tokens.SummarySettingsError, match="a week"):
        tokens.check_settings()
    monkeypatch.setenv(tokens.DAYS, "2.5")
    assert tokens.link_days() == 2.5
    monkeypatch.setenv(tokens.SECRET, "short")
    tokens.configured_secret.cache_clear()
    try:
        with pytest.raises(tokens.SummarySettingsError, match=tokens.SECRET):
            tokens.check_settings()
        monkeypatch.delenv(tokens.SECRET)
        empty = tmp_path / "summary-secret"
        empty.write_text("\n")
        monkeypatch.setenv(tokens.SECRET_FILE, str(empty))
        with pytest.raises(tokens.SummarySettingsError, match=str(empty)):
            tokens.check_settings()
    finally:
        tokens.configured_secret.cache_clear()


def test_a_token_is_for_the_nonce_the_conversation_holds():
    grant = tokens.Grant("alice", "nonce-1", 10**10)
    assert tokens.nonce_matches(grant, "nonce-1")
    assert not tokens.nonce_matches(grant, "nonce-2") and not tokens.nonce_matches(grant, None)


def test_without_a_configured_secret_one_is_made_once_readable_by_this_user_only(tmp_path, monkeypatch):
    monkeypatch.delenv(tokens.SECRET, raising=False)
    monkeypatch.setenv(tokens.SECRET_FILE, str(tmp_path / "var" / "summary-secret"))
    tokens.configured_secret.cache_clear()
    try:
        first = tokens.configured_secret()
        tokens.configured_secret.cache_clear()
        assert tokens.configured_secret() == first and len(first) >= 32
        assert stat.S_IMODE((tmp_path / "var" / "summary-secret").stat().st_mode) == 0o600
        monkeypatch.setenv(tokens.SECRET, "from-the-environment")
        tokens.configured_secret.cache_clear()
        assert tokens.configured_secret() == b"from-the-environment"
    finally:
        tokens.configured_secret.cache_clear()


# --- the offer ----------------------------------------------------------------------------


def test_asking_before_any_advice_says_what_to_tell_first_and_the_intake_goes_on():
    first = turn(Case(), "request_summary", "can I get a summary?")
    assert [r.text for r in first.replies] == [TEXTS.replies["summary_not_yet"]]
    asked = turn(Case(), "describe_symptoms", "my eyelid twitches")
    mid = turn(asked.case, "request_summary", "pdf for my doctor pls")
    assert mid.replies[0].text == TEXTS.replies["summary_not_yet"]
    assert mid.replies[-1].text.startswith(TEXTS.replies["resume"]) and not any(r.summary_link for r in mid.replies)


def test_an_assessment_at_gp_routine_or_above_offers_the_summary_once_and_self_care_does_not():
    events, case = record(TWO_VISITS[:2])
    assert case.triage_level == "self_care"
    later = turn(case, "describe_symptoms", "actually it's been three weeks")
    assert later.case.triage_level == "gp_routine" and later.replies[-1].summary_link
    assert later.replies[-2].custom  # the offer follows the assessment, its card
    again = turn(later.case, "describe_symptoms", "oh and I started Adderall")
    assert again.case.triage_level == "gp_routine" and not any(r.summary_link for r in again.replies)
    asked = turn(again.case, "request_summary", "can I get a summary?")
    assert [r.summary_link for r in asked.replies] == [True]


def test_asking_for_a_summary_in_the_turn_that_raises_the_level_gives_one_link_after_the_advice():
    events, case = record(TWO_VISITS[:2])
    assert case.triage_level == "self_care"
    both = turn(case, "request_summary", "it's been three weeks now, can I get a summary for my GP?")
    assert both.case.triage_level == "gp_routine"
    assert [r.summary_link for r in both.replies].count(True) == 1 and both.replies[-1].summary_link
    assert any(r.custom for r in both.replies[:-1])  # the assessment, before the link


def test_a_summary_asked_for_in_an_emergency_comes_after_the_advice():
    urgent = turn(Case(), "describe_symptoms", "my tongue twitches and I suddenly can't swallow")
    assert urgent.case.emergency
    asked = turn(urgent.case, "request_summary", "can I get a summary for the hospital?")
    assert "emergency number" in asked.replies[0].text and asked.replies[-1].summary_link


def test_the_link_is_filled_in_with_a_new_nonce_or_the_one_the_conversation_has(monkeypatch):
    monkeypatch.setenv(tokens.SECRET, SECRET.decode())
    monkeypatch.setenv("TWITCH_PUBLIC_URL", "https://twitch.example/")
    tokens.configured_secret.cache_clear()
    try:
        offer = turn(record(TWO_VISITS)[1], "request_summary", "summary please")
        filled, nonce = with_links(offer, "alice", None, now=0)
        text = filled.replies[0].text
        url = re.search(r"https://twitch\.example/webhooks/summary/(\S+)$", text)
        assert url and "{" not in text and "7 days" in text and nonce
        assert tokens.verify(url.group(1), SECRET, now=0) == tokens.Grant("alice", nonce, 7 * DAY_S)
        assert with_links(offer, "alice", "kept", now=0)[1] == "kept"
        plain = turn(Case(), "describe_symptoms", "my eyelid twitches")
        assert with_links(plain, "alice", None) == (plain, None)
    finally:
        tokens.configured_secret.cache_clear()
