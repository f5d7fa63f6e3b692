"""The conversation logic (bot.conversation), in-process: every path of
the intake, interruptions, changes of mind, "I don't know", emergencies."""

import pytest

from bot.conversation import Case
from bot.conversation.texts import QUESTIONS
from tests.conversation_helpers import CONVERSATION, TEXTS, all_said, run, turn

# Steps that leave the intake waiting on each question.
AT_QUESTION = {
    "confirm_sign": [("describe_symptoms", "calf twitch for 3 days, coffee, and I can't rule out weakness")],
    "still_twitching": [
        ("describe_symptoms", "eyelid twitch for 3 days and coffee"),
        ("return_after", "9"),
        ("greet", "hi again"),
    ],
    "body_parts": [("describe_symptoms", "it twitches for 3 days, I drink coffee")],
    "duration_days": [("describe_symptoms", "my calf twitches, I drink coffee")],
    "red_flags": [("describe_symptoms", "calf twitch for 3 days, coffee")],
    "onset": [("describe_symptoms", "my arm is weak and twitching for 3 days, coffee"), ("deny", "no")],
    "exposures": [("describe_symptoms", "calf twitch for 3 days"), ("deny", "no")],
}


def asked(result):
    return result.case.requested_slot


def test_takes_every_fact_from_the_first_message_and_asks_only_what_is_missing():
    result, _ = run([("describe_symptoms", "my eyelid has jumped for 3 days and I live on espresso")])
    case = result.case
    assert case.body_parts == ["eyelid"] and case.duration_days == 3 and case.exposures == ["caffeine"]
    assert asked(result) == "red_flags"  # where, how long and exposures are known


def test_the_intake_asks_in_order_and_assesses_at_the_end():
    result, said = run(
        [
            ("describe_symptoms", "my muscles twitch"),
            ("describe_symptoms", "my calf"),
            ("describe_symptoms", "about 10 days"),
            ("deny", "none of these"),
            ("deny", "none of these"),
        ]
    )
    questions = ("body_parts", "duration_days", "red_flags", "exposures")  # then the assessment
    assert [TEXTS.questions[q].text in s[-1] for q, s in zip(questions, said[:-1], strict=True)] == [True] * 4
    assert asked(result) is None and result.case.assessed
    assert result.case.triage_level == "self_care"
    assert result.replies[-1].custom["assessment"]["triage_level"] == "self_care"


def test_no_to_the_red_flag_screen_denies_each_sign():
    result, _ = run([("describe_symptoms", "eyelid twitch for 2 days, I drink coffee"), ("deny", "no")])
    assert {"weakness", "swallowing_difficulty", "breathing_difficulty"} <= set(result.case.denied_symptoms)
    assert result.case.triage_level == "self_care"


def test_a_bare_yes_to_the_screen_asks_which_then_escalates_if_never_named():
    first, _ = run([("describe_symptoms", "eyelid twitch for 2 days, I drink coffee"), ("affirm", "yes")])
    assert asked(first) == "red_flags" and first.replies[-1].text == TEXTS.questions["red_flags"].again
    second = turn(first.case, "affirm", "yes")
    assert "unspecified_red_flag" in second.case.symptoms
    assert second.case.triage_level == "gp_urgent"


def test_a_red_flag_without_onset_asks_how_it_began_before_assessing():
    result, _ = run([("describe_symptoms", "my hand feels weak and my thumb twitches for 3 weeks, I drink coffee")])
    assert asked(result) == "red_flags"
    result = turn(result.case, "deny", "no others")
    assert asked(result) == "onset"
    sudden = turn(result.case, "affirm", "yes, suddenly")
    assert sudden.case.triage_level == "emergency"
    gradual = turn(result.case, "deny", "no, gradually")
    assert gradual.case.onset == "gradual" and gradual.case.triage_level == "gp_urgent"


@pytest.mark.parametrize(
    "message", ["I can't breathe", "help, I'm having a seizure", "I'm choking", "my speech went slurred suddenly"]
)
def test_an_emergency_sign_stops_the_intake_at_any_point(message):
    for steps in (
        [],
        [("describe_symptoms", "my calf twitches")],
        [("describe_symptoms", "calf twitch for 3 days, coffee"), ("deny", "no")],
    ):
        before, _ = run(steps) if steps else (None, None)
        result = turn(before.case if before else Case(), "emergency", message)
        assert result.case.triage_level == "emergency" and asked(result) is None
        assert "emergency number" in result.replies[0].text
        assert result.replies[0].custom["assessment"]["triage_level"] == "emergency"


