"""Findings in free text: canonical ids, negation scope, typos, plurals,
brand names and slang; and the lexicon behind it."""

from datetime import date

import pytest
import yaml

from bot.knowledge import load_knowledge
from bot.nlu.extractor import shared_extractor
from tests.paths import SPEC

TODAY = date(2026, 11, 26)


def found(text):
    """(entity, value, 'denied' or '') for each mention, in order."""
    return [(m.entity, m.value, "denied" if m.denied else "") for m in shared_extractor().extract(text, TODAY)]


def statuses(text):
    """{(entity, value): ConText status} of the findings in a message."""
    return {(m.entity, m.value): m.status for m in shared_extractor().extract(text, TODAY) if m.entity != "duration"}


def test_the_contract_example():
    assert found("I've had an eyelid twitch for 3 days, no weakness, and I drink 4 coffees") == [
        ("body_part", "eyelid", ""),
        ("symptom", "twitching", ""),
        ("duration", 3, ""),
        ("symptom", "weakness", "denied"),
        ("exposure", "caffeine", ""),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "no weakness or trouble swallowing",
            [("symptom", "weakness", "denied"), ("symptom", "swallowing_difficulty", "denied")],
        ),
        (
            "I don't drink coffee and my eye twitch is constant",
            [("exposure", "caffeine", "denied"), ("body_part", "eyelid", ""), ("symptom", "twitching", "")],
        ),
        ("I quit smoking years ago", [("exposure", "nicotine", "denied")]),
        ("not weak at all", [("symptom", "weakness", "denied")]),
        (
            "no weakness, numbness, tingling or cramps",
            [
                ("symptom", "weakness", "denied"),
                ("symptom", "numbness", "denied"),
                ("symptom", "tingling", "denied"),
                ("symptom", "cramp", "denied"),
            ],
        ),
        (
            "neither weak nor numb but my tongue twitches",
            [
                ("symptom", "weakness", "denied"),
                ("symptom", "numbness", "denied"),
                ("body_part", "tongue", ""),
                ("symptom", "twitching", ""),
            ],
        ),
        (
            "no fever, no falls, no trouble breathing",
            [
                ("symptom", "fever", "denied"),
                ("symptom", "falls", "denied"),
                ("symptom", "breathing_difficulty", "denied"),
            ],
        ),
        ("twitching without any weakness", [("symptom", "twitching", ""), ("symptom", "weakness", "denied")]),
        (
            "I take sertraline but no adderall",
            [("exposure", "antidepressant", ""), ("exposure", "adhd_medication", "denied")],
        ),
        ("I stopped drinking coffee", [("exposure", "caffeine", "denied")]),
        ("I'm trying to quit smoking", [("exposure", "nicotine", "")]),
        ("my eye keeps jumping, it won't stop", [("body_part", "eyelid", ""), ("symptom", "twitching", "")]),
        (
            "strength is fine, swallowing is normal",
            [("symptom", "weakness", "denied"), ("symptom", "swallowing_difficulty", "denied")],
        ),
        ("dont smoke, dont vape", [("exposure", "nicotine", "denied"), ("exposure", "nicotine", "denied")]),
        ("no, I'm weak in my hand", [("symptom", "weakness", ""), ("body_part", "hand", "")]),
        (
            "I haven't had any falls and I drink espresso",
            [("symptom", "falls", "denied"), ("exposure", "caffeine", "")],
        ),
    ],
)
def test_negation_scope(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my pinky twitches", [("body_part", "finger", ""), ("symptom", "twitching", "")]),
        ("my quad is jumping", [("body_part", "thigh", ""), ("symptom", "twitching", "")]),
        ("five espressos a day", [("exposure", "caffeine", "")]),
        ("pre-workout and red bull", [("exposure", "caffeine", ""), ("exposure", "caffeine", "")]),
        ("vaping", [("exposure", "nicotine", "")]),
        ("had covid", [("exposure", "recent_infection", "")]),
        ("I take Zoloft and Vyvanse", [("exposure", "antidepressant", ""), ("exposure", "adhd_medication", "")]),
        ("twiching in my eylid", [("symptom", "twitching", ""), ("body_part", "eyelid", "")]),
        ("adderal", [("exposure", "adhd_medication", "")]),
        ("my calves and feet", [("body_part", "calf", ""), ("body_part", "foot", "")]),
        ("pins-and-needles", [("symptom", "tingling", "")]),
        ("drinking a lot of coffee", [("exposure", "caffeine", "")]),
        ("I'm a heavy drinker, mostly beer", [("exposure", "alcohol", ""), ("exposure", "alcohol", "")]),
        ("the back of my thigh", [("body_part", "thigh", "")]),
        ("it came back after a while back in my eye", [("body_part", "eyelid", "")]),
        ("side effects of my pills", []),
        ("I lost weight", []),
        ("I fell asleep", []),
        ("what is benign fasciculation syndrome", []),
        ("it came on over a few days", [("onset", "gradual", "")]),
        (
            "all of a sudden my arm went weak",
            [("onset", "sudden", ""), ("body_part", "arm", ""), ("symptom", "weakness", "")],
        ),
        ("I can't open jars like before", [("symptom", "weakness", "")]),
    ],
)
def test_what_people_say(text, expected):
    assert found(text) == expected


