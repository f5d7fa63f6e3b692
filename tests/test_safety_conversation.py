"""Safety of the conversation logic (in-process, real extractor): sticky
warning signs, confirmations, onset per sign, emergencies however they are
reached, and no dead end for a message the NLU cannot read."""

import pytest

from bot.conversation import Case
from tests.conversation_helpers import CONVERSATION, TEXTS, all_said, run, turn
from tests.conversation_helpers import entities as helper_entities

EMERGENCY = "emergency number"


def test_a_bare_yes_to_the_onset_question_after_weakness_is_an_emergency():
    before, _ = run(
        [("describe_symptoms", "my hand feels weak, eyelid twitching 3 weeks, lots of coffee"), ("deny", "no")]
    )
    assert before.case.requested_slot == "onset"
    result = turn(before.case, "affirm", "yes")
    assert result.case.triage_level == "emergency" and EMERGENCY in result.replies[0].text
    assert not result.case.likely_causes and result.case.requested_slot is None


def test_a_bare_yes_to_onset_before_exposures_are_known_is_still_an_emergency():
    before, _ = run([("describe_symptoms", "my arm is weak and twitching for 3 days"), ("deny", "no")])
    assert before.case.requested_slot == "onset" and not before.case.exposures
    result = turn(before.case, "affirm", "yes")
    assert result.case.triage_level == "emergency" and "coffee" not in result.replies[0].text


@pytest.mark.parametrize(
    "message, level",
    [
        ("my right hand won't grip and my words come out slurred, eyelid twitching for 3 days, coffee", "emergency"),
        ("my right hand won't grip, eyelid twitching for a week, coffee", "gp_urgent"),
    ],
)
def test_weakness_with_changed_speech_of_unknown_onset_is_an_emergency(message, level):
    """Asked how it began and not told: weakness with a change in speech may
    be a stroke (when in doubt, escalate); weakness alone is urgent."""
    before, _ = run([("describe_symptoms", message), ("deny", "no")])
    assert before.case.requested_slot == "onset"
    result = turn(before.case, "dont_know", "I don't know")
    assert result.case.onsets["weakness"] == "unknown" and result.case.onset is None
    assert result.case.triage_level == level
    assert result.case.emergency == (level == "emergency")


@pytest.mark.parametrize(
    "later",
    [
        ("describe_symptoms", "coffee. it all started about 3 hours ago"),
        ("describe_symptoms", "now I think of it, it came on suddenly"),
    ],
)
def test_an_unknown_onset_still_takes_a_later_answer(later):
    before, _ = run(
        [
            ("describe_symptoms", "my right hand won't grip, eyelid twitching for 3 days, coffee"),
            ("deny", "no"),
            ("dont_know", "I don't know"),
        ]
    )
    assert before.case.onsets["weakness"] == "unknown"
    assert turn(before.case, *later).case.triage_level == "emergency"


def test_an_onset_question_asked_as_often_as_allowed_leaves_the_onset_unknown():
    before, _ = run(
        [
            (
                "describe_symptoms",
                "my right hand won't grip and my words come out slurred, eyelid twitching for 3 days, coffee",
            ),
            ("deny", "no"),
        ]
    )
    assert before.case.requested_slot == "onset"
    result, _ = run([("ask_serious", "is it ALS?"), ("ask_serious", "is it ALS?")], before.case)
    assert result.case.onsets["weakness"] == "unknown" and result.case.triage_level == "emergency"


@pytest.mark.parametrize(
    "later",
    [
        ("deny", "no"),
        ("deny", "none of those"),
        ("describe_symptoms", "no weakness anywhere else"),
        ("describe_symptoms", "no, I don't think I'm weak"),
    ],
)
def test_a_later_general_no_never_erases_an_affirmed_warning_sign(later):
    result, _ = run([("describe_symptoms", "my hand is weak and my thumb twitches, 2 weeks, I drink coffee"), later])
    assert "weakness" in result.case.symptoms and "weakness" not in result.case.denied_symptoms