def test_an_emergency_sign_in_a_question_still_comes_first():
    result = turn(Case(), "ask_serious", "is it serious that I can't breathe?")
    assert result.case.triage_level == "emergency"


def test_an_emergency_intent_without_findings_is_still_an_emergency():
    result = turn(Case(), "emergency", "call an ambulance")
    assert result.case.triage_level == "emergency"


def test_changes_of_mind_after_the_assessment_update_it():
    result, _ = run([("describe_symptoms", "eyelid twitch for 3 days and I live on espresso"), ("deny", "no")])
    assert result.case.triage_level == "self_care"
    later = turn(result.case, "describe_symptoms", "actually it's been three weeks")
    assert later.case.duration_days == 21 and later.case.triage_level == "gp_routine"
    assert later.replies[0].text.startswith(TEXTS.replies["updated"]) and later.replies[-2].custom
    assert later.replies[-1].summary_link  # gp_routine: the summary for the doctor offered
    again = turn(later.case, "describe_symptoms", "oh and I started Adderall")
    assert "adhd_medication" in again.case.exposures
    assert "stimulant_medication" in again.case.likely_causes
    smoker = turn(again.case, "describe_symptoms", "I don't drink coffee anymore")
    assert "caffeine" in smoker.case.denied_exposures and "caffeine" not in smoker.case.exposures


def test_i_dont_know_is_accepted_and_the_assessment_still_happens():
    result, _ = run(
        [
            ("describe_symptoms", "it twitches"),
            ("dont_know", "I don't know"),
            ("dont_know", "no idea"),
            ("dont_know", "not sure"),
            ("dont_know", "dunno"),
        ]
    )
    assert result.case.assessed and result.case.triage_level == "self_care"
    text = all_said(result)
    assert TEXTS.replies["unsure_red_flags"] in text and "weakness" in text  # unknown stays unknown


@pytest.mark.parametrize("question", QUESTIONS)
def test_no_question_is_asked_a_third_time(question):
    steps = AT_QUESTION[question]
    result, _ = run(steps)
    assert asked(result) == question
    times = 1
    case = result.case
    for _ in range(4):
        result = turn(case, "nlu_fallback", "blorp")
        case = result.case
        spec = TEXTS.questions[question]
        times += sum(spec.text.split("{")[0] in r.text or (spec.again or "#") in r.text for r in result.replies)
    assert times == 2 and asked(result) != question


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize(
    "intent, text, words",
    [
        ("ask_causes", "what causes twitching?", "stress"),
        ("ask_serious", "is it ALS?", "motor neurone"),
        ("ask_bfs", "what is BFS?", "benign fasciculation"),
        ("ask_tests", "which tests?", "blood"),
        ("ask_cause_specific", "can coffee cause this?", "catecholamines"),
        ("ask_duration", "how long will it last?", "weeks"),
    ],
)
def test_questions_are_answered_mid_intake_and_the_intake_resumes(question, intent, text, words):
    steps = AT_QUESTION[question]
    before, _ = run(steps)
    result = turn(before.case, intent, text)
    assert words in result.replies[0].text.lower()
    assert asked(result) == question
    assert result.replies[-1].text.startswith(TEXTS.replies["resume"])
    assert result.case.findings() == before.case.findings()


@pytest.mark.parametrize(
    "text, words",
    [
        ("can vaping cause twitching?", "nicotine"),
        ("could my ventolin do this?", "albuterol"),
        ("can stress cause it?", "stress"),
        ("does magnesium cause twitching?", "calcium"),
        ("can gadolinium cause twitching?", "gadolinium"),
        ("can dehydration cause twitching?", "isn't in what i know"),
    ],
)
def test_can_x_cause_it_for_each_cause(text, words):
    assert words in turn(Case(), "ask_cause_specific", text).replies[0].text.lower()


def test_the_assessment_says_the_evidence_from_the_conversation():
    result, _ = run(
        [("describe_symptoms", "my eyelid twitches for 3 days, I have five espressos a day"), ("deny", "none")]
    )
    text = all_said(result)
    assert 'you mentioned "five espressos"' in text
    assert "not a diagnosis" in text and "Get help sooner if" in text and "not a doctor" in text


def test_bad_input_mid_intake_is_explained_and_the_question_repeated():
    before, _ = run([("describe_symptoms", "my calf twitches, I drink coffee")])
    result = turn(before.case, "nlu_fallback", "")
    assert len(result.replies) == 2 and asked(result) == "duration_days"


