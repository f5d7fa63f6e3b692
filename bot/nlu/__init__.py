"""NLU components of the twitch assistant (Rasa graph components) and the
plain-Python logic they run. Importing it also installs bot.rasa_speedups
(every trained model loads these components)."""
from bot.rasa_speedups import install

install()