def test_a_retraction_of_that_same_sign_removes_it():
    before, _ = run([("describe_symptoms", "my arm is weak and twitches, 2 weeks, coffee")])
    result = turn(before.case, "describe_symptoms", "sorry, my arm isn't weak, I meant tired")
    assert "weakness" not in result.case.symptoms and "weakness" in result.case.denied_symptoms


def test_a_stroke_described_in_a_question_gets_emergency_advice():
    result = turn(
        Case(), "ask_serious", "is it bad that my dad's face is twitching and he suddenly can't get his words out?"
    )
    assert result.case.triage_level == "emergency" and EMERGENCY in result.replies[0].text


def test_a_sign_inside_a_question_is_taken_in_and_the_intake_goes_on():
    result = turn(Case(), "ask_serious", "should I worry that food keeps going down the wrong way lately?")
    assert "swallowing_difficulty" in result.case.symptoms
    assert result.case.requested_slot is not None and len(result.replies) == 2


def test_onset_belongs_to_the_sign_it_describes():
    result, _ = run(
        [
            (
                "describe_symptoms",
                "my hand got weaker slowly over months, and my eyelid twitching started suddenly yesterday",
            )
        ]
    )
    assert result.case.onsets["weakness"] == "gradual"
    assert result.case.triage_level != "emergency"


def test_a_sign_that_began_hours_ago_counts_as_sudden():
    result, _ = run([("describe_symptoms", "an hour ago my left arm went limp")])
    assert result.case.triage_level == "emergency"


def _confirming(text):
    result, _ = run([("describe_symptoms", text)])
    assert result.case.requested_slot == "confirm_sign"
    return result


def test_a_hedged_sign_is_confirmed_quoting_the_persons_words():
    result = _confirming("calf twitch for 3 days, coffee, not sure my grip is weaker")
    question = result.replies[-1].text
    assert 'You said "' in question and "not sure my grip is weaker" in question
    assert TEXTS.questions["confirm_sign"].signs["weakness"] in question


@pytest.mark.parametrize(
    "intent, text, where",
    [
        ("affirm", "yes", "symptoms"),
        ("deny", "no", "denied_symptoms"),
        ("dont_know", "I don't know", "unsure"),
        ("describe_symptoms", "like I said, not sure my grip is weaker", "symptoms"),
    ],
)
def test_the_answer_to_a_confirmation(intent, text, where):
    before = _confirming("calf twitch for 3 days, coffee, not sure my grip is weaker")
    result = turn(before.case, intent, text)
    assert "weakness" in getattr(result.case, where)
    assert result.case.requested_slot != "confirm_sign"


def test_an_unsure_sign_is_listed_in_the_assessment_and_not_denied():
    result, _ = run(
        [
            ("describe_symptoms", "calf twitch for 3 days, coffee, not sure my grip is weaker"),
            ("dont_know", "I don't know"),
            ("deny", "no"),
        ]
    )
    assert result.case.assessed and "weakness" not in result.case.denied_symptoms
    assert TEXTS.reply("unsure_red_flags") in all_said(result) and "weakness" in all_said(result)


def test_a_message_the_nlu_cannot_read_starts_the_intake():
    result = turn(Case(), "nlu_fallback", "things have been odd with me lately")
    assert result.case.requested_slot == "body_parts"
    assert TEXTS.reply("not_understood") not in result.replies[0].text


@pytest.mark.parametrize("problem", ["gibberish", "other_language", "empty"])
def test_never_two_bare_apologies_in_a_row(problem):
    first = CONVERSATION.take_turn(Case(), "nlu_fallback", [], problem, "asdkjh qwe")
    second = CONVERSATION.take_turn(first.case, "nlu_fallback", [], problem, "zxcv bnm")
    assert len(first.replies) == 1 and first.replies[0].text == TEXTS.fallback(problem)
    assert second.case.requested_slot is not None and len(second.replies) == 2


