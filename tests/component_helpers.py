"""Run our Rasa graph components as Rasa does, without the whole graph:
trained into a LocalModelStorage and loaded back, fed Messages after
Rasa's WhitespaceTokenizer."""

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


def trained(component, storage, config=None):
    """A component trained into `storage` and loaded from it, as `rasa
    train` and then a served model do."""
    config = {**component.get_default_config(), **(config or {})}
    context = ExecutionContext(node_name=component.__name__, graph_schema=GraphSchema({}))
    resource = component.create(config, storage, Resource(component.__name__), context).train(TrainingData())
    return component.load(config, storage, resource, context)


def tokenized(text):
    message = Message(data={TEXT: text})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    return message