def test_offsets_point_at_the_words():
    text = "My LEFT Calf twitches since Monday, no weakness"
    for mention in shared_extractor().extract(text, TODAY):
        assert text[mention.start : mention.end] == mention.text


def test_every_example_of_the_ontology_is_understood():
    ontology = yaml.safe_load((SPEC / "ontology.yml").read_text())
    missed = []
    for kind, ids in ontology["entities"].items():
        for id_, examples in (ids or {}).items():
            for example in examples:
                if (kind, id_, "") not in found(example):
                    missed.append((kind, id_, example, found(example)))
    assert not missed


def test_no_phrase_means_two_things_after_normalisation():
    knowledge = load_knowledge()
    extractor = shared_extractor()
    seen: dict[tuple[str, ...], tuple[str, str]] = {}
    for kind, ids in knowledge.lexicon.items():
        for id_, phrases in ids.items():
            for phrase in phrases:
                key = tuple(t.norm_ for t in extractor._doc(phrase))
                assert seen.setdefault(key, (kind, id_)) == (kind, id_), (phrase, seen[key])


@pytest.mark.parametrize(
    "text, red_flag",
    [
        ("I can't swallow properly", "swallowing_difficulty"),
        ("I choke on water", "swallowing_difficulty"),
        ("my voice sounds slurred", "speech_difficulty"),
        ("hard to get words out", "speech_difficulty"),
        ("I'm losing muscle in my hand", "muscle_wasting"),
        ("my thumb muscle has shrunk", "muscle_wasting"),
        ("I get breathless", "breathing_difficulty"),
        ("I struggle to breathe when lying down", "breathing_difficulty"),
        ("I fell twice", "falls"),
        ("my leg gave out", "falls"),
        ("difficulty walking", "falls"),
        ("I'm stumbling", "falls"),
        ("my foot drags", "weakness"),
        ("can't button my shirt", "weakness"),
        ("I keep dropping my phone", "weakness"),
        ("my legs feel like jelly", "weakness"),
        ("I had a convulsion", "seizure"),
        # told in the past: "couldn't" and "wouldn't" read as "can't" and "won't"
        ("he couldn't grip the cup", "weakness"),
        ("she couldnt get her words out", "speech_difficulty"),
        ("my leg wouldn't lift", "weakness"),
        # found on the training half of the newest batch
        ("my dads face has gone all wonky", "weakness"),
        ("Can't close my right eye properly", "weakness"),
        ("he's talking like his mouths full of marbles", "speech_difficulty"),
    ],
)
def test_red_flags_in_the_words_people_use(text, red_flag):
    """A red flag is never missed: recall over the ways people put them."""
    assert ("symptom", red_flag, "") in found(text)