def test_after_the_assessment_a_bare_answer_gets_a_pointer_not_a_new_question():
    result, _ = run([("describe_symptoms", "eyelid twitch for 3 days and coffee"), ("deny", "no"), ("deny", "no")])
    assert asked(result) is None and "start over" in result.replies[0].text


# --- the return visit and "delete my data" ------------------------------------------


def test_a_return_visit_recalls_the_case_and_yes_adds_the_days_away():
    result, said = run(
        [
            ("describe_symptoms", "my left eyelid twitches for 3 days and I drink coffee"),
            ("deny", "none"),
            ("return_after", "12.4"),
            ("greet", "hi"),
            ("affirm", "yes"),
        ]
    )
    assert said[2] == [
        "Last time, 12 days ago, you told me about twitching in the eyelid, for 3 days. Is it still twitching?"
    ]
    assert result.case.duration_days == 15.4 and result.case.triage_level == "gp_routine"
    assert "longer than two weeks" in "\n".join(said[3]) and said[3][0].startswith(TEXTS.replies["updated"])


@pytest.mark.parametrize(
    "intent, text",
    [("describe_symptoms", "it's still twitching"), ("describe_symptoms", "yep, and now my calf twitches too")],
)
def test_telling_of_twitching_answers_still_twitching(intent, text):
    result, _ = run(
        [
            ("describe_symptoms", "eyelid twitch for 10 days, coffee"),
            ("deny", "no"),
            ("return_after", "7"),
            (intent, text),
        ]
    )
    assert result.case.duration_days == 17 and result.case.triage_level == "gp_routine"


def test_a_question_about_twitching_does_not_answer_still_twitching():
    result, _ = run(
        [
            ("describe_symptoms", "eyelid twitch for 10 days, coffee"),
            ("deny", "no"),
            ("return_after", "7"),
            ("greet", "hi"),
            ("ask_causes", "what causes twitching?"),
        ]
    )
    assert result.case.requested_slot == "still_twitching" and result.case.duration_days == 10


def test_it_stopped_closes_the_case_and_a_later_visit_recalls_nothing():
    result, said = run(
        [
            ("describe_symptoms", "eyelid twitch for 3 days, coffee"),
            ("deny", "no"),
            ("return_after", "5"),
            ("greet", "hi"),
            ("deny", "no, it stopped"),
        ]
    )
    assert said[-1] == [TEXTS.replies["stopped"]] and result.case.closed
    assert result.case.carry_over(30) is None


def test_nothing_to_recall_without_a_finding():
    assert Case().carry_over(3) is None


def test_an_emergency_case_greets_with_the_emergency_advice():
    result, said = run(
        [
            ("emergency", "my dad suddenly can't speak and his face is drooping"),
            ("return_after", "2"),
            ("greet", "hello"),
        ]
    )
    assert "emergency number" in said[-1][0] and TEXTS.replies["greeting"] not in said[-1][0]


def test_delete_my_data_is_confirmed_first():
    asked_to, said = run([("describe_symptoms", "eyelid twitch for 3 days, coffee"), ("forget_me", "delete my data")])
    assert asked_to.case.requested_slot == "forget_me" and not asked_to.case.forget
    assert turn(asked_to.case, "affirm", "yes").case.forget
    assert turn(asked_to.case, "forget_me", "yes, delete it").case.forget
    kept = turn(asked_to.case, "deny", "no")
    assert not kept.case.forget and kept.replies[0].text == TEXTS.replies["not_forgotten"]
    assert kept.case.findings() == asked_to.case.findings()


def test_news_instead_of_a_yes_deletes_nothing():
    asked_to, _ = run([("describe_symptoms", "eyelid twitch for 3 days"), ("forget_me", "forget me")])
    result = turn(asked_to.case, "describe_symptoms", "actually I also drink lots of coffee")
    assert not result.case.forget and "caffeine" in result.case.exposures


# Found by review: the return visit and deletion must never hide a warning sign.
def test_it_stopped_with_a_new_warning_sign_is_assessed_not_closed():
    result, said = run(
        [
            ("describe_symptoms", "eyelid twitch for 5 days, coffee"),
            ("deny", "no"),
            ("return_after", "10"),
            ("describe_symptoms", "No it stopped. But my hand feels weaker"),
        ]
    )
    assert not result.case.closed and "weakness" in result.case.symptoms
    assert said[-1][0] == TEXTS.replies["stopped_but"] and result.case.requested_slot == "onset"


