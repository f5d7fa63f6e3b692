"""NLU components of the twitch assistant (Rasa graph components) and the
plain-Python logic they run."""
