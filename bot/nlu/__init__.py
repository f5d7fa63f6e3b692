"""NLU components of the twitch assistant (Rasa graph components) and the
plain-Python logic they run. The components' modules import
bot.rasa_speedups (every trained model loads them); the logic imports
nothing from Rasa, so the action server can use it without loading Rasa."""