@pytest.mark.parametrize(
    "text, sign",
    [
        # a scope ends at "though", "but", "except", a new clause, or a comma before any finding
        ("no headache, arms feel weak though", "weakness"),
        ("no pain, my tongue ripples at night", "tongue"),
        ("no weakness in my arms, my tongue twitches", "tongue"),
        ("no cramps but my legs keep giving way", "falls"),
        ("nothing else apart from food going down the wrong way", "swallowing_difficulty"),
        # "anymore" is a loss, not a denial; pseudo-triggers deny nothing
        ("I can't hold a cup anymore", "weakness"),
        ("I've never been this clumsy", "falls"),
        ("not only twitching but also weakness in my hand", "weakness"),
        ("not to mention my words come out slurred", "speech_difficulty"),
        ("no doubt my grip is weaker", "weakness"),
        # "otherwise" and "everything else" end a scope backwards too
        ("my arm is weak everything else is fine", "weakness"),
        ("I keep choking otherwise fine", "swallowing_difficulty"),
        # "never used to" tells of a change
        ("I never used to choke on water but now I do", "swallowing_difficulty"),
        ("I didn't use to trip over things", "falls"),
        # a loss said with its own negation stays a loss before "good" or "fine"
        ("my wife cannot breathe good", "breathing_difficulty"),
        ("he can't speak good since lunch", "speech_difficulty"),
    ],
)
def test_a_present_sign_is_never_read_as_denied(text, sign):
    kind = "body_part" if sign == "tongue" else "symptom"
    assert statuses(text)[(kind, sign)] == "affirmed"


@pytest.mark.parametrize(
    "text, sign, status",
    [
        ("I can't rule out weakness", "weakness", "possible"),
        ("not sure my grip is weaker", "weakness", "possible"),
        ("maybe my speech is slurred", "speech_difficulty", "possible"),
        # a warning sign is denied only by a close negation
        ("I don't have any weakness", "weakness", "denied"),
        ("no trouble swallowing", "swallowing_difficulty", "denied"),
        ("I have not noticed any real weakness", "weakness", "possible"),
        ("what if I get weak?", "weakness", "hypothetical"),
        ("can caffeine lead to trouble swallowing?", "swallowing_difficulty", "hypothetical"),
        ("I had a seizure as a child", "seizure", "historical"),
        # lists of denials (found in review): each "no" covers its own item
        ("no choking, swallowing is fine", "swallowing_difficulty", "denied"),
        ("no fever, no weakness or slurred speech", "speech_difficulty", "denied"),
        ("no weakness, and no trouble swallowing, twitching in my calf", "twitching", "affirmed"),
        # an anaphoric denial leaves the signs named before it unknown
        ("The leaflet said slurred speech is a warning sign. I don't have that.", "speech_difficulty", "possible"),
        ("I see facial droop all day at work and I have none of that myself", "weakness", "possible"),
        (
            "google says trouble swallowing is a red flag, i have none of those thankfully",
            "swallowing_difficulty",
            "possible",
        ),
        # ... only when its clause ends with it, only for the last list named, never for a fear
        ("my arm is weak. none of those happened before", "weakness", "affirmed"),
        ("my arm is weak and my speech is slurred. neither of which I had before", "weakness", "affirmed"),
        ("Weakness in my right arm, no slurred speech or drooping, none of that.", "weakness", "affirmed"),
        ("Weakness in my right arm, no slurred speech or drooping, none of that.", "speech_difficulty", "denied"),
        ("My tongue twitches. Other than that I have none of them.", "twitching", "affirmed"),
        ("My left hand has gone weak. I really hope I don't have that.", "weakness", "affirmed"),
        ("I don't have that twitching, my arm is weak", "twitching", "denied"),
        # "nobody noticed" says it was there; a doubted sign is asked about; "nee" is often a knee
        ("Nobody noticed my arm was weak until I fell over", "weakness", "affirmed"),
        ("he thinks I'm slurring as a joke but I'm not", "speech_difficulty", "possible"),
        ("my left nee is weak and buckles on the stairs", "weakness", "affirmed"),
        # what others have not said; what is done on purpose
        ("nobody seh mi sound funny or slur", "speech_difficulty", "possible"),
        ("been slurring my words on purpose for a tiktok", "speech_difficulty", "possible"),
        # a sign in everyday words beside the exertion that explains it is asked about
        ("Out of breath after sprinting for the bus, was fine a minute later", "breathing_difficulty", "possible"),
        ("breathless on the climb but thats normal for that hill", "breathing_difficulty", "possible"),
        ("I get breathless lying flat and my calves twitch after running", "breathing_difficulty", "affirmed"),
        ("I get out of breath walking to the gym now, never used to", "breathing_difficulty", "affirmed"),
        # a question answered in the message
        ("Am I weaker? No - I tested my grip against my husband's", "weakness", "denied"),
        ("Slurring? No idea", "speech_difficulty", "possible"),
        ("is slurred talk normal with twitching", "speech_difficulty", "affirmed"),
        # "never ... and now" tells of a change: asked, not denied
        (
            "Never had any trouble talking in my life and now I can't say 'statistics' right",
            "speech_difficulty",
            "possible",
        ),
        ("I've never had trouble swallowing", "swallowing_difficulty", "denied"),
    ],
)
def test_context_categories(text, sign, status):
    assert statuses(text)[("symptom", sign)] == status