def test_it_stopped_on_a_case_that_needs_a_doctor_gives_the_advice_again_and_is_recalled_later():
    result, said = run(
        [
            ("describe_symptoms", "my hand is weaker and my thumb twitches for 2 weeks, coffee"),
            ("deny", "no"),
            ("deny", "no, gradually"),
            ("return_after", "4"),
            ("greet", "hi"),
            ("deny", "no, it stopped"),
        ]
    )
    assert result.case.triage_level == "gp_urgent" and not result.case.closed
    assert said[-1][0] == TEXTS.replies["stopped_but"] and said[-1][1].startswith("My advice:")
    assert result.case.carry_over(7).requested_slot == "still_twitching"


def test_an_emergency_case_that_stopped_is_still_an_emergency_next_visit():
    result, _ = run(
        [
            ("emergency", "my dad suddenly can't speak and his face is drooping"),
            ("return_after", "2"),
            ("deny", "no, it stopped"),
            ("return_after", "3"),
            ("greet", "hello"),
        ]
    )
    assert "emergency number" in result.replies[0].text


def test_a_duration_told_on_return_is_not_added_to_again():
    result, _ = run(
        [
            ("describe_symptoms", "eyelid twitch for 5 days, coffee"),
            ("deny", "no"),
            ("return_after", "10"),
            ("describe_symptoms", "still twitching, it's been 3 weeks now"),
        ]
    )
    assert result.case.duration_days == 21


def test_days_away_add_up_across_visits_until_someone_says_yes():
    result, _ = run(
        [
            ("describe_symptoms", "eyelid twitch for 3 days, coffee"),
            ("deny", "no"),
            ("return_after", "10"),
            ("greet", "hi"),
            ("dont_know", "I don't know"),
            ("return_after", "5"),
            ("greet", "hi"),
            ("affirm", "yes"),
        ]
    )
    assert result.case.duration_days == 18 and result.case.triage_level == "gp_routine"


def test_a_duration_never_told_becomes_the_days_away():
    result, _ = run(
        [
            ("describe_symptoms", "my calf twitches, I drink coffee"),
            ("dont_know", "no idea"),
            ("deny", "none"),
            ("return_after", "16"),
            ("greet", "hi"),
            ("affirm", "yes"),
        ]
    )
    assert result.case.duration_days == 16 and result.case.triage_level == "gp_routine"


def test_a_short_break_keeps_the_pending_question():
    result, _ = run(
        [
            ("describe_symptoms", "eyelid twitch for 3 days, coffee"),
            ("affirm", "yes"),
            ("return_after", "0.05"),
            ("affirm", "yes"),
        ]
    )
    assert "unspecified_red_flag" in result.case.symptoms  # twice yes but never which: escalated


@pytest.mark.parametrize(
    "text, stopped",
    [
        ("no, the twitching has stopped", True),
        ("it's gone now", True),
        ("it hasn’t stopped at all", False),
        ("still there, hasn't gone", False),
    ],
)
def test_stop_words_answer_no_unless_negated(text, stopped):
    result, _ = run(
        [
            ("describe_symptoms", "eyelid twitch for 10 days, coffee"),
            ("deny", "no"),
            ("return_after", "7"),
            ("greet", "hi"),
            ("describe_symptoms", text),
        ]
    )
    assert result.case.stopped == stopped and (result.case.duration_days == 17) != stopped


def test_delete_my_data_takes_in_a_warning_sign_and_says_an_emergency_first():
    asked_to, _ = run(
        [("describe_symptoms", "eyelid twitch for 3 days"), ("forget_me", "delete my data, my arm is weak now")]
    )
    assert "weakness" in asked_to.case.symptoms and asked_to.case.requested_slot == "forget_me"
    urgent, said = run([("emergency", "I can't breathe"), ("forget_me", "delete my data")])
    assert "emergency number" in said[-1][0] and urgent.case.requested_slot == "forget_me"


def test_an_unsure_forget_is_not_a_request_and_an_unsure_yes_deletes_nothing():
    case = run([("describe_symptoms", "eyelid twitch for 3 days")])[0].case
    unsure = CONVERSATION.take_turn(case, "forget_me", [], message="I forget things a lot lately", confidence=0.52)
    assert unsure.case.requested_slot != "forget_me"
    asked_to = CONVERSATION.take_turn(case, "forget_me", [], message="delete my data", confidence=0.97)
    assert not CONVERSATION.take_turn(asked_to.case, "affirm", [], message="ok", confidence=0.5).case.forget
    assert CONVERSATION.take_turn(asked_to.case, "affirm", [], message="yes", confidence=0.95).case.forget
