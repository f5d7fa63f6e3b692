"""Safety and ranking properties over random findings (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge import Findings, assess, load_knowledge, rank_causes

K = load_knowledge()
RANK = K.level_order()
SYMPTOMS = sorted(K.vocabulary["symptom"])
BODY_PARTS = sorted(K.vocabulary["body_part"])
EXPOSURES = sorted(K.vocabulary["exposure"])
RED_FLAGS = [("symptoms", s) for s in K.red_flag_symptoms] + [("body_parts", b) for b in K.red_flag_body_parts]


def subset(ids):
    return st.lists(st.sampled_from(ids), max_size=4, unique=True)


findings_strategy = st.fixed_dictionaries(
    {
        "symptoms": subset(SYMPTOMS),
        "denied_symptoms": subset(SYMPTOMS),
        "body_parts": subset(BODY_PARTS),
        "exposures": subset(EXPOSURES),
        "denied_exposures": subset(EXPOSURES),
        "duration_days": st.none() | st.floats(min_value=0, max_value=1000),
        "onset": st.sampled_from([None, "sudden", "gradual"]),
        "onsets": st.dictionaries(
            st.sampled_from(sorted(K.onset_sensitive)), st.sampled_from(["sudden", "gradual", "unknown"])
        ),
    }
)


def level(findings):
    return RANK[assess(findings).triage_level]


def add(findings, slot, id_):
    return {**findings, slot: sorted(set(findings[slot]) | {id_})}


@settings(max_examples=400, deadline=None)
@given(
    findings_strategy,
    st.sampled_from([("denied_symptoms", s) for s in SYMPTOMS] + [("denied_exposures", e) for e in EXPOSURES]),
)
def test_a_denied_finding_never_raises_the_level(findings, denial):
    assert level(add(findings, *denial)) <= level(findings)


@settings(max_examples=400, deadline=None)
@given(findings_strategy, st.sampled_from(RED_FLAGS))
def test_a_red_flag_never_lowers_the_level_and_is_never_missed(findings, red_flag):
    with_flag = add(findings, *red_flag)
    assert level(with_flag) >= level(findings)
    assert level(with_flag) >= RANK["gp_urgent"]


def rank_of(cause_id, findings):
    ranked = [s.cause.id for s in rank_causes(Findings.from_slots(findings, K.vocabulary), K)]
    return ranked.index(cause_id) if cause_id in ranked else len(K.causes)


# Evidence that counts for a cause at least as much as for any other cause:
# adding it must never push that cause down the ranking.
PRIMARY_EVIDENCE = []
for _slot, _kind, _table in (
    ("symptoms", "symptom", "evidence"),
    ("body_parts", "body_part", "evidence"),
    ("exposures", "exposure", "evidence"),
    ("denied_symptoms", "symptom", "denied_evidence"),
):
    for _cause in K.causes.values():
        for (_k, _id), _w in getattr(_cause, _table).items():
            if _k == _kind and all(getattr(o, _table).get((_k, _id), 0) <= _w for o in K.causes.values()):
                PRIMARY_EVIDENCE.append((_cause.id, _slot, _id))


@settings(max_examples=600, deadline=None)
@given(findings_strategy, st.sampled_from(PRIMARY_EVIDENCE))
def test_adding_evidence_for_a_cause_never_lowers_its_rank(findings, evidence):
    cause_id, slot, id_ = evidence
    opposite = {
        "symptoms": "denied_symptoms",
        "denied_symptoms": "symptoms",
        "exposures": "denied_exposures",
        "body_parts": None,
    }[slot]
    if opposite:  # a contradiction is a correction, not added evidence
        findings = {**findings, opposite: [i for i in findings[opposite] if i != id_]}
    assert rank_of(cause_id, add(findings, slot, id_)) <= rank_of(cause_id, findings)


@settings(max_examples=300, deadline=None)
@given(findings_strategy)
def test_assess_is_deterministic_and_complete(findings):
    first, second = assess(findings), assess(findings)
    assert first == second
    assert first.triage_level in RANK and first.reasons and first.disclaimer
    assert first.triage_level == "emergency" or first.more_urgent_if