def test_off_topic_twice_does_not_loop_on_apologies():
    first = CONVERSATION.take_turn(Case(), "out_of_scope", [], None, "tell me a joke")
    second = CONVERSATION.take_turn(first.case, "out_of_scope", [], None, "what's the weather")
    assert first.replies[0].text == TEXTS.reply("out_of_scope") and len(first.replies) == 1
    assert second.case.requested_slot is not None


def test_a_doubtful_start_over_does_not_wipe_the_case():
    before, _ = run([("describe_symptoms", "my hand is weak and my thumb twitches for 5 weeks")])
    assert not CONVERSATION.wants_start_over(before.case, confidence=0.5)
    assert CONVERSATION.wants_start_over(before.case, confidence=0.95) and CONVERSATION.wants_start_over(
        Case(), confidence=0.3
    )


def test_a_corrected_duration_replaces_the_first():
    before, _ = run([("describe_symptoms", "my eyelid has twitched for 4 weeks")])
    after = turn(before.case, "describe_symptoms", "sorry, I meant 4 days, not 4 weeks")
    assert after.case.duration_days == 4


def test_every_sign_the_safety_net_can_raise_has_a_confirmation_question():
    from bot.knowledge import load_knowledge

    knowledge = load_knowledge()
    signs = (knowledge.warning_signs("symptom") | knowledge.warning_signs("body_part")) - {"unspecified_red_flag"}
    assert signs <= set(TEXTS.questions["confirm_sign"].signs)


def test_an_onset_said_in_answer_to_the_onset_question_is_about_the_signs_asked():
    before, _ = run([("describe_symptoms", "my arm is weak and twitching for 3 days"), ("deny", "no")])
    assert before.case.requested_slot == "onset"
    result = turn(before.case, "describe_symptoms", "out of nowhere the paper fell from his hands")
    assert result.case.onsets["weakness"] == "sudden" and result.case.triage_level == "emergency"


def test_a_denial_in_one_clause_does_not_stop_the_net_asking_about_another():
    entities = [
        {"entity": "symptom", "value": "weakness", "role": "denied", "start": 0, "end": 11},
        {"entity": "warning_sign", "value": "weakness", "start": 40, "end": 80},
    ]
    text = "no weakness said the neurologist, but now my right foot slaps the floor when I walk"
    result = CONVERSATION.take_turn(Case(), "describe_symptoms", entities, message=text)
    assert result.case.requested_slot == "confirm_sign" and result.case.confirming == "weakness"
    assert "weakness" in turn(result.case, "affirm", "yes").case.symptoms


def test_a_sign_ruled_out_by_its_confirmation_is_not_asked_again():
    entities = [{"entity": "warning_sign", "value": "weakness", "start": 0, "end": 20}]
    text = "face isn't drooping, smile even, eyelid flickers since Friday"
    first = CONVERSATION.take_turn(Case(), "describe_symptoms", entities, message=text)
    ruled_out = turn(first.case, "deny", "no").case
    again = CONVERSATION.take_turn(ruled_out, "describe_symptoms", entities, message=text)
    assert again.case.confirming != "weakness" and "weakness" in again.case.denied_symptoms


def test_no_to_unable_to_swallow_asks_next_whether_swallowing_is_harder():
    entities = [{"entity": "warning_sign", "value": "unable_to_swallow", "start": 0, "end": 60}]
    text = "Not a big deal probably but I choke on my own saliva at night sometimes"
    first = CONVERSATION.take_turn(Case(), "describe_symptoms", entities, message=text)
    assert first.case.confirming == "unable_to_swallow"
    second = turn(first.case, "deny", "no")
    assert second.case.confirming == "swallowing_difficulty" and "saliva" in second.replies[-1].text
    assert "swallowing_difficulty" in turn(second.case, "affirm", "yes").case.symptoms