def test_never_used_to_denies_a_habit_but_not_a_sign():
    assert statuses("I never used to smoke")[("exposure", "nicotine")] == "denied"
    assert statuses("I never used to trip over things")[("symptom", "falls")] == "affirmed"


@pytest.mark.parametrize(
    "text, sign",
    [
        ("my dad suddenly can't get his words out", "speech_difficulty"),
        ("my wife's face is drooping on one side", "weakness"),
        ("she can't catch her breath", "breathing_difficulty"),
        ("his keys slip out of his hand", "weakness"),
    ],
)
def test_reports_about_someone_else_are_findings(text, sign):
    assert statuses(text)[("symptom", sign)] == "affirmed"


def test_a_report_about_someone_else_says_so():
    mentions = shared_extractor().extract("my dad can't get his words out", TODAY)
    assert [m.other_person for m in mentions if m.value == "speech_difficulty"] == [True]


@pytest.mark.parametrize("text", ["my dad drinks espressos all day", "my dad drinks five espressos a day"])
def test_an_amount_keeps_an_exposure_someone_else_has(text):
    """The amount joins what was said ("five espressos"), not whose it is."""
    mentions = shared_extractor().extract(text, TODAY)
    assert [(m.value, m.other_person) for m in mentions if m.entity == "exposure"] == [("caffeine", True)]


@pytest.mark.parametrize(
    "text",
    [
        "I keep fit at the gym",
        "it comes in fits and starts",
        "I only drink weak tea",
        "dropping the kids at school stresses me",
        "I bit my tongue yesterday",
        "I'm confused about whether it's ALS",
        "I fell asleep on the sofa",
        "slip of the tongue",
        "I can't say my grip has changed at all",
    ],
)
def test_words_that_only_look_like_signs(text):
    knowledge = load_knowledge()
    signs = knowledge.warning_signs("symptom") | knowledge.warning_signs("body_part")
    assert not [key for key, status in statuses(text).items() if key[1] in signs and status == "affirmed"]


def test_a_correction_marks_the_denial_as_a_retraction():
    mentions = shared_extractor().extract("sorry, my arm isn't weak, I meant tired", TODAY)
    weakness = next(m for m in mentions if m.value == "weakness")
    assert weakness.denied and weakness.retracts
    assert not next(m for m in shared_extractor().extract("no weakness anywhere else", TODAY)).retracts


@pytest.mark.parametrize(
    "text, sign, onset",
    [
        ("my arm went weak over a few minutes", "weakness", "sudden"),
        ("within the hour my speech was slurred", "speech_difficulty", "sudden"),
        ("out of nowhere I can't swallow properly", "swallowing_difficulty", "sudden"),
        ("this morning it just went, I can't grip anything", "weakness", "sudden"),
        ("within the last half hour his right arm has gone limp", "weakness", "sudden"),
        ("my hand got weaker over months", "weakness", "gradual"),
        ("slowly, food started going down the wrong way", "swallowing_difficulty", "gradual"),
    ],
)
def test_onset_words(text, sign, onset):
    onsets = [(m.value, m.sign) for m in shared_extractor().extract(text, TODAY) if m.entity == "onset"]
    assert (onset, sign) in onsets


def test_an_onset_belongs_to_the_sign_it_describes():
    text = "my arm went weak suddenly, and the twitching crept up slowly over weeks"
    onsets = {m.sign: m.value for m in shared_extractor().extract(text, TODAY) if m.entity == "onset"}
    assert onsets["weakness"] == "sudden" and onsets["twitching"] == "gradual"


