"""bot.channels.without_tensorflow: our model is served without TensorFlow,
a model that needs it is not, and nothing but Rasa's modules is fooled."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.channels.without_tensorflow import model_components, served_model, tensorflow_components
from tests.paths import ROOT

MODEL = ROOT / "models" / "twitch.tar.gz"


def test_our_model_needs_no_tensorflow():
    components = model_components(MODEL)
    assert "bot.nlu.entity_extractor.FindingEntityExtractor" in components
    assert tensorflow_components(components) == []


@pytest.mark.parametrize(
    "component",
    [
        "rasa.nlu.classifiers.diet_classifier.DIETClassifier",
        "rasa.core.policies.ted_policy.TEDPolicy",
        "some_package.MyComponent",
    ],
)
def test_any_other_component_keeps_tensorflow(component):
    assert tensorflow_components(model_components(MODEL) + [component]) == [component]


def test_the_model_is_the_one_rasa_will_serve(tmp_path):
    older, newer = tmp_path / "a.tar.gz", tmp_path / "b.tar.gz"
    older.write_bytes(b"")
    newer.write_bytes(b"")
    os.utime(older, (1_000_000, 1_000_000))  # Rasa serves the newest by modification time
    assert served_model(["-m", str(older)], ROOT) == older
    assert served_model([f"--model={tmp_path}"], ROOT) == newer
    assert served_model(["-m", "no/such/model.tar.gz"], ROOT) is None


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_rasa_loads_and_parses_without_tensorflow_and_others_cannot_import_it():
    result = run_python("""
        import asyncio, sys
        from pathlib import Path
        from bot.channels.without_tensorflow import keep_out
        print(keep_out(["-m", "models/twitch.tar.gz"], Path.cwd(), {}))
        from rasa.core.agent import Agent
        agent = Agent.load("models/twitch.tar.gz")
        print(asyncio.run(agent.parse_message("my eyelid has twitched for 3 days"))["intent"]["name"])
        import thinc.compat
        print("thinc sees tensorflow" if thinc.compat.has_tensorflow else "thinc sees no tensorflow")
        try:
            import tensorflow.python.framework.ops
            print("tensorflow imported")
        except ImportError as error:
            print("refused:", error)
        maps = open("/proc/self/maps").read()
        print("native tensorflow loaded" if "libtensorflow" in maps else "no native tensorflow")
        """)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert "without loading TensorFlow" in lines[0]
    assert "describe_symptoms" in lines
    assert "thinc sees no tensorflow" in lines
    assert any(line.startswith("refused: tensorflow.python is kept out") for line in lines)
    assert "no native tensorflow" in lines


def diet_model(folder: Path) -> Path:
    """An archive whose metadata names DIET (all the checks read)."""
    import json
    import tarfile

    model = folder / "diet.tar.gz"
    with tarfile.open(model, "w:gz") as archive:
        meta = folder / "metadata.json"
        meta.write_text(
            json.dumps(
                {
                    "predict_schema": {
                        "nodes": {"run_DIET": {"uses": "rasa.nlu.classifiers.diet_classifier.DIETClassifier"}}
                    }
                }
            )
        )
        archive.add(meta, "metadata.json")
    return model


def test_rasas_tensorflow_settings_keep_tensorflow():
    from bot.channels.without_tensorflow import keep_out

    assert keep_out(["-m", str(MODEL)], ROOT, {"TF_INTER_OP_PARALLELISM_THREADS": "2"}) is None


def test_a_model_needing_tensorflow_loaded_later_is_refused_clearly(tmp_path):
    result = run_python(f"""
        from pathlib import Path
        from bot.channels.without_tensorflow import keep_out
        print(keep_out(["-m", "models/twitch.tar.gz"], Path.cwd(), {{}}))
        from rasa.core.agent import Agent
        agent = Agent.load("models/twitch.tar.gz")
        try:
            agent.load_model({str(diet_model(tmp_path))!r})  # as PUT /model or a model server would
        except RuntimeError as error:
            print("refused:", error)
        print(agent.model_name)
        """)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (
        "refused: diet.tar.gz needs TensorFlow (rasa.nlu.classifiers.diet_classifier.DIETClassifier)" in result.stdout
    )
    assert result.stdout.splitlines()[-1] == "twitch.tar.gz"  # the served model stays


def test_a_model_that_needs_tensorflow_gets_it(tmp_path):
    model = diet_model(tmp_path)
    result = run_python(f"""
        from pathlib import Path
        from bot.channels.without_tensorflow import keep_out
        print(keep_out(["-m", {str(model)!r}], Path.cwd(), {{}}))
        import tensorflow
        print(hasattr(tensorflow, "__version__") and "real" or "stand-in")
        """)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["None", "real"]


@pytest.mark.servers
def test_the_server_runs_without_tensorflow(assistant):
    rasa = assistant.processes["rasa"]
    assert "libtensorflow" not in Path(f"/proc/{rasa.pid}/maps").read_text()
    assert "without loading TensorFlow" in assistant.log.read_text()
    assert assistant.say("tf-free", "my calf twitches")  # and it still answers