def test_a_sign_the_net_found_takes_the_onset_of_its_own_clause():
    text = "my thumb got weaker over months. Then this morning I couldn't swallow my sandwich properly"
    flag = text.index("Then")
    entities = helper_entities(text)
    entities.append({"entity": "warning_sign", "value": "swallowing_difficulty", "start": flag, "end": len(text)})
    result = CONVERSATION.take_turn(Case(), "describe_symptoms", entities, message=text)
    assert result.case.onsets["swallowing_difficulty"] == "sudden" and result.case.triage_level == "emergency"


def test_a_sudden_worsening_after_a_gradual_start_is_an_emergency():
    result, _ = run([("describe_symptoms", "My arm has been getting weaker gradually. Then it suddenly gave way.")])
    assert result.case.onsets["weakness"] == "sudden" and result.case.triage_level == "emergency"


def test_a_bare_time_does_not_date_a_sign_from_an_earlier_turn():
    first, _ = run([("describe_symptoms", "my arm feels weak and my calf twitches")])
    result = turn(first.case, "describe_symptoms", "I usually have coffee at 8.15, then train")
    assert result.case.onsets.get("weakness") != "sudden" and result.case.triage_level != "emergency"


def test_signs_suspected_at_an_emergency_are_named_as_unconfirmed():
    text = "dad's face went funny 10 mins ago and he is slurring, his hand looks odd"
    entities = helper_entities(text) + [{"entity": "warning_sign", "value": "weakness", "start": 0, "end": 30}]
    result = CONVERSATION.take_turn(Case(), "describe_symptoms", entities, message=text)
    assert result.case.triage_level == "emergency" and "weakness" in result.case.unsure
    assert TEXTS.reply("emergency_unconfirmed") in result.replies[0].text and "weakness" in result.replies[0].text


@pytest.mark.parametrize(
    "text, suspected_from, sudden",
    [
        # an onset said of another sign in another sentence does not date the one the net suspects
        (
            "The twitching in my arm started out of the blue 10 days ago. My grip has been letting me down for a year",
            "My grip",
            False,
        ),
        # in the same sentence it does
        ("Out of nowhere my eyelid began twitching, then my hand felt useless on the mouse", "then", True),
    ],
)
def test_the_onset_of_a_sign_the_net_suspects(text, suspected_from, sudden):
    start = text.index(suspected_from)
    entities = helper_entities(text) + [
        {"entity": "warning_sign", "value": "weakness", "start": start, "end": len(text)}
    ]
    result = CONVERSATION.take_turn(Case(), "describe_symptoms", entities, message=text)
    assert "weakness" in result.case.suspected
    assert (result.case.onsets.get("weakness") == "sudden") == sudden


def test_an_id_the_knowledge_does_not_know_never_crashes_and_a_sign_is_never_dropped(caplog):
    """A model trained with other data than the action server's may send an
    id the knowledge lacks: a sign counts as one the person did not name,
    anything else is left out, and the log says to retrain."""
    entities = [
        {"entity": "symptom", "value": "renamed_sign", "start": 0, "end": 5},
        {"entity": "exposure", "value": "renamed_drink", "start": 6, "end": 10},
        {"entity": "symptom", "value": "twitching", "start": 11, "end": 19},
    ]
    result = CONVERSATION.take_turn(Case(), "describe_symptoms", entities, message="weird coke twitching")
    assert "unspecified_red_flag" in result.case.symptoms and result.case.exposures == []
    assert "renamed_sign" in caplog.text and "retrain" in caplog.text
    flagged = CONVERSATION.take_turn(
        Case(),
        "describe_symptoms",
        [{"entity": "warning_sign", "value": "renamed_sign", "start": 0, "end": 4}],
        message="odd",
    )
    assert "unspecified_red_flag" in flagged.case.symptoms
    denied = CONVERSATION.take_turn(
        Case(), "describe_symptoms", [{"entity": "symptom", "value": "renamed_sign", "role": "denied"}], message="no"
    )
    assert denied.case.symptoms == [] and denied.case.denied_symptoms == []  # a denial never raises urgency
    emergency = CONVERSATION.take_turn(Case(), "emergency", entities[:1], message="help", confidence=0.99)
    assert emergency.case.emergency and emergency.replies