@pytest.mark.parametrize(
    "text, sign",
    [
        ("cant open my monster cans anymore my fingers are too weak to get under the tab", "weakness"),
        ("no coffee for a week my hand is weak", "weakness"),
        ("I can type but I cannot speak normally", "speech_difficulty"),
        ("my legs shouldn't give way on the stairs but mine do", "falls"),
        ("I am not walking normally since the weekend", "falls"),
    ],
)
def test_negations_that_do_not_deny_the_sign(text, sign):
    """A new subject after a negated finding ends the negation; a negated
    "normal" is the sign itself."""
    assert statuses(text)[("symptom", sign)] == "affirmed"


def test_a_place_after_a_negated_finding_stays_in_its_scope():
    assert statuses("no weakness in my arms")[("body_part", "arm")] == "denied"


def test_cannot_exclude_is_uncertain():
    assert statuses("cannot exclude weakness in my left foot")[("symptom", "weakness")] == "possible"


def test_a_recent_time_with_no_named_sign_is_an_onset_for_the_message():
    onsets = [
        (m.value, m.sign)
        for m in shared_extractor().extract("twenty minutes ago it all went wrong", TODAY)
        if m.entity == "onset"
    ]
    assert onsets == [("sudden", None)]


@pytest.mark.parametrize(
    "text, ambiguous",
    [
        ("the market fell and my eye twitches", True),
        ("my arm is weak", True),
        ("my keys slip out of my hand", False),
    ],
)
def test_words_that_often_mean_something_else_are_marked(text, ambiguous):
    signs = [m for m in shared_extractor().extract(text, TODAY) if m.entity == "symptom" and m.value != "twitching"]
    assert signs and all(m.ambiguous == ambiguous for m in signs)


def test_an_ignored_phrase_wins_a_tie_with_a_finding():
    assert ("symptom", "seizure") not in statuses("I had a fit of laughter at the wedding")


@pytest.mark.parametrize(
    "text, part",
    [
        ("my arms and legs are in good working order, only my cheek flickers", "leg"),
        ("Mi arms good, mi foot dem good. Is just mi left eye a jump", "foot"),
    ],
)
def test_places_said_to_be_good_are_not_twitching_places(text, part):
    assert statuses(text)[("body_part", part)] == "denied"


def test_a_double_negative_reaches_across_a_long_clause():
    text = "I couldn't tell you the last time I walked to the shops without tripping"
    assert statuses(text)[("symptom", "falls")] == "affirmed"


@pytest.mark.parametrize(
    "text, days",
    [
        ("started vaping about a month ago and now my thumb twitches a lot, been like 10 days", [10.0]),
        # a clause with no finding at all may speak of the sign: it stays
        ("My hand went weak, it's been 3 hours now, and my calf has twitched for 2 weeks", [0.125, 14.0]),
        ("My hand went weak. It's been 3 hours now", [0.125]),
        ("Calf twitches for years. My hand went dead. It's been 30 min", [730, 0.0208]),
        # a sentence with no finding gives way to one with a finding
        ("Twins arrived six weeks ago. There's a twitch in my bicep that comes and goes, last four days or so", [4]),
        ("My dad had a stroke ten years ago and made a full recovery. Now my eyelid has twitched for 3 days", [3]),
        # ... unless it points back at one
        ("My grip is weak. It has been going on for 2 years honestly. My calf has twitched for 2 days.", [730, 2]),
    ],
)
def test_durations_of_something_else_give_way_to_the_findings(text, days):
    assert [m.value for m in shared_extractor().extract(text, TODAY) if m.entity == "duration"] == days


@pytest.mark.parametrize(
    "text, places",
    [
        ("I can get up off the floor without using my hands. Thighs twitch after squats", {"thigh"}),
        ("My eyelid twitches. My calf does it too.", {"eyelid", "calf"}),
        ("My eyelid twitches. My calf.", {"eyelid", "calf"}),
        ("Twitching for 3 weeks. Left calf, right thigh.", {"calf", "thigh"}),  # no sentence says where
    ],
)
def test_a_place_mentioned_in_passing_is_not_another_twitching_place(text, places):
    assert {m.value for m in shared_extractor().extract(text, TODAY) if m.entity == "body_part"} == places


