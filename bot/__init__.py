"""The twitch assistant's own Python package: the cause knowledge module
(`bot.knowledge`, no Rasa imports) and the assistant's NLU components."""