def test_places_that_work_are_not_twitching_places_but_work_is_no_denial():
    assert statuses("Arms work, legs work. Twitch in my big toe")[("body_part", "leg")] == "denied"
    assert statuses("my left side went weak out of nowhere at work")[("symptom", "weakness")] == "affirmed"


def test_a_denial_that_negates_itself_stays_a_denial():
    assert statuses("no falls, no weakness, no muscle loss")[("symptom", "muscle_wasting")] == "denied"


def test_each_no_of_a_list_covers_its_own_item():
    found = statuses("no weakness, no trouble swallowing, twitching in my calf for 3 days")
    assert found[("symptom", "swallowing_difficulty")] == "denied" and found[("symptom", "twitching")] == "affirmed"
    assert statuses("no weakness, numbness or tingling")[("symptom", "tingling")] == "denied"


def test_work_is_no_denial_of_the_tongue():
    assert statuses("my tongue twitches at work")[("body_part", "tongue")] == "affirmed"


def test_a_bare_time_no_named_sign_claims_is_marked_recent():
    onsets = [
        m
        for m in shared_extractor().extract("It happened at 8.05. My foot went odd on the brake", TODAY)
        if m.entity == "onset"
    ]
    assert [(m.value, m.sign, m.recent) for m in onsets] == [("sudden", None, True)]


@pytest.mark.parametrize(
    "text, sign",
    [
        ("Within one hour my hand became completely weak", "weakness"),
        ("By about 3 o'clock my speech was slurred", "speech_difficulty"),
        ("in about 20 minutes my arm went completely weak", "weakness"),
        ("by 8 my hand was weak", "weakness"),
        ("came on at lunch, my mouth droops", "weakness"),
        ("like 10 mins ago my hand went weird?? cant grip the controller", "weakness"),
        ("It was 6.40 when it happened. The right side of my mouth went slack", "weakness"),
        ("My speech was slurred at the start of the Zoom at 9. It's a bit better now", "speech_difficulty"),
        ("gran can't move her left leg. happened at 4pm", "weakness"),
        ("my left side went weak out of nowhere at work", "weakness"),
        # "about" before a meal or a bare hour; an hour with am or pm alone
        ("my right arm's gone heavy and won't lift the kettle, been like that since about teatime", "weakness"),
        ("my brother says at around 10 she couldn't lift her right arm", "weakness"),
        ("At the start of my shift (10pm) my left foot started catching and now I can't lift the toes", "weakness"),
        ("Between putting the kettle on and pouring it my mouth went lopsided. Literally minutes.", "weakness"),
        ("My arm went weak after 20 minutes on the treadmill and it's still weak", "weakness"),
        # well earlier the same day
        ("Nanay was fine when I left for work, now she couldn't lift her right arm", "weakness"),
        ("She can't get her left hand to do buttons. She was normal when we went to bed.", "weakness"),
    ],
)
def test_a_time_earlier_today_or_a_short_span_makes_a_sign_sudden(text, sign):
    """A time of day in its everyday forms, or a short span, in the sign's
    sentence or beside it."""
    onsets = [(m.value, m.sign) for m in shared_extractor().extract(text, TODAY) if m.entity == "onset"]
    assert ("sudden", sign) in onsets


@pytest.mark.parametrize(
    "text",
    [
        "at 16 I started smoking and my arm is weak",
        "I lift 5 kg at 10 reps and my arm is weak",
        "my voice has been slurred for ages. I weigh 11.50 stone.",
        "my hands are weak, I drink around 4 espressos a day",
        "my arm feels weak, my GP appointment is in 2 hours",
        "it cost £6.40 and my arm is weak",
        "rate it 7 out of 10, my arm is weak",
        "over 48 hours my arm got weak",
        "my temp is 38.5 and my arm is weak",
        # an age before "am I", working hours
        "I'm 35 am I too young for ALS? my grip has been getting weaker",
        "I work 9am to 5pm and my arm is weak",
    ],
)
def test_ages_amounts_prices_and_spans_ahead_are_no_time_of_day(text):
    assert not [m for m in shared_extractor().extract(text, TODAY) if m.entity == "onset" and m.value == "sudden"]
